import { getDatabase } from "@/lib/db/get-database";
import { finishNotification } from "@/lib/send/delivery-ledger";
import { failReplay, replayDelivery as replayOne } from "@/lib/send/replay-delivery";
import { getEnv } from "@/lib/env";
import { retriesFor, retrySchedulesFrom } from "@/lib/send/retry-schedule";
import { inngest } from "../client";
import { deliverOnSchedule } from "../provider-retry";
import { deliveryReplayRequested } from "../events";

const db = async () => (await getDatabase()).db;

// An admin's replay of one dead letter: deliver the channel again on the durable path, then
// recompute the notification's final status from all its deliveries.
export const replayDelivery = inngest.createFunction(
  {
    id: "replay-delivery",
    name: "Replay a failed delivery",
    // A replay gets the channel's whole retry schedule again, like the first delivery.
    retries: retriesFor(retrySchedulesFrom(getEnv())),
    triggers: [deliveryReplayRequested],
    // One run per (delivery, replay): a duplicate event for the same replay starts nothing.
    idempotency: "event.data.deliveryId + '-' + string(event.data.replay)",
    onFailure: async ({ event, error }) => failReplay(await db(), event.data.event.data, error.message),
  },
  async ({ event, step, attempt }) => {
    const { deliveryId, notificationId, replay } = event.data;
    const outcome = await deliverOnSchedule(step, attempt, "replay-delivery", async (position) => replayOne(await db(), deliveryId, replay, position));
    if ("skipped" in outcome) return { outcome };
    const notification = await step.run("finish", async () => finishNotification(await db(), notificationId));
    return { outcome, notification };
  },
);
