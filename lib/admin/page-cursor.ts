import { z } from "zod";

// Admin lists page newest first by (created_at, id). The timestamp travels as Postgres text so
// its microseconds survive; a JavaScript Date would round them off and skip or repeat rows.

export const encodePageCursor = (createdAt: string, id: string) => Buffer.from(`${createdAt}|${id}`).toString("base64url");

/** A cursor query field: an opaque string that must decode to (timestamp, uuid), else 422. */
export const pageCursorSchema = z
  .string()
  .max(200)
  .transform((cursor, ctx) => {
    const [createdAt, id] = Buffer.from(cursor, "base64url").toString().split("|");
    if (!createdAt || !id || Number.isNaN(Date.parse(createdAt)) || !z.uuid().safeParse(id).success) {
      ctx.addIssue({ code: "custom", message: "not a cursor from a previous page" });
      return z.NEVER;
    }
    return { createdAt, id };
  });
