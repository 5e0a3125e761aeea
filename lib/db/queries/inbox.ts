import { and, desc, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { decodeTimeCursor, olderThanCursor, timeCursorPage } from "@/lib/db/time-cursor";
import type { Db } from "../client";
import { inboxItems, type InboxItem } from "../schema";

export const inboxFilterSchema = z.object({
  status: z.enum(["all", "unread", "archived"]).default("all"),
  type: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().max(200).optional(),
});
export type InboxFilter = z.input<typeof inboxFilterSchema>;

export type InboxPage = {
  items: InboxItem[];
  hasMore: boolean;
  after: string | null;
  counts: { unread: number; unseen: number; total: number };
};

/** A newest-first page of one recipient's inbox, with the counts shown beside it. */
export async function listInboxPage(db: Db, recipientId: string, filter: InboxFilter = {}): Promise<InboxPage> {
  const { status, type, limit, after } = inboxFilterSchema.parse(filter);
  const where: SQL[] = [eq(inboxItems.recipientId, recipientId)];
  if (status === "archived") where.push(isNotNull(inboxItems.archivedAt));
  else where.push(isNull(inboxItems.archivedAt));
  if (status === "unread") where.push(isNull(inboxItems.readAt));
  if (type) where.push(eq(inboxItems.typeKey, type));
  const cursor = after ? decodeTimeCursor(after) : null;
  if (cursor) where.push(olderThanCursor(inboxItems.createdAt, inboxItems.id, cursor));

  const rows = await db
    .select({ item: inboxItems, cursorAt: sql<string>`${inboxItems.createdAt}::text` })
    .from(inboxItems)
    .where(and(...where))
    .orderBy(desc(inboxItems.createdAt), desc(inboxItems.id))
    .limit(limit + 1);
  const { page, hasMore, after: next } = timeCursorPage(rows, limit, (r) => ({ cursorAt: r.cursorAt, id: r.item.id }));
  return {
    items: page.map((row) => row.item),
    hasMore,
    after: next,
    counts: await countInbox(db, recipientId),
  };
}

export async function countInbox(db: Db, recipientId: string) {
  const [row] = await db
    .select({
      unread: sql<number>`count(*) filter (where ${inboxItems.readAt} is null)::int`,
      unseen: sql<number>`count(*) filter (where ${inboxItems.seenAt} is null)::int`,
      total: sql<number>`count(*)::int`,
    })
    .from(inboxItems)
    .where(and(eq(inboxItems.recipientId, recipientId), isNull(inboxItems.archivedAt)));
  return row ?? { unread: 0, unseen: 0, total: 0 };
}
