import { inngest } from "../client";
import { getDatabase } from "@/lib/db/get-database";
import { foldMetricChanges } from "@/lib/metrics/fold-metric-changes";

const BATCH = 10_000;
/** Batches one run folds at most; the next run goes on where it stopped. */
const MAX_BATCHES = 100;

// Every scrape of /api/metrics folds the metric changes writers append; this keeps them few
// where nothing scrapes, so the table never grows with history. One durable step per batch.
export const foldMetricCounts = inngest.createFunction(
  {
    id: "fold-metric-counts",
    name: "Fold metric changes into their totals",
    retries: 2,
    concurrency: [{ limit: 1 }],
    triggers: [{ cron: "*/10 * * * *" }],
  },
  async ({ step }) => {
    let folded = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const moved = await step.run("fold-changes", async () => foldMetricChanges(await getDatabase(), BATCH));
      folded += moved;
      if (moved < BATCH) break;
    }
    return { folded };
  },
);
