import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { HeraldApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/client";
import { inboxItems, type InboxItem } from "@/lib/db/schema";

export const inboxItemPatchSchema = z
  .strictObject({ seen: z.boolean().optional(), read: z.boolean().optional(), archived: z.boolean().optional() })
  .refine((p) => p.seen !== undefined || p.read !== undefined || p.archived !== undefined, { error: "give seen, read or archived" });

export type InboxTransition = "seen" | "read" | "unread" | "archived" | "unarchived";

/** What changed, for the events an inbox action emits (escalations wait for reads). */
export type InboxChange = { item: InboxItem; transitions: InboxTransition[] };

/**
 * Marks one of the recipient's items seen / read / unread / archived / unarchived. Archiving
 * implies read; reading implies seen. Another recipient's item is "not found", never "forbidden".
 */
export async function updateInboxItem(db: Db, recipientId: string, itemId: string, patch: unknown): Promise<InboxChange> {
  const p = inboxItemPatchSchema.parse(patch);
  if (!z.uuid().safeParse(itemId).success) throw new HeraldApiError("not_found", "No such inbox item.");
  const [before] = await db.select().from(inboxItems).where(and(eq(inboxItems.id, itemId), eq(inboxItems.recipientId, recipientId)));
  if (!before) throw new HeraldApiError("not_found", "No such inbox item.");
  const now = new Date();
  const read = p.archived ? true : p.read;
  const set: Partial<InboxItem> = {};
  if (p.seen !== undefined) set.seenAt = p.seen ? (before.seenAt ?? now) : null;
  if (read !== undefined) {
    set.readAt = read ? (before.readAt ?? now) : null;
    if (read) set.seenAt = before.seenAt ?? now;
  }
  if (p.archived !== undefined) set.archivedAt = p.archived ? (before.archivedAt ?? now) : null;
  const [item] = await db.update(inboxItems).set(set).where(eq(inboxItems.id, itemId)).returning();
  const after = item!;
  const transitions: InboxTransition[] = [];
  if (!before.seenAt && after.seenAt) transitions.push("seen");
  if (!before.readAt && after.readAt) transitions.push("read");
  if (before.readAt && !after.readAt) transitions.push("unread");
  if (!before.archivedAt && after.archivedAt) transitions.push("archived");
  if (before.archivedAt && !after.archivedAt) transitions.push("unarchived");
  return { item: after, transitions };
}

/** Marks every unread, unarchived item read; returns the items that changed. */
export async function markAllRead(db: Db, recipientId: string): Promise<InboxItem[]> {
  return db
    .update(inboxItems)
    .set({ readAt: sql`now()`, seenAt: sql`coalesce(${inboxItems.seenAt}, now())` })
    .where(and(eq(inboxItems.recipientId, recipientId), isNull(inboxItems.readAt), isNull(inboxItems.archivedAt)))
    .returning();
}

/** Archives every read item; returns how many. */
export async function archiveAllRead(db: Db, recipientId: string): Promise<number> {
  const rows = await db
    .update(inboxItems)
    .set({ archivedAt: sql`now()` })
    .where(and(eq(inboxItems.recipientId, recipientId), isNotNull(inboxItems.readAt), isNull(inboxItems.archivedAt)))
    .returning({ id: inboxItems.id });
  return rows.length;
}

