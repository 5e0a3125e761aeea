import { describe, expect, it } from "vitest";
import { retryDelayMs } from "@/inngest/executor/backoff";
import { parseRetryAfter } from "@/lib/channels/provider-error";
import { nextCronTime } from "@/inngest/executor/cron";
import { durationToMs, sleepUntil } from "@/inngest/executor/durations";
import { evaluateExpression, matchKeyOf, matchesCondition } from "@/inngest/executor/expressions";

describe("executor helpers", () => {
  it("follow Inngest's backoff table with up to 30 s of jitter, and let Retry-After win", () => {
    expect(retryDelayMs(0, { random: () => 0 })).toBe(15_000);
    expect(retryDelayMs(2, { random: () => 0.5 })).toBe(60_000 + 15_000);
    expect(retryDelayMs(99, { random: () => 0 })).toBe(7_200_000);
    expect(retryDelayMs(0, { random: () => 0, scale: 0.001 })).toBe(15);
    expect(retryDelayMs(0, { retryAfterMs: 1234 })).toBe(1234);
    expect(parseRetryAfter("30")).toBe(30_000);
    expect(parseRetryAfter(new Date(Date.now() + 5_000).toUTCString())).toBeGreaterThan(3_000);
    expect(parseRetryAfter("86400")).toBe(3_600_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
  });

  it("parse Inngest durations and sleepUntil dates, refusing anything else", () => {
    expect(durationToMs("1m30s")).toBe(90_000);
    expect(durationToMs("1w2d")).toBe(9 * 86_400_000);
    expect(durationToMs("250ms")).toBe(250);
    expect(() => durationToMs("soon")).toThrow(/Not a duration/);
    expect(() => durationToMs("5 minutes")).toThrow();
    expect(sleepUntil("2030-01-01T00:00:00.000Z")).toBe(Date.parse("2030-01-01T00:00:00.000Z"));
    expect(sleepUntil("10s", 1_000)).toBe(11_000);
  });

  it("evaluate CEL the way Inngest's expressions read", () => {
    const vars = { event: { data: { user: "u1", n: 3 } }, async: { data: { user: "u1", amount: 2.5 } } };
    expect(matchesCondition("event.data.user == async.data.user", vars)).toBe(true);
    expect(matchesCondition("event.data.n == 3 && async.data.amount > 2", vars)).toBe(true);
    expect(matchesCondition("event.data.missing == 'x'", vars)).toBe(false);
    expect(matchesCondition(null, vars)).toBe(true);
    expect(evaluateExpression("event.data.user + '-' + string(event.data.n)", vars)).toBe("u1-3");
  });

  it("compute the next cron time, with an optional time zone", () => {
    const after = new Date("2026-11-21T10:02:00Z");
    expect(nextCronTime("*/5 * * * *", after).toISOString()).toBe("2026-11-21T10:05:00.000Z");
    expect(nextCronTime("TZ=Europe/Paris 0 9 * * *", after).toISOString()).toBe("2026-11-22T08:00:00.000Z");
  });

  it("take an index key from a match expression only where the key must hold for it to be true", () => {
    expect(matchKeyOf("event.data.id == async.data.id")).toEqual({ eventPath: ["data", "id"], asyncPath: ["data", "id"] });
    expect(matchKeyOf("async.data.ref == event.data.notificationId && async.data.ok == true")).toEqual({
      eventPath: ["data", "notificationId"],
      asyncPath: ["data", "ref"],
    });
    expect(matchKeyOf("event.data.id == async.data.id || async.data.all")).toBeNull();
    expect(matchKeyOf("!(event.data.id == async.data.id)")).toBeNull();
    expect(matchKeyOf("async.data.id == 'x'")).toBeNull();
    expect(matchKeyOf("event.data.a == event.data.b")).toBeNull();
    expect(matchKeyOf(null)).toBeNull();
  });
});
