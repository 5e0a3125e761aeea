import { and, eq } from "drizzle-orm";
import { getDatabase } from "@/lib/db/get-database";
import { deliveries, deliveryEvents } from "@/lib/db/schema";
import { finishNotification } from "@/lib/send/deliver-channel";
import { replayDelivery as replayOne } from "@/lib/send/replay-delivery";
import { inngest } from "../client";
import { honourRetryAfter } from "../provider-retry";
import { deliveryReplayRequested } from "../events";

const db = async () => (await getDatabase()).db;

// An admin's replay of one dead letter: deliver the channel again on the durable path, then
// recompute the notification's final status from all its deliveries.
export const replayDelivery = inngest.createFunction(
  {
    id: "replay-delivery",
    name: "Replay a failed delivery",
    retries: 4,
    triggers: [deliveryReplayRequested],
    // One run per (delivery, replay): a duplicate event for the same replay starts nothing.
    idempotency: "event.data.deliveryId + '-' + string(event.data.replay)",
    onFailure: async ({ event, error }) => {
      const { deliveryId, replay } = event.data.event.data;
      const database = await db();
      // Back to the dead letters, with why, unless the replay got further than queued.
      const [failed] = await database
        .update(deliveries)
        .set({ status: "failed", lastErrorMessage: error.message.slice(0, 1000) })
        .where(and(eq(deliveries.id, deliveryId), eq(deliveries.replayCount, replay), eq(deliveries.status, "queued")))
        .returning({ id: deliveries.id });
      if (failed) await database.insert(deliveryEvents).values({ deliveryId, status: "failed", reason: `replay ${replay} failed: ${error.message.slice(0, 500)}` });
      // The replay moved the notification back to processing: settle it again.
      await finishNotification(database, event.data.event.data.notificationId);
    },
  },
  async ({ event, step }) => {
    const { deliveryId, notificationId, replay } = event.data;
    const outcome = await step.run("replay-delivery", async () => honourRetryAfter(async () => replayOne(await db(), deliveryId, replay)));
    if ("skipped" in outcome) return { outcome };
    const notification = await step.run("finish", async () => finishNotification(await db(), notificationId));
    return { outcome, notification };
  },
);
