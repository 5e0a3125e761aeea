import { and, eq, inArray } from "drizzle-orm";
import type { ChannelProvider } from "@/lib/channels/channel-provider";
import { devOutbox } from "@/lib/channels/dev-outbox";
import type { Db } from "@/lib/db/client";
import { deliveries, deliveryEvents, notifications } from "@/lib/db/schema";
import { deliverChannel, type ChannelOutcome } from "./deliver-channel";
import { loadDeliveryContext } from "./load-delivery-context";

/**
 * A replay is a new logical attempt: the provider must not take it for a retry of the failed
 * one (which it may have deduplicated or rejected), so its idempotency key carries the replay.
 */
function forReplay(provider: ChannelProvider, replay: number): ChannelProvider {
  return {
    name: provider.name,
    channels: provider.channels,
    send: (message) => provider.send({ ...message, idempotencyKey: `${message.idempotencyKey}:replay-${replay}` }),
  };
}

export type ReplayOutcome = ChannelOutcome | { skipped: string };

/**
 * Delivers a dead letter again, exactly as the delivery run does (current templates, current
 * address). Only the replay that claimed the delivery runs it: a stale or repeated call finds
 * it no longer queued for that replay and does nothing.
 */
export async function replayDelivery(db: Db, deliveryId: string, replay: number): Promise<ReplayOutcome> {
  const [delivery] = await db.select().from(deliveries).where(eq(deliveries.id, deliveryId));
  if (!delivery) return { skipped: "the delivery no longer exists" };
  if (delivery.replayCount !== replay || delivery.status !== "queued") {
    return { skipped: `replay ${replay} is not pending (delivery is ${delivery.status}, replay ${delivery.replayCount})` };
  }
  // The context loads only for a notification in flight; a replay puts a finished one back.
  await db
    .update(notifications)
    .set({ status: "processing" })
    .where(and(eq(notifications.id, delivery.notificationId), inArray(notifications.status, ["delivered", "partial", "failed", "skipped"])));
  const ctx = await loadDeliveryContext(db, delivery.notificationId);
  if (!ctx) {
    await db.update(deliveries).set({ status: "cancelled" }).where(eq(deliveries.id, deliveryId));
    await db.insert(deliveryEvents).values({ deliveryId, status: "cancelled", reason: "notification_cancelled" });
    return { skipped: "the notification was cancelled" };
  }
  return deliverChannel(db, ctx, delivery.channel, forReplay(devOutbox(db), replay));
}
