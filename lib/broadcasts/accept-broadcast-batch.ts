import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { broadcastRecipients, broadcasts, recipients } from "@/lib/db/schema";
import { acceptNotifications, dispatchNotificationEvents, type NotificationToSend, type SendEvents } from "@/lib/send/accept-notifications";
import type { RecipientFilter } from "@/lib/recipients/search-recipients";
import { recipientFilterWhere } from "@/lib/recipients/search-recipients";
import { MAX_BROADCAST_RECIPIENTS } from "./broadcast-limits";

export type BatchResult = { accepted: number; done: boolean };

/**
 * Accepts the next batch of a broadcast: the recipients after the saved cursor, minus any
 * this broadcast already reached. The notifications, the broadcast↔recipient rows and the
 * advanced cursor commit together, under a lock on the broadcast — so running a batch twice
 * (a retried step, a re-run function, two runs at once) never notifies anyone twice.
 */
export async function acceptBroadcastBatch(db: Db, broadcastId: string, send: SendEvents): Promise<BatchResult> {
  const outcome = await db.transaction(async (tx) => {
    const [broadcast] = await tx.select().from(broadcasts).where(eq(broadcasts.id, broadcastId)).for("update");
    if (!broadcast || broadcast.status === "completed" || broadcast.status === "failed") return { accepted: 0, done: true, pending: [] as NotificationToSend[] };
    const room = Math.min(broadcast.batchSize, MAX_BROADCAST_RECIPIENTS - broadcast.accepted);
    const where = recipientFilterWhere(broadcast.filter as RecipientFilter);
    if (broadcast.cursor) where.push(gt(recipients.externalId, broadcast.cursor));
    const page =
      room > 0
        ? await tx
            .select({ id: recipients.id, externalId: recipients.externalId })
            .from(recipients)
            .where(where.length ? and(...where) : sql`true`)
            .orderBy(asc(recipients.externalId))
            .limit(room)
        : [];
    const reached = page.length
      ? await tx
          .select({ recipientId: broadcastRecipients.recipientId })
          .from(broadcastRecipients)
          .where(and(eq(broadcastRecipients.broadcastId, broadcastId), inArray(broadcastRecipients.recipientId, page.map((r) => r.id))))
      : [];
    const already = new Set(reached.map((r) => r.recipientId));
    const fresh = page.filter((r) => !already.has(r.id));
    let pending: NotificationToSend[] = [];
    if (fresh.length > 0) {
      // In-app items are written with the batch, and so are the events where the executor
      // shares the database; others go out after this batch commits (below) — a crash in
      // between leaves the rows unsent, for the sweeper, rather than lost.
      const result = await acceptNotifications(tx, { ...broadcast.request, to: fresh.map((r) => r.externalId) }, { scope: "broadcast", send, afterCommit: false });
      const { accepted } = result;
      pending = result.pending;
      const byExternal = new Map(fresh.map((r) => [r.externalId, r.id]));
      await tx
        .insert(broadcastRecipients)
        .values(accepted.notifications.map((n) => ({ broadcastId, recipientId: byExternal.get(n.recipient)!, notificationId: n.id })))
        .onConflictDoNothing();
    }
    const done = page.length < room || room === 0;
    await tx
      .update(broadcasts)
      .set({
        status: "running",
        accepted: sql`${broadcasts.accepted} + ${fresh.length}`,
        cursor: page.at(-1)?.externalId ?? broadcast.cursor,
        updatedAt: new Date(),
      })
      .where(eq(broadcasts.id, broadcastId));
    return { accepted: fresh.length, done, pending };
  });
  // A scheduled broadcast's runs sleep until its time, like any scheduled send.
  await dispatchNotificationEvents(db, outcome.pending, send);
  return { accepted: outcome.accepted, done: outcome.done };
}
