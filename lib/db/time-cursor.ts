import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";

// A newest-first cursor: the last row's (created_at, id). The timestamp travels as Postgres
// text so its microseconds survive; a JavaScript Date would round them off and skip or repeat rows.
export const encodeTimeCursor = (createdAt: string, id: string) => Buffer.from(`${createdAt}|${id}`).toString("base64url");

/** The cursor's parts, or null for anything that is not one of ours. */
export function decodeTimeCursor(cursor: string): { createdAt: string; id: string } | null {
  const [createdAt, id] = Buffer.from(cursor, "base64url").toString().split("|");
  if (!createdAt || !id || Number.isNaN(Date.parse(createdAt)) || !z.uuid().safeParse(id).success) return null;
  return { createdAt, id };
}

/** A cursor query field: an opaque string that must decode to (timestamp, uuid), else 422. */
export const timeCursorSchema = z
  .string()
  .max(200)
  .transform((cursor, ctx) => {
    const decoded = decodeTimeCursor(cursor);
    if (!decoded) {
      ctx.addIssue({ code: "custom", message: "not a cursor from a previous page" });
      return z.NEVER;
    }
    return decoded;
  });

type Cursor = { createdAt: string; id: string };

/** Rows strictly after the cursor in (created_at, id) descending order. */
export function olderThanCursor(createdAt: AnyPgColumn, id: AnyPgColumn, cursor: Cursor): SQL {
  return sql`(${createdAt}, ${id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`;
}

/**
 * One page from `limit + 1` rows fetched newest first: the first `limit` rows, whether there
 * are more, and the cursor for the next page (built from the last row's text timestamp and id).
 */
export function timeCursorPage<Row>(rows: Row[], limit: number, keyOf: (row: Row) => { cursorAt: string; id: string }) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const hasMore = rows.length > limit;
  return { page, hasMore, after: hasMore && last ? encodeTimeCursor(keyOf(last).cursorAt, keyOf(last).id) : null };
}
