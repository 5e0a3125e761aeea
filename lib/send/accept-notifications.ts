import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { eq, inArray, sql } from "drizzle-orm";
import { HeraldApiError } from "@/lib/api/errors";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { logger } from "@/lib/logger";
import type { Db } from "@/lib/db/client";
import { idempotencyKeys, notifications, recipients, type Priority } from "@/lib/db/schema";
import { notificationRequestSchema } from "@/lib/notifications/schemas";
import { getNotificationTypeOrThrow } from "@/lib/templates/get-notification-type-or-throw";

export type Accepted = { notifications: { id: string; recipient: string }[] };

/** A committed notification whose delivery event is to be sent. */
export type NotificationToSend = { id: string; sendAt: Date | null; priority?: Priority };
export type SendEvents = (notifications: NotificationToSend[]) => Promise<void>;

/**
 * Takes a send request in: validates it, upserts inline recipients, and writes one
 * notification per recipient — all in one transaction, so a 202 means every row is in
 * Postgres. Only then are the delivery events sent (the sweeper re-sends any that get lost).
 * `send: null` leaves that to a caller whose own transaction is still open (a broadcast batch).
 * An Idempotency-Key replays the first answer for 24 h; the same key with another body is 409.
 * `audit` records the send in the same transaction (an admin's send; the API's are not audited).
 */
export async function acceptNotifications(
  db: Db,
  body: unknown,
  options: { idempotencyKey?: string | null; scope: string; send: SendEvents | null; audit?: AuditActor },
): Promise<{ accepted: Accepted; replayed: boolean }> {
  const request = notificationRequestSchema.parse(body);
  const key = options.idempotencyKey ? `${options.scope}:${options.idempotencyKey}` : null;
  if (options.idempotencyKey && (options.idempotencyKey.length > 256 || !/^[\x21-\x7e]+$/.test(options.idempotencyKey))) {
    throw new HeraldApiError("bad_request", "Idempotency-Key: expected 1–256 visible ASCII characters.");
  }
  const requestHash = createHash("sha256").update(canonicalize(body) ?? "").digest("hex");

  const outcome = await db.transaction(async (tx) => {
    if (key) {
      await tx.delete(idempotencyKeys).where(sql`${idempotencyKeys.key} = ${key} and ${idempotencyKeys.createdAt} < now() - interval '24 hours'`);
      // Claiming the key first makes a concurrent duplicate wait here for this transaction.
      const claimed = await tx.insert(idempotencyKeys).values({ key, requestHash, response: {} }).onConflictDoNothing().returning();
      if (claimed.length === 0) {
        const [existing] = await tx.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
        if (existing!.requestHash !== requestHash) {
          throw new HeraldApiError("conflict", "This Idempotency-Key was used with a different request body.");
        }
        return { accepted: existing!.response as Accepted, replayed: true, priority: undefined };
      }
    }

    const typeKey = request.type ?? "default";
    const type = await getNotificationTypeOrThrow(tx, typeKey, "type");
    if (request.template) await getNotificationTypeOrThrow(tx, request.template, "template");

    const refs = request.to;
    for (const r of refs.filter((r) => !r.ref)) {
      const values = { externalId: r.id, name: r.name, email: r.email, phone: r.phone, locale: r.locale, timezone: r.timezone, data: r.data };
      const set = Object.fromEntries(Object.entries(values).filter(([k, v]) => v !== undefined && k !== "externalId"));
      await tx
        .insert(recipients)
        .values(values)
        .onConflictDoUpdate({ target: recipients.externalId, set: Object.keys(set).length ? set : { externalId: r.id } });
    }
    const ids = [...new Set(refs.map((r) => r.id))];
    const found = await tx.select({ id: recipients.id, externalId: recipients.externalId }).from(recipients).where(inArray(recipients.externalId, ids));
    const byExternal = new Map(found.map((r) => [r.externalId, r.id]));
    const missing = refs.map((r, i) => [r.id, i] as const).filter(([id]) => !byExternal.has(id));
    if (missing.length > 0) {
      throw new HeraldApiError(
        "unprocessable_entity",
        `to: unknown recipient '${missing[0]![0]}' (create it first, or send it inline as an object)`,
        missing.map(([id, i]) => ({ path: `to[${i}]`, message: `unknown recipient '${id}'` })),
      );
    }

    const rows = await tx
      .insert(notifications)
      .values(
        ids.map((externalId) => ({
          notificationTypeId: type.id,
          recipientId: byExternal.get(externalId)!,
          priority: request.priority,
          data: request.data,
          content: { ...(request.content ?? {}), ...(request.template ? { template: request.template } : {}) } as Record<string, Record<string, string>>,
          channels: request.channels ?? null,
          status: request.sendAt ? ("scheduled" as const) : ("accepted" as const),
          sendAt: request.sendAt ? new Date(request.sendAt) : null,
        })),
      )
      .returning({ id: notifications.id, recipientId: notifications.recipientId });
    const externalById = new Map(found.map((r) => [r.id, r.externalId]));
    const accepted: Accepted = { notifications: rows.map((r) => ({ id: r.id, recipient: externalById.get(r.recipientId)! })) };
    if (key) await tx.update(idempotencyKeys).set({ response: accepted }).where(eq(idempotencyKeys.key, key));
    if (options.audit) {
      // What was sent and to whom; the data and content stay with the notifications themselves.
      const { type, template, channels, priority, sendAt } = request;
      await recordAudit(tx, options.audit, {
        action: "notification.send",
        target: { type: "notification", id: rows.length === 1 ? rows[0]!.id : null },
        after: { type: type ?? "default", template, channels, priority, sendAt, notifications: accepted.notifications },
      });
    }
    // A critical type's runs go first in the executor's queue, whatever priority was asked for.
    return { accepted, replayed: false, priority: type.critical ? ("critical" as const) : request.priority };
  });

  if (!outcome.replayed && options.send) {
    const sendAt = request.sendAt ? new Date(request.sendAt) : null;
    await dispatchNotificationEvents(db, outcome.accepted.notifications.map((n) => ({ id: n.id, sendAt, priority: outcome.priority })), options.send);
  }
  return outcome;
}

/**
 * Sends the delivery events of committed notifications and marks them sent (the sweeper's
 * re-sends too, so it does not send them again every minute). If the event API does not
 * answer, the rows stay unsent and the sweeper sends them later.
 */
export async function dispatchNotificationEvents(db: Db, toSend: NotificationToSend[], send: SendEvents): Promise<void> {
  if (toSend.length === 0) return;
  const ids = toSend.map((n) => n.id);
  try {
    await send(toSend);
    await db.update(notifications).set({ eventSentAt: sql`now()` }).where(inArray(notifications.id, ids));
  } catch (error) {
    logger.warn("notification events not sent yet; the sweeper will retry", { error, count: ids.length });
  }
}
