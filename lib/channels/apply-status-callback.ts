import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { deliveries, deliveryEvents, earlyStatusCallbacks, notifications } from "@/lib/db/schema";
import { finishNotification } from "@/lib/send/delivery-ledger";

export type CallbackStatus = "sent" | "delivered" | "opened" | "clicked" | "bounced" | "complained" | "undelivered" | "failed";

export type StatusCallback = {
  provider: string;
  providerMessageId: string;
  /** null: an event worth recording (e.g. delivery delayed) that moves no status. */
  status: CallbackStatus | null;
  event: string;
  /** The provider's own id for this event: a replayed callback is recognised by it. */
  eventId: string;
  code?: string | null;
  message?: string | null;
  occurredAt?: Date;
};

// Callbacks arrive late and out of order: a status only ever moves to a higher rank.
const RANK_SQL = (column: unknown) => sql`case ${column}
  when 'queued' then 0 when 'sent' then 1
  when 'delivered' then 2 when 'undelivered' then 2 when 'failed' then 2 when 'bounced' then 2
  when 'complained' then 3 when 'opened' then 3 when 'clicked' then 4 else 0 end`;

export type CallbackResult = "applied" | "recorded" | "duplicate" | "held";

const EARLY_CALLBACK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Records a provider's status callback on its delivery and moves the status forward if it is news. */
export async function applyStatusCallback(db: Db, callback: StatusCallback): Promise<CallbackResult> {
  const [delivery] = await db
    .select({ id: deliveries.id, notificationId: deliveries.notificationId })
    .from(deliveries)
    .where(and(eq(deliveries.provider, callback.provider), eq(deliveries.providerMessageId, callback.providerMessageId)));
  if (!delivery) {
    // Too early (the message id is not stored yet) or not ours: keep it until it matches.
    await db.delete(earlyStatusCallbacks).where(lt(earlyStatusCallbacks.receivedAt, new Date(Date.now() - EARLY_CALLBACK_TTL_MS)));
    await db
      .insert(earlyStatusCallbacks)
      .values({ provider: callback.provider, providerEventId: callback.eventId, providerMessageId: callback.providerMessageId, callback: { ...callback, occurredAt: callback.occurredAt?.toISOString() } })
      .onConflictDoNothing();
    return "held";
  }
  const inserted = await db
    .insert(deliveryEvents)
    .values({
      deliveryId: delivery.id,
      status: callback.status ?? callback.event,
      reason: `callback: ${callback.event}`,
      provider: callback.provider,
      providerCode: callback.code ?? null,
      providerMessage: callback.message?.slice(0, 1000) ?? null,
      providerEventId: callback.eventId,
      occurredAt: callback.occurredAt ?? new Date(),
    })
    .onConflictDoNothing()
    .returning({ id: deliveryEvents.id });
  if (inserted.length === 0) return "duplicate";
  if (!callback.status) return "recorded";
  const negative = ["bounced", "undelivered", "failed", "complained"].includes(callback.status);
  const moved = await db
    .update(deliveries)
    .set({
      status: callback.status,
      ...(negative ? { lastErrorCode: callback.code ?? callback.status, lastErrorMessage: callback.message ?? callback.event } : {}),
    })
    .where(and(eq(deliveries.id, delivery.id), sql`${RANK_SQL(deliveries.status)} < ${RANK_SQL(sql`${callback.status}::text`)}`))
    .returning({ id: deliveries.id });
  if (moved.length === 0) return "recorded";
  // A finished notification's summary follows its deliveries (a bounce can turn "delivered" into "partial").
  const [n] = await db.select({ completedAt: notifications.completedAt }).from(notifications).where(eq(notifications.id, delivery.notificationId));
  if (n?.completedAt) await finishNotification(db, delivery.notificationId);
  return "applied";
}

/** Applies the callbacks that arrived before this message id was stored, oldest first. */
export async function applyEarlyStatusCallbacks(db: Db, provider: string, providerMessageId: string): Promise<number> {
  const waiting = await db
    .delete(earlyStatusCallbacks)
    .where(and(eq(earlyStatusCallbacks.provider, provider), eq(earlyStatusCallbacks.providerMessageId, providerMessageId)))
    .returning();
  waiting.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  for (const row of waiting) {
    const stored = row.callback as StatusCallback & { occurredAt?: string };
    await applyStatusCallback(db, { ...stored, occurredAt: stored.occurredAt ? new Date(stored.occurredAt) : undefined });
  }
  return waiting.length;
}
