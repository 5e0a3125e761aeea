import { inngest } from "../client";
import { realtimeCleanupRequested } from "../events";
import { getDatabase } from "@/lib/db/get-database";
import { deleteRealtimeMessagesBefore } from "@/lib/realtime/delete-realtime-messages-before";

// realtime.messages is the resume log of the live feed; clients only ever resume from recent
// ids, so old rows are dead weight. Hourly, or on demand.
export const cleanupRealtimeMessages = inngest.createFunction(
  {
    id: "cleanup-realtime-messages",
    name: "Clean up realtime messages",
    retries: 2,
    concurrency: [{ limit: 1 }],
    triggers: [{ cron: "17 * * * *" }, realtimeCleanupRequested],
  },
  async ({ event, step }) => {
    const hours = event.name === realtimeCleanupRequested.name ? (event.data.olderThanHours ?? 24) : 24;
    const deleted = await step.run("delete-old-messages", async () => {
      const { db } = await getDatabase();
      return deleteRealtimeMessagesBefore(db, new Date(Date.now() - hours * 3_600_000));
    });
    return { deleted, olderThanHours: hours };
  },
);
