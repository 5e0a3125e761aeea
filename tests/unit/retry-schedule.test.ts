import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";
import { describeDuration } from "@/lib/parse-duration";
import { DEFAULT_RETRY_SCHEDULE, deferralWake, describeAttempts, nextAttemptAt, parseRetrySchedule, retriesFor, retrySchedulesFrom } from "@/lib/send/retry-schedule";

const problemsOf = (source: Record<string, string>) => {
  try {
    parseEnv(source);
  } catch (error) {
    return (error as EnvError).problems;
  }
  throw new Error("expected parseEnv to fail");
};

describe("retry schedules", () => {
  it("defaults to Standard Webhooks' schedule: ten attempts over about three days", () => {
    const schedule = parseRetrySchedule(DEFAULT_RETRY_SCHEDULE);
    expect(schedule).toHaveLength(10);
    expect(schedule.slice(0, 4)).toEqual([0, 5_000, 300_000, 1_800_000]);
    const total = schedule.reduce((a, b) => a + b, 0);
    expect(describeDuration(total)).toBe("3d 3h");
    expect(describeAttempts(schedule, 10)).toBe("10 attempts over 3d 3h");
    expect(retriesFor(retrySchedulesFrom(parseEnv({})))).toBe(9);
  });

  it("is configured per channel, falling back to the shared schedule, and refuses what cannot work", () => {
    const env = parseEnv({ HERALD_RETRY_SCHEDULE: "0,50ms,100ms", HERALD_RETRY_SCHEDULE_WEBHOOK: "0, 1s, 1m, 1h, 1d" });
    const schedules = retrySchedulesFrom(env);
    expect(schedules.email).toEqual([0, 50, 100]);
    expect(schedules.webhook).toEqual([0, 1_000, 60_000, 3_600_000, 86_400_000]);
    expect(retriesFor(schedules)).toBe(4);

    expect(problemsOf({ HERALD_RETRY_SCHEDULE: "5s,5m" })).toEqual([{ variable: "HERALD_RETRY_SCHEDULE", message: "the first attempt is immediate: start the schedule with 0" }]);
    expect(problemsOf({ HERALD_RETRY_SCHEDULE_SMS: "0,soon" })[0]).toMatchObject({ variable: "HERALD_RETRY_SCHEDULE_SMS", message: expect.stringContaining('"soon" is not a duration') });
    expect(problemsOf({ HERALD_RETRY_SCHEDULE_EMAIL: Array(22).fill("0").join(",") })[0]?.message).toMatch(/at most 21 attempts/);
    expect(problemsOf({ HERALD_RETRY_SCHEDULE_PUSH: "0,8d" })[0]?.message).toBe("each wait is at most 7d");
  });

  it("disables webhook endpoints after a duration of failing, not a count of failures", () => {
    expect(parseEnv({}).WEBHOOK_DISABLE_AFTER).toBe(5 * 86_400_000);
    expect(parseEnv({ WEBHOOK_DISABLE_AFTER: "36h" }).WEBHOOK_DISABLE_AFTER).toBe(36 * 3_600_000);
    expect(problemsOf({ WEBHOOK_DISABLE_AFTER: "a while" })[0]).toEqual({ variable: "WEBHOOK_DISABLE_AFTER", message: "expected a duration like 30s, 5m, 2h or 5d" });
    expect(problemsOf({ WEBHOOK_DISABLE_AFTER_FAILURES: "20" })[0]).toMatchObject({ variable: "WEBHOOK_DISABLE_AFTER_FAILURES", message: expect.stringContaining("replaced by WEBHOOK_DISABLE_AFTER") });
  });

  it("waits the schedule's time plus at most 10 % jitter, or a provider's Retry-After when that is later (capped at an hour)", () => {
    const schedule = parseRetrySchedule("0,5s,5m,2h");
    const now = 1_000_000;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), fc.option(fc.integer({ min: 0, max: 10 * 3_600_000 })), (attempt, r, retryAfterMs) => {
        const at = nextAttemptAt(schedule, attempt, { now, random: () => r, retryAfterMs: retryAfterMs ?? undefined })!.getTime() - now;
        const wait = schedule[attempt + 1]!;
        expect(at).toBeGreaterThanOrEqual(wait);
        expect(at).toBeLessThanOrEqual(Math.max(Math.ceil(wait * 1.1), Math.min(retryAfterMs ?? 0, 3_600_000)));
        if (retryAfterMs !== null) expect(at).toBeGreaterThanOrEqual(Math.min(retryAfterMs, 3_600_000));
      }),
    );
    expect(nextAttemptAt(schedule, 0, { now, random: () => 0, retryAfterMs: 30_000 })!.getTime() - now).toBe(30_000);
    // The last attempt has nothing after it.
    expect(nextAttemptAt(schedule, 3, { now })).toBeNull();
  });

  it("a send waiting for an open circuit wakes at the probe, then no more often than a doubling interval up to 15 minutes", () => {
    const now = 0;
    const probe = new Date(30_000);
    expect(deferralWake(new Date(5_000), 0, 30_000, now).getTime()).toBe(5_000);
    expect(deferralWake(probe, 1, 30_000, now).getTime()).toBe(30_000);
    expect(deferralWake(probe, 2, 30_000, now).getTime()).toBe(60_000);
    expect(deferralWake(probe, 4, 30_000, now).getTime()).toBe(240_000);
    expect(deferralWake(probe, 40, 30_000, now).getTime()).toBe(15 * 60_000);
    expect(deferralWake(new Date(3_600_000), 2, 30_000, now).getTime()).toBe(3_600_000);
    // Three days of outage is a few hundred wake-ups, well inside Inngest's 1,000 steps per run.
    let t = 0;
    let wakes = 0;
    while (t < 3 * 86_400_000) t = deferralWake(new Date(t + 30_000), wakes++, 30_000, t).getTime();
    expect(wakes).toBeLessThan(300);
  });
});
