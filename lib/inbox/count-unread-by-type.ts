import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { inboxItems, notificationTypes } from "@/lib/db/schema";

export type UnreadByType = { typeKey: string; name: string; unread: number };

/** One recipient's unread (and not archived) items per notification type, the most first. */
export async function countUnreadByType(db: Db, recipientId: string): Promise<UnreadByType[]> {
  const unread = sql<number>`count(*)::int`;
  const rows = await db
    .select({ typeKey: inboxItems.typeKey, name: sql<string | null>`min(${notificationTypes.name})`, unread })
    .from(inboxItems)
    .leftJoin(notificationTypes, eq(notificationTypes.key, inboxItems.typeKey))
    .where(and(eq(inboxItems.recipientId, recipientId), isNull(inboxItems.readAt), isNull(inboxItems.archivedAt)))
    .groupBy(inboxItems.typeKey)
    .orderBy(desc(unread), inboxItems.typeKey);
  return rows.map((r) => ({ typeKey: r.typeKey, name: r.name ?? r.typeKey, unread: r.unread }));
}
