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
