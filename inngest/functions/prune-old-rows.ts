import { inngest } from "../client";
import { retentionPruneRequested } from "../events";
import { getDatabase } from "@/lib/db/get-database";
import { getEnv } from "@/lib/env";
import { pruneExpiredInboxItems } from "@/lib/retention/prune-expired-inbox-items";
import { hoursKept, pruneBatch, prunedTables, retentionPolicyFromEnv } from "@/lib/retention/prune-old-rows";

/** Batches one run deletes per table at most; the next hour's run goes on where it stopped. */
const MAX_BATCHES_PER_TABLE = 200;

// Hourly retention: every pruned table loses its rows older than the configured age, and inbox
// items past their type's own retention (inboxTtlDays) go too; one short batch per durable step,
// so a crash resumes at the next batch and a retry never repeats one.
export const pruneOldRows = inngest.createFunction(
  {
    id: "prune-old-rows",
    name: "Prune old rows (retention)",
    retries: 2,
    concurrency: [{ limit: 1 }],
    triggers: [{ cron: "29 * * * *" }, retentionPruneRequested],
  },
  async ({ step }) => {
    const policy = retentionPolicyFromEnv(getEnv());
    // The cut-off is fixed once per run (memoized), so every batch of a run agrees on it.
    const now = await step.run("cut-off", () => Date.now());
    const deleted: Record<string, number> = {};
    for (const table of prunedTables) {
      const hours = hoursKept(policy, table);
      deleted[table] = 0;
      if (hours === 0) continue;
      const before = new Date(now - hours * 3_600_000);
      for (let batch = 0; batch < MAX_BATCHES_PER_TABLE; batch++) {
        const gone = await step.run(`prune ${table}`, async () => pruneBatch(await getDatabase(), table, before, policy.batchSize));
        deleted[table] += gone;
        if (gone < policy.batchSize) break;
      }
    }
    deleted["public.inbox_items"] = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_TABLE; batch++) {
      const gone = await step.run("prune-expired-inbox-items", async () => pruneExpiredInboxItems(await getDatabase(), new Date(now), policy.batchSize));
      deleted["public.inbox_items"] += gone;
      if (gone < policy.batchSize) break;
    }
    return { deleted };
  },
);
