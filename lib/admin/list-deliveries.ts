import { z } from "zod";
import type { Database } from "@/lib/db/client";
import { channels, deliveryStatuses } from "@/lib/db/schema";
import { escapeLike } from "@/lib/db/escape-like";
import { encodeTimeCursor, timeCursorSchema } from "@/lib/db/time-cursor";

const datetime = z.iso.datetime({ offset: true, error: "expected an ISO 8601 date-time with offset" });

export const deliveryFilterSchema = z
  .object({
    status: z.enum(deliveryStatuses).optional(),
    channel: z.enum(channels).optional(),
    provider: z.string().trim().min(1).max(100).optional(),
    // Matches a recipient's external id, email or name (case-insensitive substring).
    recipient: z.string().trim().min(1).max(200).optional(),
    type: z.string().trim().min(1).max(100).optional(),
    from: datetime.optional(),
    to: datetime.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    after: timeCursorSchema.optional(),
  })
  .refine((f) => !f.from || !f.to || Date.parse(f.from) <= Date.parse(f.to), { path: ["to"], error: "must not be before from" });
export type DeliveryFilter = z.input<typeof deliveryFilterSchema>;

export type DeliveryLogRow = {
  id: string;
  notificationId: string;
  channel: string;
  provider: string | null;
  status: string;
  attempts: number;
  replayCount: number;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
  discardedAt: string | null;
  type: { key: string; name: string };
  recipient: { id: string; externalId: string; name: string | null; email: string | null };
};

type RawRow = Omit<DeliveryLogRow, "type" | "recipient" | "createdAt" | "updatedAt" | "discardedAt"> & {
  createdAt: Date;
  updatedAt: Date;
  discardedAt: Date | null;
  cursorAt: string;
  typeKey: string;
  typeName: string;
  recipientId: string;
  externalId: string;
  recipientName: string | null;
  recipientEmail: string | null;
};

/** Columns and joins shared by the delivery log and the dead letters. */
const deliveryLogSelect = `
  select d.id, d.notification_id as "notificationId", d.channel, d.provider, d.status, d.attempts,
         d.replay_count as "replayCount", d.last_error_code as "lastErrorCode", d.last_error_message as "lastErrorMessage",
         (select e.reason from public.delivery_events e where e.delivery_id = d.id and e.reason is not null order by e.id desc limit 1) as reason,
         d.created_at as "createdAt", d.updated_at as "updatedAt", d.discarded_at as "discardedAt", d.created_at::text as "cursorAt",
         t.key as "typeKey", t.name as "typeName",
         r.id as "recipientId", r.external_id as "externalId", r.name as "recipientName", r.email as "recipientEmail"
    from public.deliveries d
    join public.notifications n on n.id = d.notification_id
    join public.notification_types t on t.id = n.notification_type_id
    join public.recipients r on r.id = d.recipient_id`;

export type DeliveryLogPage = { items: DeliveryLogRow[]; hasMore: boolean; after: string | null };

/**
 * Runs a log query whose last two parameters are the cursor; shapes rows and the next cursor.
 * With `recipientIds` (a few recipients), each one's newest matching deliveries are read through
 * its own index range and only those are merged: a recipient's whole history is never sorted.
 */
export async function pageDeliveryLog(
  database: Database,
  where: string[],
  params: unknown[],
  limit: number,
  after?: { createdAt: string; id: string },
  recipientIds?: string[],
): Promise<DeliveryLogPage> {
  const clauses = [...where];
  const values = [...params];
  if (after) {
    values.push(after.createdAt, after.id);
    clauses.push(`(d.created_at, d.id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
  }
  values.push(limit + 1);
  const limitParam = `$${values.length}`;
  let text = `${deliveryLogSelect}
     ${clauses.length ? `where ${clauses.join(" and ")}` : ""}
     order by d.created_at desc, d.id desc
     limit ${limitParam}`;
  if (recipientIds) {
    values.push(recipientIds);
    text = `select x.* from unnest($${values.length}::uuid[]) as m (id)
      cross join lateral (
        ${deliveryLogSelect}
        where ${[`d.recipient_id = m.id`, ...clauses].join(" and ")}
        order by d.created_at desc, d.id desc
        limit ${limitParam}
      ) x
      order by x."createdAt" desc, x.id desc
      limit ${limitParam}`;
  }
  const rows = await database.query<RawRow>(text, values);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      notificationId: r.notificationId,
      channel: r.channel,
      provider: r.provider,
      status: r.status,
      attempts: r.attempts,
      replayCount: r.replayCount,
      lastErrorCode: r.lastErrorCode,
      lastErrorMessage: r.lastErrorMessage,
      reason: r.reason,
      createdAt: new Date(r.createdAt).toISOString(),
      updatedAt: new Date(r.updatedAt).toISOString(),
      discardedAt: r.discardedAt ? new Date(r.discardedAt).toISOString() : null,
      type: { key: r.typeKey, name: r.typeName },
      recipient: { id: r.recipientId, externalId: r.externalId, name: r.recipientName, email: r.recipientEmail },
    })),
    hasMore: rows.length > limit,
    after: rows.length > limit && last ? encodeTimeCursor(last.cursorAt, last.id) : null,
  };
}

/** Up to this many recipients matching a search, the log reads each one's deliveries by index. */
const FEW_RECIPIENTS = 200;

/** The delivery log: every delivery, newest first, narrowed by the admin's filters. */
export async function listDeliveries(database: Database, filter: DeliveryFilter | unknown = {}): Promise<DeliveryLogPage> {
  const f = deliveryFilterSchema.parse(filter);
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (f.status) add((p) => `d.status = ${p}`, f.status);
  if (f.channel) add((p) => `d.channel = ${p}`, f.channel);
  if (f.provider) add((p) => `d.provider = ${p}`, f.provider);
  if (f.type) add((p) => `t.key = ${p}`, f.type);
  if (f.from) add((p) => `d.created_at >= ${p}::timestamptz`, f.from);
  if (f.to) add((p) => `d.created_at <= ${p}::timestamptz`, f.to);
  if (f.recipient) {
    // LIKE wildcards typed by the admin are matched literally.
    const pattern = `%${escapeLike(f.recipient)}%`;
    // Usually the search names one person (an id or an email): their deliveries come from their
    // own index range. A broad pattern matching many people walks the log newest-first instead,
    // where their deliveries are dense enough to fill a page soon.
    const few = await database.query<{ id: string }>(
      `select r.id from public.recipients r where r.external_id ilike $1 or r.email ilike $1 or r.name ilike $1 limit ${FEW_RECIPIENTS + 1}`,
      [pattern],
    );
    if (few.length === 0) return { items: [], hasMore: false, after: null };
    if (few.length <= FEW_RECIPIENTS) return pageDeliveryLog(database, where, params, f.limit, f.after, few.map((r) => r.id));
    add((p) => `(r.external_id ilike ${p} or r.email ilike ${p} or r.name ilike ${p})`, pattern);
  }
  return pageDeliveryLog(database, where, params, f.limit, f.after);
}
