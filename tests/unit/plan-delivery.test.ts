import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { channels, priorities, type Channel } from "@/lib/db/schema";
import { planDelivery, requestedChannels, type PlanInput } from "@/lib/notifications/plan-delivery";
import { quietHoursEnd } from "@/lib/notifications/quiet-hours";

const channel = fc.constantFrom(...channels);
const switches = fc.dictionary(channel, fc.boolean()) as fc.Arbitrary<Partial<Record<Channel, boolean>>>;
const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
const zone = fc.constantFrom("UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham");

const input: fc.Arbitrary<PlanInput> = fc.record({
  type: fc.record({
    key: fc.constant("t"),
    defaultChannels: fc.uniqueArray(channel, { minLength: 1 }),
    critical: fc.boolean(),
    escalation: fc.option(fc.record({ after: fc.constant("15m"), channels: fc.uniqueArray(channel, { minLength: 1 }) }), { nil: null }),
  }),
  priority: fc.constantFrom(...priorities),
  channels: fc.option(fc.uniqueArray(channel), { nil: null }),
  recipient: fc.record({
    email: fc.option(fc.constant("a@example.com"), { nil: null }),
    phone: fc.option(fc.constant("+14155550101"), { nil: null }),
    pushTokens: fc.nat({ max: 3 }),
    webhook: fc.boolean(),
  }),
  preferences: fc.record({ global: switches, type: switches }),
  quietHours: fc.option(fc.record({ enabled: fc.boolean(), start: hhmm, end: hhmm, timezone: zone }), { nil: null }),
  now: fc.date({ min: new Date("2026-01-01T00:00:00Z"), max: new Date("2027-12-31T00:00:00Z"), noInvalidDate: true }),
});

describe("delivery planner (properties)", () => {
  it("never plans an opted-out or switched-off channel unless the type is critical", () => {
    fc.assert(
      fc.property(input, (i) => {
        for (const plan of planDelivery(i).channels) {
          const off = i.preferences.global[plan.channel] === false || i.preferences.type[plan.channel] === false;
          if (off && !i.type.critical) expect(plan.action).toBe("skip");
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("sends a critical type on every channel that has an address, whatever the preferences", () => {
    fc.assert(
      fc.property(input, (i) => {
        fc.pre(i.type.critical);
        for (const plan of planDelivery(i).channels) {
          if (plan.action === "skip") expect(plan.reason).toMatch(/^no_/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("never delays critical notifications for quiet hours", () => {
    fc.assert(
      fc.property(input, (i) => {
        fc.pre(i.type.critical || i.priority === "critical");
        for (const plan of planDelivery(i).channels) if (plan.action === "send") expect(plan.notBefore).toBeNull();
      }),
      { numRuns: 1000 },
    );
  });

  it("never plans SMS without a phone, email without an address, push without a token", () => {
    fc.assert(
      fc.property(input, (i) => {
        for (const plan of planDelivery(i).channels) {
          if (plan.action !== "send") continue;
          if (plan.channel === "sms") expect(i.recipient.phone).not.toBeNull();
          if (plan.channel === "email") expect(i.recipient.email).not.toBeNull();
          if (plan.channel === "push") expect(i.recipient.pushTokens).toBeGreaterThan(0);
          if (plan.channel === "webhook") expect(i.recipient.webhook).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("decides each requested channel exactly once, and only requested or escalation channels", () => {
    fc.assert(
      fc.property(input, (i) => {
        const plan = planDelivery(i);
        const requested = requestedChannels(i);
        for (const c of i.channels?.length ? i.channels : i.type.defaultChannels) expect(requested).toContain(c);
        const names = plan.channels.map((p) => p.channel);
        expect(new Set(names).size).toBe(names.length);
        for (const c of requested) expect(names).toContain(c);
        for (const p of plan.channels) {
          if (p.stage === "escalation") expect(i.type.escalation?.channels).toContain(p.channel);
          else expect(requested).toContain(p.channel);
        }
        expect(plan.escalationAfter !== null).toBe(plan.channels.some((p) => p.stage === "escalation"));
      }),
      { numRuns: 2000 },
    );
  });

  it("holds back only email, SMS and push, and only until a moment within a day", () => {
    fc.assert(
      fc.property(input, (i) => {
        for (const plan of planDelivery(i).channels) {
          if (plan.action !== "send" || !plan.notBefore) continue;
          expect(["email", "sms", "push"]).toContain(plan.channel);
          expect(plan.notBefore.getTime()).toBeGreaterThan(i.now.getTime());
          expect(plan.notBefore.getTime() - i.now.getTime()).toBeLessThanOrEqual(25 * 3_600_000);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("quiet hours", () => {
  const q = (start: string, end: string, timezone = "Europe/Berlin") => ({ enabled: true, start, end, timezone });
  it("end at the window's end, across midnight and in the recipient's zone", () => {
    // 23:30 in Berlin (UTC+1 in November) is inside 22:00–07:00; it ends 07:00 Berlin = 06:00 UTC.
    expect(quietHoursEnd(q("22:00", "07:00"), new Date("2026-11-21T22:30:00Z"))?.toISOString()).toBe("2026-11-22T06:00:00.000Z");
    // 05:00 Berlin, after midnight, same window, same morning.
    expect(quietHoursEnd(q("22:00", "07:00"), new Date("2026-11-22T04:00:00Z"))?.toISOString()).toBe("2026-11-22T06:00:00.000Z");
    expect(quietHoursEnd(q("22:00", "07:00"), new Date("2026-11-22T12:00:00Z"))).toBeNull();
    expect(quietHoursEnd(q("12:00", "14:00", "America/Los_Angeles"), new Date("2026-07-01T20:00:00Z"))?.toISOString()).toBe("2026-07-01T21:00:00.000Z");
  });
  it("respect DST: the end is the local wall time on the changeover night", () => {
    // Europe/Berlin springs forward on 2026-03-29; 07:00 local is then 05:00 UTC.
    expect(quietHoursEnd(q("22:00", "07:00"), new Date("2026-03-28T23:00:00Z"))?.toISOString()).toBe("2026-03-29T05:00:00.000Z");
  });
  it("are off when disabled, empty or in an unknown zone", () => {
    const now = new Date("2026-11-21T22:30:00Z");
    expect(quietHoursEnd({ ...q("22:00", "07:00"), enabled: false }, now)).toBeNull();
    expect(quietHoursEnd(q("07:00", "07:00"), now)).toBeNull();
    expect(quietHoursEnd(q("22:00", "07:00", "Mars/Olympus"), now)).toBeNull();
  });
});
