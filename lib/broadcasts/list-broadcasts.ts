import { desc, sql } from "drizzle-orm";
import { z } from "zod";
import { HeraldApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/client";
import { broadcasts } from "@/lib/db/schema";
import { decodeTimeCursor, encodeTimeCursor } from "@/lib/db/time-cursor";
import { toBroadcastProgress, type BroadcastProgress } from "./get-broadcast";

export const broadcastsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(10),
  after: z.string().max(400).optional(),
});

/** Broadcasts, newest first, each with its progress. */
export async function listBroadcasts(db: Db, query: unknown = {}): Promise<{ items: BroadcastProgress[]; hasMore: boolean; after: string | null }> {
  const { limit, after } = broadcastsQuerySchema.parse(query);
  const cursor = after ? decodeTimeCursor(after) : null;
  if (after && !cursor) throw new HeraldApiError("unprocessable_entity", "after: not a cursor from this list", [{ path: "after", message: "not a cursor from this list" }]);
  const rows = await db
    .select({ row: broadcasts, cursorAt: sql<string>`${broadcasts.createdAt}::text` })
    .from(broadcasts)
    .where(cursor ? sql`(${broadcasts.createdAt}, ${broadcasts.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)` : sql`true`)
    .orderBy(desc(broadcasts.createdAt), desc(broadcasts.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toBroadcastProgress(r.row)),
    hasMore: rows.length > limit,
    after: rows.length > limit && last ? encodeTimeCursor(last.cursorAt, last.row.id) : null,
  };
}
