import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { deliveries, deliveryEvents, notifications, type Channel, type Delivery, type DeliveryMeta } from "@/lib/db/schema";
import type { DeliveryContext } from "./load-delivery-context";
import { isFailed, isReached } from "@/lib/notifications/delivery-status";

// The record of what happened to each delivery: its row, its timeline events, and the
// notification's outcome derived from them. Sending (deliver-channel) and provider callbacks
// (apply-status-callback) both write here, so neither needs the other.

/** The key every send of one (notification, recipient, channel) carries, retries included. */
export function deliveryIdempotencyKey(notificationId: string, recipientId: string, channel: Channel): string {
  return createHash("sha256").update(`${notificationId}:${recipientId}:${channel}`).digest("hex").slice(0, 48);
}

export async function ensureDelivery(db: Db, ctx: DeliveryContext, channel: Channel, provider: string | null) {
  const key = deliveryIdempotencyKey(ctx.notification.id, ctx.recipient.id, channel);
  const [created] = await db
    .insert(deliveries)
    .values({ notificationId: ctx.notification.id, recipientId: ctx.recipient.id, channel, provider, idempotencyKey: key })
    .onConflictDoNothing()
    .returning();
  if (created) {
    await db.insert(deliveryEvents).values({ deliveryId: created.id, status: "queued" });
    return created;
  }
  const [existing] = await db.select().from(deliveries).where(and(eq(deliveries.notificationId, ctx.notification.id), eq(deliveries.channel, channel)));
  return existing!;
}

export type StatusChange = { reason?: string; providerMessageId?: string; code?: string; provider?: string; meta?: DeliveryMeta; attempt?: number };

export async function setStatus(db: Db, deliveryId: string, status: Delivery["status"], event: StatusChange) {
  await db
    .update(deliveries)
    .set({
      status,
      attempts: sql`${deliveries.attempts} + 1`,
      nextAttemptAt: null,
      ...(event.providerMessageId ? { providerMessageId: event.providerMessageId } : {}),
      ...(event.provider ? { provider: event.provider } : {}),
      ...(event.meta ? { meta: sql`${deliveries.meta} || ${JSON.stringify(event.meta)}::jsonb` } : {}),
      ...(status === "failed" ? { lastErrorCode: event.code ?? null, lastErrorMessage: event.reason ?? null } : {}),
    })
    .where(eq(deliveries.id, deliveryId));
  await db.insert(deliveryEvents).values({
    deliveryId,
    status,
    reason: event.reason ?? null,
    providerCode: event.code ?? null,
    provider: event.provider ?? null,
    attempt: event.attempt ?? null,
  });
}

/** The notification's final status, from its deliveries. */
export async function finishNotification(db: Db, notificationId: string) {
  const rows = await db.select({ status: deliveries.status }).from(deliveries).where(eq(deliveries.notificationId, notificationId));
  const ok = rows.filter((r) => isReached(r.status)).length;
  const failed = rows.filter((r) => isFailed(r.status)).length;
  const status = ok > 0 ? (failed > 0 ? "partial" : "delivered") : failed > 0 ? "failed" : "skipped";
  await db
    .update(notifications)
    .set({ status, completedAt: new Date() })
    .where(and(eq(notifications.id, notificationId), sql`${notifications.status} <> 'cancelled'`));
  return { status, delivered: ok, failed, skipped: rows.length - ok - failed };
}
