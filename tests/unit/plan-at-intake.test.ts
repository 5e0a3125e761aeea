import { describe, expect, it } from "vitest";
import type { Channel } from "@/lib/db/schema";
import { planAtIntake, type IntakeRecipient, type IntakeRequest } from "@/lib/send/deliver-at-intake";

const type: Parameters<typeof planAtIntake>[0]["type"] = {
  id: "00000000-0000-4000-8000-000000000001",
  key: "comment.created",
  defaultChannels: ["in_app", "email"] as Channel[],
  critical: false,
  escalation: null,
  templateSettings: {},
};
const recipient = (over: Partial<IntakeRecipient> = {}): IntakeRecipient => ({
  id: "10000000-0000-4000-8000-000000000001",
  externalId: "alice",
  name: "Alice",
  email: null,
  phone: null,
  locale: "en",
  pushTokens: 0,
  webhooks: 0,
  preferences: { global: {}, type: {} },
  quietHours: null,
  ...over,
});
const request = (over: Partial<IntakeRequest> = {}): IntakeRequest => ({
  priority: "normal",
  data: { who: "Bob" },
  content: { in_app: { title: "{{ who }} for {{ recipient.name }}" } },
  channels: ["in_app"],
  sendAt: null,
  ...over,
});
const plan = (over: { request?: Partial<IntakeRequest>; recipient?: Partial<IntakeRecipient>; type?: Partial<typeof type>; templates?: Parameters<typeof planAtIntake>[0]["templates"] } = {}) =>
  planAtIntake({
    type: { ...type, ...over.type },
    request: request(over.request),
    recipients: [recipient(over.recipient)],
    templates: over.templates ?? [],
    now: new Date("2026-12-02T12:00:00Z"),
  });
const deliveries = (w: ReturnType<typeof plan>) => w.deliveries.map((d) => [d.channel, d.status]);

describe("planAtIntake", () => {
  it("in-app only: the item is rendered, delivered and the notification is final, with no run", () => {
    const w = plan();
    expect(w.notifications).toMatchObject([{ status: "delivered", final: true }]);
    expect(w.inbox).toMatchObject([{ title: "Bob for Alice", body: null, action_url: null, actions: [] }]);
    expect(deliveries(w)).toEqual([["in_app", "delivered"]]);
    expect(w.events.map((e) => e.status)).toEqual(["queued", "delivered"]);
    expect(w.needRun).toEqual([]);
    // Each delivery's timeline is in order.
    expect(w.events.map((e) => e.seq)).toEqual([...w.events.map((e) => e.seq)].sort((a, b) => a - b));
  });

  it("another channel to send: in-app is written now, the rest is the run's", () => {
    const w = plan({ request: { channels: ["in_app", "email"] }, recipient: { email: "a@example.com" } });
    expect(w.notifications).toMatchObject([{ status: "accepted", final: false }]);
    expect(deliveries(w)).toEqual([["in_app", "delivered"]]);
    expect(w.needRun).toEqual([w.notifications[0]!.id]);
  });

  it("another channel the plan skips: recorded now, and the notification is final", () => {
    const w = plan({ request: { channels: ["in_app", "email", "sms"] } });
    expect(w.notifications).toMatchObject([{ status: "delivered", final: true }]);
    expect(deliveries(w)).toEqual([["in_app", "delivered"], ["email", "skipped"], ["sms", "skipped"]]);
    expect(w.events.filter((e) => e.status === "skipped").map((e) => e.reason)).toEqual(["no_email", "no_phone"]);
    expect(w.needRun).toEqual([]);
  });

  it("in-app switched off: skipped with why; a critical type delivers anyway", () => {
    const off = plan({ recipient: { preferences: { global: { in_app: false }, type: {} } } });
    expect(off.notifications).toMatchObject([{ status: "skipped", final: true }]);
    expect(off.inbox).toEqual([]);
    expect(off.events.at(-1)).toMatchObject({ status: "skipped", reason: "channel_disabled" });
    const critical = plan({ type: { critical: true }, recipient: { preferences: { global: { in_app: false }, type: { in_app: false } } } });
    expect(critical.notifications).toMatchObject([{ status: "delivered", final: true }]);
  });

  it("a scheduled notification, an escalation, content that does not render, or no content: left to the run", () => {
    const scheduled = plan({ request: { sendAt: "2026-12-03T00:00:00Z" } });
    expect(scheduled.notifications).toMatchObject([{ status: "scheduled", final: false }]);
    expect(scheduled.deliveries).toEqual([]);
    expect(scheduled.needRun).toHaveLength(1);

    const escalating = plan({
      request: { channels: null },
      type: { defaultChannels: ["in_app"], escalation: { after: "15m", channels: ["email"] } },
      recipient: { email: "a@example.com" },
    });
    expect(deliveries(escalating)).toEqual([["in_app", "delivered"]]);
    expect(escalating.needRun).toHaveLength(1);

    const broken = plan({ request: { content: { in_app: { title: "{{ missing }}" } } } });
    expect(broken.inbox).toEqual([]);
    expect(broken.deliveries).toEqual([]);
    expect(broken.needRun).toHaveLength(1);

    const none = plan({ request: { content: {} } });
    expect(none.needRun).toHaveLength(1);
  });

  it("templates: the recipient's locale, then its language, then the type's default — newest first", () => {
    const templates = [
      { locale: "de", channel: "in_app" as const, content: { title: "Neu von {{ who }}" } },
      { locale: "en", channel: "in_app" as const, content: { title: "New from {{ who }}" } },
      { locale: "de", channel: "in_app" as const, content: { title: "Alt" } },
    ];
    expect(plan({ request: { content: {} }, recipient: { locale: "de-AT" }, templates }).inbox[0]!.title).toBe("Neu von Bob");
    expect(plan({ request: { content: {} }, recipient: { locale: "fr" }, templates }).inbox[0]!.title).toBe("New from Bob");
    // Inline content wins over templates.
    expect(plan({ recipient: { locale: "de" }, templates }).inbox[0]!.title).toBe("Bob for Alice");
  });

  it("many recipients: one row each, in order, every id distinct", () => {
    const w = planAtIntake({
      type,
      request: request(),
      recipients: Array.from({ length: 50 }, (_, i) => recipient({ id: `10000000-0000-4000-8000-${String(i).padStart(12, "0")}`, externalId: `r${i}`, name: `R${i}` })),
      templates: [],
      now: new Date(),
    });
    expect(w.notifications.map((n) => n.recipient_id)).toEqual(w.inbox.map((i) => i.recipient_id));
    expect(new Set(w.notifications.map((n) => n.id)).size).toBe(50);
    expect(new Set(w.deliveries.map((d) => d.idempotency_key)).size).toBe(50);
    expect(w.inbox[7]!.title).toBe("Bob for R7");
  });
});
