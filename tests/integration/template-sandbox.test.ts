import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listInboxPage } from "@/lib/db/queries/inbox";
import { acceptNotifications } from "@/lib/send/accept-notifications";
import { sendNotificationEvents } from "@/inngest/send-notification-events";
import { previewTemplate } from "@/lib/templates/save-template";
import { apiErrorOf } from "../support/api-error-of";
import { startAppRuntime } from "../support/app-runtime";
import { testDatabaseKinds } from "../support/databases";
import { waitForNotification } from "../support/executor-harness";

const ALICE = "a1111111-1111-4111-8111-111111111111";

describe.each(testDatabaseKinds())("template sandbox on %s", (kind) => {
  let app: Awaited<ReturnType<typeof startAppRuntime>>;
  beforeAll(async () => {
    app = await startAppRuntime(kind);
  });
  afterAll(() => app.stop());

  const send = (body: unknown, idempotencyKey?: string) => acceptNotifications(app.db, body, { scope: "test", idempotencyKey, send: sendNotificationEvents });
  const counts = async () => {
    const [row] = await app.database.query<Record<string, number>>(
      `select (select count(*)::int from notifications) as notifications, (select count(*)::int from recipients) as recipients,
              (select count(*)::int from idempotency_keys) as idempotency_keys, (select count(*)::int from inbox_items) as inbox_items`,
    );
    return row!;
  };

  it.each([
    ["an include of a server file", { in_app: { title: "t", body: "{% include 'package.json' %}" } }, "content.in_app.body", /line 1, column 1: .*not available/],
    ["an unclosed if", { email: { subject: "Hi", html: "<p>\n  {% if vip %}VIP</p>" } }, "content.email.html", /line 2, column 3: .*not closed/],
    ["text that merely contains {{ }}", { sms: { body: "Use {{ }} to insert a value" } }, "content.sms.body", /line 1, column \d+: /],
    ["a render with a relative path", { push: { title: "{% render '../.env' %}" } }, "content.push.title", /not available/],
  ])("refuse inline content with %s as 422 naming the field, and write nothing", async (_name, content, path, message) => {
    const before = await counts();
    const error = await apiErrorOf(send({ to: [{ id: "sandbox-new", email: "new@example.com" }], content, channels: ["in_app"] }, `sandbox-${path}`));
    expect(error.status).toBe(422);
    expect(error.issues).toEqual([{ path, message: expect.stringMatching(message) }]);
    expect(error.message).toMatch(new RegExp(`^${path.replace(/\./g, "\\.")}: line \\d+, column \\d+: `));
    expect(await counts()).toEqual(before);
  });

  it("fail a delivery whose body renders past its limit with a clear reason, and cut a long title", async () => {
    const long = await send({ to: ["alice"], channels: ["in_app"], content: { in_app: { title: "{{ t }}", body: "{{ b }}" } }, data: { t: "t", b: "b".repeat(6000) } });
    const failedId = long.accepted.notifications[0]!.id;
    expect(await waitForNotification(app.database, failedId)).toBe("failed");
    const events = await app.database.query<{ status: string; reason: string | null; provider_code: string | null }>(
      "select e.status, e.reason, e.provider_code from delivery_events e join deliveries d on d.id = e.delivery_id where d.notification_id = $1 order by e.id",
      [failedId],
    );
    expect(events.at(-1)).toEqual({ status: "failed", reason: "template: body: renders to 6,000 characters; at most 5,000 are allowed", provider_code: "template_error" });

    const titled = await send({ to: ["alice"], channels: ["in_app"], content: { in_app: { title: "{{ t }}" } }, data: { t: "x".repeat(400) } });
    const titledId = titled.accepted.notifications[0]!.id;
    expect(await waitForNotification(app.database, titledId)).toBe("delivered");
    const page = await listInboxPage(app.db, ALICE, { limit: 5 });
    expect(page.items.find((i) => i.notificationId === titledId)?.title).toBe(`${"x".repeat(299)}…`);
  });

  it("stop a runaway loop at delivery with the reason in the timeline", async () => {
    const { accepted } = await send({
      to: ["alice"],
      channels: ["in_app"],
      content: { in_app: { title: "{% for a in (1..1000) %}{% for b in (1..1000) %}x{% endfor %}{% endfor %}" } },
    });
    const id = accepted.notifications[0]!.id;
    expect(await waitForNotification(app.database, id)).toBe("failed");
    const [event] = await app.database.query<{ reason: string }>(
      "select e.reason from delivery_events e join deliveries d on d.id = e.delivery_id where d.notification_id = $1 and e.status = 'failed'",
      [id],
    );
    expect(event!.reason).toMatch(/^template: title 1:\d+ the template (builds too much|took longer than \d+ ms)/);
  });

  it("preview applies the same sandbox", async () => {
    const error = await apiErrorOf(Promise.resolve().then(() => previewTemplate({ channel: "in_app", content: { title: "{% include 'package.json' %}" } })));
    expect(error).toMatchObject({ status: 422, issues: [{ path: "content.title", message: expect.stringMatching(/not available/) }] });
    const tooLong = await apiErrorOf(Promise.resolve().then(() => previewTemplate({ channel: "sms", content: { body: "{{ b }}" }, data: { b: "b".repeat(1601) } })));
    expect(tooLong).toMatchObject({ status: 422, message: "content.body: renders to 1,601 characters; at most 1,600 are allowed" });
  });
});
