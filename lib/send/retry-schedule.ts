import { MAX_RETRY_AFTER_MS } from "@/lib/channels/provider-error";
import type { Channel } from "@/lib/db/schema";
import { describeDuration, parseDuration } from "@/lib/parse-duration";

/**
 * Standard Webhooks' suggested schedule (Svix and Stripe keep trying about as long): the wait
 * before each attempt, ten attempts over about three days, so a provider or endpoint can be
 * down for a weekend and still lose nothing.
 */
export const DEFAULT_RETRY_SCHEDULE = "0,5s,5m,30m,2h,5h,10h,14h,20h,24h";

// Inngest runs a step at most 21 times (retries 0–20): the schedule is carried out by its retries.
const MAX_ATTEMPTS = 21;
const MAX_WAIT_MS = 7 * 86_400_000;
// Up to 10 % later than scheduled, so a burst that failed together does not come back together.
const JITTER = 0.1;

/** The wait before each attempt of a channel's delivery, in ms; the first attempt is immediate (0). */
export type RetrySchedule = readonly number[];
export type RetrySchedules = Record<Channel, RetrySchedule>;

/** "0,5s,5m,30m" → [0, 5000, 300000, 1800000]; throws with what is wrong. */
export function parseRetrySchedule(text: string): number[] {
  const entries = text.split(",").map((e) => e.trim());
  const waits = entries.map((entry) => {
    try {
      return parseDuration(entry);
    } catch {
      throw new Error(`"${entry}" is not a duration; expected comma-separated waits like 0,5s,5m,30m,2h`);
    }
  });
  if (waits[0] !== 0) throw new Error("the first attempt is immediate: start the schedule with 0");
  if (waits.length > MAX_ATTEMPTS) throw new Error(`at most ${MAX_ATTEMPTS} attempts (Inngest retries a step at most 20 times)`);
  if (waits.some((w) => w > MAX_WAIT_MS)) throw new Error("each wait is at most 7d");
  return waits;
}

/** Each channel's schedule: its own override, else the shared one. */
export function retrySchedulesFrom(env: {
  HERALD_RETRY_SCHEDULE: number[];
  HERALD_RETRY_SCHEDULE_EMAIL?: number[];
  HERALD_RETRY_SCHEDULE_SMS?: number[];
  HERALD_RETRY_SCHEDULE_PUSH?: number[];
  HERALD_RETRY_SCHEDULE_WEBHOOK?: number[];
}): RetrySchedules {
  const shared = env.HERALD_RETRY_SCHEDULE;
  return {
    in_app: shared,
    email: env.HERALD_RETRY_SCHEDULE_EMAIL ?? shared,
    sms: env.HERALD_RETRY_SCHEDULE_SMS ?? shared,
    push: env.HERALD_RETRY_SCHEDULE_PUSH ?? shared,
    webhook: env.HERALD_RETRY_SCHEDULE_WEBHOOK ?? shared,
  };
}

type Retries = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19 | 20;

/** The `retries` a durable function needs to carry out the longest schedule (at most 20, as parsed). */
export function retriesFor(schedules: RetrySchedules): Retries {
  return (Math.max(...Object.values(schedules).map((s) => s.length)) - 1) as Retries;
}

/**
 * When attempt `attempt` (0-based) has failed, when the next one is due: the schedule's wait
 * (with jitter) or the provider's Retry-After (capped at an hour), whichever is later. Null
 * when that was the last attempt.
 */
export function nextAttemptAt(
  schedule: RetrySchedule,
  attempt: number,
  options: { retryAfterMs?: number; now?: number; random?: () => number } = {},
): Date | null {
  const wait = schedule[attempt + 1];
  if (wait === undefined) return null;
  const jittered = wait * (1 + (options.random ?? Math.random)() * JITTER);
  const asked = Math.min(options.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
  return new Date((options.now ?? Date.now()) + Math.round(Math.max(jittered, asked)));
}

/** "5 attempts over 35m 5s", for the reason a delivery gave up. */
export function describeAttempts(schedule: RetrySchedule, attempts: number): string {
  const span = schedule.slice(0, attempts).reduce((a, b) => a + b, 0);
  return `${attempts} attempt${attempts === 1 ? "" : "s"}${span > 0 ? ` over ${describeDuration(span)}` : ""}`;
}

// A send that waits for a provider's circuit wakes at the circuit's next probe; after its first
// wait, never more often than a doubling interval (one cooldown, two, four… up to 15 minutes):
// a long outage then costs each waiting delivery a few hundred wake-ups in three days, well
// within Inngest's 1,000 steps per run.
const MAX_DEFERRAL_INTERVAL_MS = 15 * 60_000;

/** When a send that found every provider's circuit open tries again (`deferred`: its earlier waits). */
export function deferralWake(probeAt: Date, deferred: number, cooldownMs: number, now = Date.now()): Date {
  const floor = deferred === 0 ? 0 : Math.min(cooldownMs * 2 ** Math.min(deferred - 1, 30), MAX_DEFERRAL_INTERVAL_MS);
  return new Date(Math.max(probeAt.getTime(), now + floor));
}

/**
 * Thrown by a delivery that failed and will be tried again at `retryAt`; the durable layer turns
 * it into its own retry (Inngest's RetryAfterError), so the wait is a timer, not a held worker.
 */
export class ScheduledRetry extends Error {
  constructor(
    message: string,
    readonly retryAt: Date,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = "ScheduledRetry";
  }
}
