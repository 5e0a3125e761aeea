import { and, asc, eq, gt, ilike, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { HeraldApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/client";
import { escapeLike } from "@/lib/db/escape-like";
import { recipients, type Recipient } from "@/lib/db/schema";
import { localeSchema } from "@/lib/notifications/schemas";

// Query strings say "true"/"false"; JSON bodies say true/false. Both mean the same filter.
const flag = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v === "" ? undefined : v), z.boolean().optional());

export const recipientFilterSchema = z.strictObject({
  search: z.string().trim().max(200).optional(),
  locale: localeSchema.optional(),
  hasEmail: flag,
  hasPhone: flag,
});
export type RecipientFilter = z.infer<typeof recipientFilterSchema>;

export const recipientSearchSchema = recipientFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  after: z.string().max(400).optional(),
});

/** The conditions a filter stands for; shared by the admin search and broadcasts. */
export function recipientFilterWhere(filter: RecipientFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.search) {
    const like = `%${escapeLike(filter.search)}%`;
    where.push(or(ilike(recipients.name, like), ilike(recipients.email, like), ilike(recipients.externalId, like))!);
  }
  if (filter.locale) where.push(or(eq(recipients.locale, filter.locale), ilike(recipients.locale, `${escapeLike(filter.locale)}-%`))!);
  if (filter.hasEmail !== undefined) where.push(filter.hasEmail ? isNotNull(recipients.email) : isNull(recipients.email));
  if (filter.hasPhone !== undefined) where.push(filter.hasPhone ? isNotNull(recipients.phone) : isNull(recipients.phone));
  return where;
}

// Ordered by the host app's id, which is unique: the cursor is simply the last one seen.
export const encodeRecipientCursor = (externalId: string) => Buffer.from(externalId).toString("base64url");
export function decodeRecipientCursor(after: string): string {
  const externalId = Buffer.from(after, "base64url").toString();
  if (!externalId || encodeRecipientCursor(externalId) !== after) {
    throw new HeraldApiError("unprocessable_entity", "after: not a cursor from this list", [{ path: "after", message: "not a cursor from this list" }]);
  }
  return externalId;
}

export type RecipientPage = { items: Recipient[]; hasMore: boolean; after: string | null };

/** A page of recipients matching a search (name, email or id) and filters, by id. */
export async function searchRecipients(db: Db, query: unknown): Promise<RecipientPage> {
  const { limit, after, ...filter } = recipientSearchSchema.parse(query);
  const where = recipientFilterWhere(filter);
  if (after) where.push(gt(recipients.externalId, decodeRecipientCursor(after)));
  const rows = await db
    .select()
    .from(recipients)
    .where(where.length ? and(...where) : sql`true`)
    .orderBy(asc(recipients.externalId))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { items: page, hasMore: rows.length > limit, after: rows.length > limit ? encodeRecipientCursor(page.at(-1)!.externalId) : null };
}
