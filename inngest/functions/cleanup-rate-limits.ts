import { inngest } from "../client";
import { getDatabase } from "@/lib/db/get-database";
import { deleteExpiredRateLimits } from "@/lib/rate-limit/delete-expired-rate-limits";

// A rate-limit row only matters during its minute; a key not seen for an hour is dead weight
// (a client address, an email tried once). Hourly, like the realtime cleanup.
export const cleanupRateLimits = inngest.createFunction(
  {
    id: "cleanup-rate-limits",
    name: "Clean up rate-limit windows",
    retries: 2,
    concurrency: [{ limit: 1 }],
    triggers: [{ cron: "41 * * * *" }],
  },
  async ({ step }) => {
    const deleted = await step.run("delete-expired-windows", async () => {
      const { db } = await getDatabase();
      return deleteExpiredRateLimits(db, new Date(Date.now() - 3_600_000));
    });
    return { deleted };
  },
);
