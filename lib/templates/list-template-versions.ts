import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { channels, templates } from "@/lib/db/schema";
import { localeSchema } from "@/lib/notifications/schemas";
import { getNotificationTypeOrThrow } from "./get-notification-type-or-throw";

export const templateVersionsQuerySchema = z.object({
  channel: z.enum(channels),
  locale: localeSchema.default("en"),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  // Versions only grow, so the last version seen is the cursor.
  after: z.coerce.number().int().min(1).optional(),
});

/** The saved versions of one template (type, channel, locale), newest first. */
export async function listTemplateVersions(db: Db, typeKey: string, query: unknown) {
  const { channel, locale, limit, after } = templateVersionsQuerySchema.parse(query);
  const type = await getNotificationTypeOrThrow(db, typeKey);
  const where: SQL[] = [eq(templates.notificationTypeId, type.id), eq(templates.channel, channel), eq(templates.locale, locale)];
  if (after) where.push(lt(templates.version, after));
  const rows = await db.select().from(templates).where(and(...where)).orderBy(desc(templates.version)).limit(limit + 1);
  const page = rows.slice(0, limit);
  return { items: page, hasMore: rows.length > limit, after: rows.length > limit ? String(page.at(-1)!.version) : null };
}
