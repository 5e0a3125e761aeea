import { and, desc, eq, gte, ilike, lte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { auditLog } from "@/lib/db/schema";
import { escapeLike } from "@/lib/db/escape-like";
import { olderThanCursor, timeCursorPage, timeCursorSchema } from "@/lib/db/time-cursor";
import { auditActions, auditTargetTypes } from "./record-audit";

const datetime = z.iso.datetime({ offset: true, error: "expected an ISO 8601 date-time with offset" });

export const auditQuerySchema = z
  .object({
    // A member's or key's id, or part of an email, a key's name, or "cli".
    actor: z.string().trim().min(1).max(200).optional(),
    action: z.enum(auditActions, { error: `expected one of ${auditActions.join(", ")}` }).optional(),
    targetType: z.enum(auditTargetTypes, { error: `expected one of ${auditTargetTypes.join(", ")}` }).optional(),
    from: datetime.optional(),
    to: datetime.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    after: timeCursorSchema.optional(),
  })
  .refine((f) => !f.from || !f.to || Date.parse(f.from) <= Date.parse(f.to), { path: ["to"], error: "must not be before from" });

export type AuditEntryView = {
  id: string;
  createdAt: string;
  actor: { type: "user" | "api_key" | "cli" | "system"; id: string | null; name: string };
  action: string;
  target: { type: string; id: string | null };
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
};

/** The audit log, newest first, narrowed by actor, action, target type and time. */
export async function listAuditLog(db: Db, query: unknown = {}): Promise<{ items: AuditEntryView[]; hasMore: boolean; after: string | null }> {
  const q = auditQuerySchema.parse(query);
  const where: SQL[] = [];
  if (q.actor) {
    where.push(z.uuid().safeParse(q.actor).success ? eq(auditLog.actorId, q.actor) : ilike(auditLog.actorName, `%${escapeLike(q.actor)}%`));
  }
  if (q.action) where.push(eq(auditLog.action, q.action));
  if (q.targetType) where.push(eq(auditLog.targetType, q.targetType));
  if (q.from) where.push(gte(auditLog.createdAt, new Date(q.from)));
  if (q.to) where.push(lte(auditLog.createdAt, new Date(q.to)));
  if (q.after) where.push(olderThanCursor(auditLog.createdAt, auditLog.id, q.after));
  const rows = await db
    .select({ row: auditLog, cursorAt: sql<string>`${auditLog.createdAt}::text` })
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(q.limit + 1);
  const { page, hasMore, after } = timeCursorPage(rows, q.limit, (r) => ({ cursorAt: r.cursorAt, id: r.row.id }));
  return {
    items: page.map(({ row }) => ({
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      actor: { type: row.actorType, id: row.actorId, name: row.actorName },
      action: row.action,
      target: { type: row.targetType, id: row.targetId },
      before: row.before,
      after: row.after,
      requestId: row.requestId,
      ip: row.ip,
    })),
    hasMore,
    after,
  };
}
