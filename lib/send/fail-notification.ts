import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { deliveries, deliveryEvents, notifications, notificationTypes } from "@/lib/db/schema";
import { deliveryIdempotencyKey } from "./delivery-ledger";

/**
 * A delivery run that gave up (the executor or the database failed it, not a provider): the
 * notification failed, and so did every channel it was for that had not gone out — each as a
 * delivery with the reason, created if the run never got as far as planning, so it is in the
 * dead letters and can be replayed.
 */
export async function failNotification(database: Db, notificationId: string, message: string): Promise<void> {
  // One transaction: nobody sees the notification failed with its channels still queued.
  await database.transaction((db) => failInTransaction(db, notificationId, message));
}

async function failInTransaction(db: Db, notificationId: string, message: string): Promise<void> {
  const [row] = await db
    .select({ recipientId: notifications.recipientId, channels: notifications.channels, defaultChannels: notificationTypes.defaultChannels })
    .from(notifications)
    .innerJoin(notificationTypes, eq(notificationTypes.id, notifications.notificationTypeId))
    .where(eq(notifications.id, notificationId))
    .for("update", { of: notifications });
  if (!row) return;
  const [failed] = await db
    .update(notifications)
    .set({ status: "failed", completedAt: new Date() })
    .where(and(eq(notifications.id, notificationId), inArray(notifications.status, ["accepted", "scheduled", "processing"])))
    .returning({ id: notifications.id });
  // A cancelled or finished notification keeps what it has.
  if (!failed) return;
  const reason = `executor error: ${message}`.slice(0, 1000);
  const channels = row.channels?.length ? row.channels : row.defaultChannels;
  if (channels.length > 0) {
    await db
      .insert(deliveries)
      .values(channels.map((channel) => ({ notificationId, recipientId: row.recipientId, channel, idempotencyKey: deliveryIdempotencyKey(notificationId, row.recipientId, channel) })))
      .onConflictDoNothing();
  }
  // Only what was still pending failed; what went out (or was skipped) stays as it went.
  const pending = await db
    .update(deliveries)
    .set({ status: "failed", nextAttemptAt: null, lastErrorCode: "executor_error", lastErrorMessage: reason })
    .where(and(eq(deliveries.notificationId, notificationId), eq(deliveries.status, "queued")))
    .returning({ id: deliveries.id });
  if (pending.length > 0) {
    await db.insert(deliveryEvents).values(pending.map((d) => ({ deliveryId: d.id, status: "failed", reason, providerCode: "executor_error" })));
  }
}
