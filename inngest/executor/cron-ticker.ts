import { createHash } from "node:crypto";
import type { Database } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import { isConnectionError } from "@/lib/db/is-connection-error";
import { executorRetryDelayMs } from "./backoff";
import { nextCronTime } from "./cron";
import { createRun } from "./run-store";
import type { FunctionConfig } from "./types";

export type CronSchedule = { fn: FunctionConfig; schedule: string };

/** Seeds each schedule's first due time. One another process already seeded keeps its due time: that is what makes it fire once. */
export async function seedCrons(database: Database, crons: CronSchedule[]): Promise<void> {
  if (crons.length === 0) return;
  await database.transaction(async (tx) => {
    for (const { fn, schedule } of crons) {
      await tx.query("insert into executor.crons (function_id, schedule, next_at) values ($1, $2, $3) on conflict do nothing", [
        fn.id,
        schedule,
        nextCronTime(schedule, new Date()).toISOString(),
      ]);
    }
  });
}

/**
 * Cron triggers, checked every second: whichever process advances a schedule's `next_at` fires
 * it, exactly once. Answers a function that stops the ticking.
 */
export function startCronTicker(database: Database, crons: CronSchedule[]): () => void {
  let timer: NodeJS.Timeout | null = null;
  let running = true;
  if (crons.length === 0) return () => {};
  let failures = 0;
  const tick = async () => {
    try {
      for (const { fn, schedule } of crons) {
        await database.transaction(async (tx) => {
          const [due] = await tx.query<{ next_at: Date }>(
            "select next_at from executor.crons where function_id = $1 and schedule = $2 and next_at <= now() for update skip locked",
            [fn.id, schedule],
          );
          if (!due) return;
          await tx.query("update executor.crons set next_at = $3 where function_id = $1 and schedule = $2", [
            fn.id,
            schedule,
            nextCronTime(schedule, new Date()).toISOString(),
          ]);
          const event = {
            name: "inngest/scheduled.timer",
            id: `cron-${createHash("sha1").update(`${fn.id}:${schedule}:${new Date(due.next_at).toISOString()}`).digest("hex")}`,
            ts: Date.now(),
            data: { cron: schedule },
          };
          await createRun(tx, fn, [event]);
        });
      }
      failures = 0;
    } catch (error) {
      // The database going away is logged once per outage, not every second, and checked on a backoff.
      if (!isConnectionError(error) || failures === 0) (isConnectionError(error) ? logger.warn : logger.error)("executor: cron tick failed", { error });
      failures++;
    }
    if (running) timer = setTimeout(tick, failures === 0 ? 1000 : Math.max(1000, executorRetryDelayMs(failures)));
  };
  void tick();
  return () => {
    running = false;
    if (timer) clearTimeout(timer);
  };
}
