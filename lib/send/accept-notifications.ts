import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { eq, inArray, sql } from "drizzle-orm";
import { HeraldApiError } from "@/lib/api/errors";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { logger } from "@/lib/logger";
import type { Db, RawTransaction } from "@/lib/db/client";
import { idempotencyKeys, notifications, type Priority } from "@/lib/db/schema";
import { rawTransactionOf } from "@/lib/db/raw-transaction-of";
import { notificationRequestSchema } from "@/lib/notifications/schemas";
import { getNotificationTypeOrThrow } from "@/lib/templates/get-notification-type-or-throw";
import { loadInAppTemplates, planAtIntake, readIntake, writeIntake, type IntakeRequest } from "./deliver-at-intake";

export type Accepted = { notifications: { id: string; recipient: string }[] };

/** A committed notification whose delivery event is to be sent. */
export type NotificationToSend = { id: string; sendAt: Date | null; priority?: Priority };
export type SendEvents = ((notifications: NotificationToSend[]) => Promise<void>) & {
  /**
   * Where the executor's tables live in this database (embedded mode): writes the events in
   * the caller's open transaction instead, so they commit with the notifications. Answers
   * false when it cannot here (then they are sent after the commit).
   */
  inTransaction?: (tx: RawTransaction, notifications: NotificationToSend[]) => Promise<boolean>;
};

/**
 * Takes a send request in: validates it, upserts inline recipients, plans every recipient and
 * writes one notification per recipient — with the in-app items the plan sends now, so they
 * are live when the 202 leaves — all in one transaction, set-based. A notification with nothing
 * left to do is final there; the others get a delivery event: in the same transaction where
 * `send.inTransaction` can (the embedded executor), else sent after the commit (the sweeper
 * re-sends any that get lost). `send: null` or `afterCommit: false` leaves the sending to a
 * caller whose own transaction is still open (a broadcast batch), through `pending`.
 * An Idempotency-Key replays the first answer for 24 h; the same key with another body is 409.
 * `audit` records the send in the same transaction (an admin's send; the API's are not audited).
 */
