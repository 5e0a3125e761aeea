import { RetryAfterError, type GetStepTools } from "inngest";
import { ScheduledRetry } from "@/lib/send/retry-schedule";
import type { inngest } from "./client";

type Deferred = { status: "deferred"; until: string; attempt: number };
type Position = { attempt: number; deferred: number };

/**
 * Runs one delivery as durable steps, on its channel's retry schedule:
 * - a delivery that failed and scheduled its next attempt is retried by Inngest's own mechanism
 *   at that time (RetryAfterError with a Date, exact to the millisecond; a number would round
 *   up to seconds) — a timer, here and on Inngest Cloud, never a waiting worker;
 * - a delivery that found every provider's circuit open sleeps until the probe, then a new step
 *   takes up the schedule where the deferred attempt stood: waiting for a provider costs nothing.
 * `attempt` is Inngest's attempt of the step being run. Throws when a step fails for good.
 */
export async function deliverOnSchedule<T extends object>(
  step: GetStepTools<typeof inngest>,
  attempt: number,
  id: string,
  deliver: (position: Position) => Promise<T | (T & Deferred)>,
) {
  let from = 0;
  for (let deferred = 0; ; deferred++) {
    const position = () => ({ attempt: from + attempt, deferred });
    const outcome = await step.run(deferred === 0 ? id : `${id}-${deferred}`, async () => {
      try {
        return await deliver(position());
      } catch (error) {
        if (error instanceof ScheduledRetry) throw new RetryAfterError(error.message, error.retryAt, { cause: error.cause });
        throw error;
      }
    });
    const waiting = outcome as unknown as Partial<Deferred>;
    if (waiting.status !== "deferred") return outcome;
    from = waiting.attempt!;
    await step.sleepUntil(`${id}-wait-${deferred + 1}`, waiting.until!);
  }
}
