import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { deliveries, deliveryEvents, notifications } from "@/lib/db/schema";
import { deliverChannel, type ChannelOutcome, type DeliveryAttempt } from "./deliver-channel";
import { finishNotification } from "./delivery-ledger";
import { loadDeliveryContext } from "./load-delivery-context";

export type ReplayOutcome = ChannelOutcome | { skipped: string };

/**
 * Delivers a dead letter again, exactly as the delivery run does (current templates, current
 * address). Only the replay that claimed the delivery runs it: a stale or repeated call finds
 * it no longer queued for that replay and does nothing.
 */
export async function replayDelivery(db: Db, deliveryId: string, replay: number, position: DeliveryAttempt = {}): Promise<ReplayOutcome> {
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
  // Same path as the delivery run; deliverChannel gives the replay its own idempotency key.
  return deliverChannel(db, ctx, delivery.channel, position);
}

/** A replay that ran out of retries: back to the dead letters with why, and the notification settled. */
export async function failReplay(db: Db, event: { deliveryId: string; notificationId: string; replay: number }, message: string): Promise<void> {
  const { deliveryId, notificationId, replay } = event;
  // Unless the replay got further than queued.
  const [failed] = await db
    .update(deliveries)
    .set({ status: "failed", lastErrorMessage: message.slice(0, 1000) })
    .where(and(eq(deliveries.id, deliveryId), eq(deliveries.replayCount, replay), eq(deliveries.status, "queued")))
    .returning({ id: deliveries.id });
  if (failed) await db.insert(deliveryEvents).values({ deliveryId, status: "failed", reason: `replay ${replay} failed: ${message.slice(0, 500)}` });
  // The replay moved the notification back to processing.
  await finishNotification(db, notificationId);
}