export async function acceptNotifications(
  db: Db,
  body: unknown,
  options: {
    idempotencyKey?: string | null;
    scope: string;
    send: SendEvents | null;
    /** False: events the transaction could not write are answered in `pending`, for a caller whose own transaction is still open. */
    afterCommit?: boolean;
    audit?: AuditActor;
  },
): Promise<{ accepted: Accepted; replayed: boolean; pending: NotificationToSend[] }> {
  const request = notificationRequestSchema.parse(body);
  const key = options.idempotencyKey ? `${options.scope}:${options.idempotencyKey}` : null;
  if (options.idempotencyKey && (options.idempotencyKey.length > 256 || !/^[\x21-\x7e]+$/.test(options.idempotencyKey))) {
    throw new HeraldApiError("bad_request", "Idempotency-Key: expected 1–256 visible ASCII characters.");
  }
  const requestHash = createHash("sha256").update(canonicalize(body) ?? "").digest("hex");

  const refs = request.to;
  const ids = [...new Set(refs.map((r) => r.id))];
  const content = { ...(request.content ?? {}), ...(request.template ? { template: request.template } : {}) } as Record<string, Record<string, unknown>>;
  const intakeRequest: IntakeRequest = {
    priority: request.priority,
    data: request.data,
    content,
    channels: request.channels ?? null,
    sendAt: request.sendAt ? new Date(request.sendAt).toISOString() : null,
  };
  // A critical type's runs go first in the executor's queue, whatever priority was asked for.
  const sendAt = request.sendAt ? new Date(request.sendAt) : null;

  /** The reads and the plan: one statement (two with another type's templates). */
  const prepare = async (tx: Db) => {
    const raw = rawTransactionOf(tx);
    // Templates are read only when some recipient may get an in-app item now and no inline content is given.
    const wantTemplates = !request.sendAt && !request.content?.in_app;
    const read = await readIntake(raw, request.type ?? "default", ids, wantTemplates && !request.template);
    if (!read.type) {
      throw new HeraldApiError("unprocessable_entity", `type: no notification type '${request.type ?? "default"}'`, [{ path: "type", message: "unknown notification type" }]);
    }
    const type = read.type;
    let templates = read.templates;
    if (request.template) {
      const templateType = await getNotificationTypeOrThrow(tx, request.template, "template");
      templates = wantTemplates ? await loadInAppTemplates(raw, templateType.id) : [];
    }
    const byExternal = new Map(read.recipients.map((r) => [r.externalId, r]));
    const missing = refs.map((r, i) => [r.id, i] as const).filter(([id]) => !byExternal.has(id));
    if (missing.length > 0) {
      throw new HeraldApiError(
        "unprocessable_entity",
        `to: unknown recipient '${missing[0]![0]}' (create it first, or send it inline as an object)`,
        missing.map(([id, i]) => ({ path: `to[${i}]`, message: `unknown recipient '${id}'` })),
      );
    }
    const writes = planAtIntake({ type, request: intakeRequest, recipients: ids.map((id) => byExternal.get(id)!), templates, now: new Date() });
    const priority = type.critical ? ("critical" as const) : request.priority;
    const toSend: NotificationToSend[] = writes.needRun.map((id) => ({ id, sendAt, priority }));
    const accepted: Accepted = { notifications: writes.notifications.map((n, i) => ({ id: n.id, recipient: ids[i]! })) };
    return { type, writes, toSend, accepted };
  };

  /** The writes: one statement, with the events before it where this transaction can take them. */
  const write = async (tx: Db, prepared: Awaited<ReturnType<typeof prepare>>) => {
    const raw = rawTransactionOf(tx);
    // Where the executor's tables share this database, the events commit with the rows: no
    // 202'd notification is ever without its event.
    const eventsWritten = prepared.toSend.length === 0 || (options.send?.inTransaction ? await options.send.inTransaction(raw, prepared.toSend) : false);
    await writeIntake(raw, prepared.writes, { typeId: prepared.type.id, typeKey: prepared.type.key, request: intakeRequest, content, eventsWritten });
    return eventsWritten ? [] : prepared.toSend;
  };

  // The common request (known recipients, no Idempotency-Key, no audit): the reads need no
  // transaction, and the writes are one statement — a transaction only where events join them.
  if (!key && !options.audit && refs.every((r) => r.ref)) {
    const prepared = await prepare(db);
    const inTransaction = prepared.toSend.length > 0 && Boolean(options.send?.inTransaction);
    const pending = inTransaction ? await db.transaction((tx) => write(tx, prepared)) : await write(db, prepared);
    return finish({ accepted: prepared.accepted, replayed: false, pending });
  }

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
        return { accepted: existing!.response as Accepted, replayed: true, pending: [] as NotificationToSend[] };
      }
    }
    await upsertInlineRecipients(rawTransactionOf(tx), refs.filter((r) => !r.ref));
    const prepared = await prepare(tx);
    const pending = await write(tx, prepared);
    const { accepted } = prepared;
    if (key) await tx.update(idempotencyKeys).set({ response: accepted }).where(eq(idempotencyKeys.key, key));
    if (options.audit) {
      // What was sent and to whom; the data and content stay with the notifications themselves.
      const { type, template, channels, priority, sendAt } = request;
      const first = accepted.notifications.length === 1 ? accepted.notifications[0]!.id : null;
      await recordAudit(tx, options.audit, {
        action: "notification.send",
        target: { type: "notification", id: first },
        after: { type: type ?? "default", template, channels, priority, sendAt, notifications: accepted.notifications },
      });
    }
    return { accepted, replayed: false, pending };
  });
  return finish(outcome);

  async function finish(outcome: { accepted: Accepted; replayed: boolean; pending: NotificationToSend[] }) {
    if (options.afterCommit !== false && options.send && outcome.pending.length > 0) {
      await dispatchNotificationEvents(db, outcome.pending, options.send);
      return { accepted: outcome.accepted, replayed: outcome.replayed, pending: [] };
    }
    return outcome;
  }
}

/**
 * Inline recipients in, set-based: new ones created, known ones updated with the fields given
 * (a field left out keeps its value). The same id twice in one request: the later fields win.
 */
async function upsertInlineRecipients(tx: RawTransaction, inline: { id: string; name?: string; email?: string; phone?: string; locale?: string; timezone?: string; data?: Record<string, unknown> }[]) {
  if (inline.length === 0) return;
  const merged = new Map<string, Record<string, unknown>>();
  for (const r of inline) {
    const fields = Object.fromEntries(Object.entries({ name: r.name, email: r.email, phone: r.phone, locale: r.locale, timezone: r.timezone, data: r.data }).filter(([, v]) => v !== undefined));
    merged.set(r.id, { ...merged.get(r.id), ...fields, external_id: r.id });
  }
  await tx.query(
    `with input as (
       select * from jsonb_to_recordset($1::jsonb) as x(external_id text, name text, email text, phone text, locale text, timezone text, data jsonb)
     )
     insert into recipients (external_id, name, email, phone, locale, timezone, data)
     select external_id, name, email, phone, coalesce(locale, 'en'), coalesce(timezone, 'UTC'), coalesce(data, '{}'::jsonb) from input
     on conflict (external_id) do update set
       name = coalesce(excluded.name, recipients.name),
       email = coalesce(excluded.email, recipients.email),
       phone = coalesce(excluded.phone, recipients.phone),
       locale = coalesce((select i.locale from input i where i.external_id = excluded.external_id), recipients.locale),
       timezone = coalesce((select i.timezone from input i where i.external_id = excluded.external_id), recipients.timezone),
       data = coalesce((select i.data from input i where i.external_id = excluded.external_id), recipients.data)`,
    [JSON.stringify([...merged.values()])],
  );
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
