import { acceptBroadcastBatch } from "@/lib/broadcasts/accept-broadcast-batch";
import { MAX_BROADCAST_BATCHES } from "@/lib/broadcasts/broadcast-limits";
import { finishBroadcast } from "@/lib/broadcasts/finish-broadcast";
import { getDatabase } from "@/lib/db/get-database";
import { inngest } from "../client";
import { sendNotificationEvents } from "../send-notification-events";
import { broadcastRequested } from "../events";

const db = async () => (await getDatabase()).db;

// Fans a broadcast out: one step per batch of recipients (the cursor lives on the broadcast
// row, written with the batch), so a retry resumes after the last committed batch.
export const broadcastNotification = inngest.createFunction(
  {
    id: "broadcast-notification",
    name: "Broadcast a notification",
    retries: 4,
    triggers: [broadcastRequested],
    // Two runs of one broadcast would only wait on each other's lock: keep them in line.
    concurrency: [{ key: "event.data.broadcastId", limit: 1 }],
    // Fan-out is the lowest lane: every single notification's delivery (100..600) goes first.
    priority: { run: "0" },
    onFailure: async ({ event, error }) => {
      await finishBroadcast(await db(), event.data.event.data.broadcastId, error.message);
    },
  },
  async ({ event, step }) => {
    const { broadcastId } = event.data;
    let accepted = 0;
    for (let batch = 0; batch < MAX_BROADCAST_BATCHES; batch++) {
      const result = await step.run(`accept-batch-${batch}`, async () => acceptBroadcastBatch(await db(), broadcastId, sendNotificationEvents));
      accepted += result.accepted;
      if (result.done) break;
    }
    await step.run("finish", async () => {
      await finishBroadcast(await db(), broadcastId);
    });
    return { accepted };
  },
);
