import { and, desc, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { decodeTimeCursor, olderThanCursor, timeCursorPage } from "@/lib/db/time-cursor";
import type { Db } from "../client";
import { executeRows } from "../execute-rows";
import { inboxItems, type InboxItem } from "../schema";

export const inboxFilterSchema = z.object({
  status: z.enum(["all", "unread", "archived"]).default("all"),
  type: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().max(200).optional(),
});
export type InboxFilter = z.input<typeof inboxFilterSchema>;

export type InboxCounts = { unread: number; unseen: number; total: number };

export type InboxPage = {
  items: InboxItem[];
  hasMore: boolean;
  after: string | null;
  /** On the first page only: later pages (`after`) leave counting to GET /api/inbox/counts. */
  counts?: InboxCounts;
};

/** A newest-first page of one recipient's inbox; the first page comes with the counts shown beside it. */
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
    ...(cursor ? {} : { counts: await countInbox(db, recipientId) }),
  };
}

/**
 * One recipient's unread, unseen and total (not archived) items. Each is counted on its own, with
 * the very conditions of a partial index on the recipient (inbox_items_unread_idx,
 * inbox_items_unseen_idx, inbox_items_unarchived_idx): three index-only counts of their rows.
 */
export async function countInbox(db: Db, recipientId: string): Promise<InboxCounts> {
  const live = and(eq(inboxItems.recipientId, recipientId), isNull(inboxItems.archivedAt));
  const count = (where: SQL | undefined) => sql<number>`(select count(*)::int from ${inboxItems} where ${where})`;
  const [row] = await executeRows<InboxCounts>(
    db,
    sql`select ${count(and(live, isNull(inboxItems.readAt)))} as unread,
               ${count(and(live, isNull(inboxItems.seenAt)))} as unseen,
               ${count(live)} as total`,
  );
  return row ?? { unread: 0, unseen: 0, total: 0 };
}
