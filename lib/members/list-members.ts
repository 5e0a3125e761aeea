import { desc, inArray, sql, and } from "drizzle-orm";
import { adminRoles } from "@/lib/auth/admin-roles";
import type { Db } from "@/lib/db/client";
import { authUsers } from "@/lib/db/schema";
import { olderThanCursor, timeCursorPage } from "@/lib/db/time-cursor";
import { listMembersQuerySchema, toMember, type Member } from "./member-schemas";

/** Every member (a user with a member role in app metadata), newest first, by cursor. */
export async function listMembers(db: Db, query: unknown = {}): Promise<{ items: Member[]; hasMore: boolean; after: string | null }> {
  const { limit, after } = listMembersQuerySchema.parse(query);
  const rows = await db
    .select({ row: authUsers, cursorAt: sql<string>`${authUsers.createdAt}::text` })
    .from(authUsers)
    .where(and(inArray(sql`${authUsers.rawAppMetaData} ->> 'role'`, [...adminRoles]), after ? olderThanCursor(authUsers.createdAt, authUsers.id, after) : undefined))
    .orderBy(desc(authUsers.createdAt), desc(authUsers.id))
    .limit(limit + 1);
  const { page, hasMore, after: next } = timeCursorPage(rows, limit, (r) => ({ cursorAt: r.cursorAt, id: r.row.id }));
  return { items: page.map((r) => toMember(r.row)), hasMore, after: next };
}
