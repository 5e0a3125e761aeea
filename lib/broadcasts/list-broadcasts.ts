import { desc, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { broadcasts } from "@/lib/db/schema";
import { olderThanCursor, timeCursorPage, timeCursorSchema } from "@/lib/db/time-cursor";
import { toBroadcastProgress, type BroadcastProgress } from "./get-broadcast";

export const broadcastsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(10),
  after: timeCursorSchema.optional(),
});

/** Broadcasts, newest first, each with its progress. */
export async function listBroadcasts(db: Db, query: unknown = {}): Promise<{ items: BroadcastProgress[]; hasMore: boolean; after: string | null }> {
  const { limit, after } = broadcastsQuerySchema.parse(query);
  const rows = await db
    .select({ row: broadcasts, cursorAt: sql<string>`${broadcasts.createdAt}::text` })
    .from(broadcasts)
    .where(after ? olderThanCursor(broadcasts.createdAt, broadcasts.id, after) : sql`true`)
    .orderBy(desc(broadcasts.createdAt), desc(broadcasts.id))
    .limit(limit + 1);
  const { page, hasMore, after: next } = timeCursorPage(rows, limit, (r) => ({ cursorAt: r.cursorAt, id: r.row.id }));
  return { items: page.map((r) => toBroadcastProgress(r.row)), hasMore, after: next };
}
