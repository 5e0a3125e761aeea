import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { HeraldApiError } from "@/lib/api/errors";
import type { AuditActor } from "@/lib/audit/audit-actor";
import type { Db } from "@/lib/db/client";
import { channels, notificationTypes, templates } from "@/lib/db/schema";
import { saveTemplate } from "./save-template";
import { localeSchema } from "@/lib/notifications/schemas";

export const rollbackInputSchema = z.strictObject({
  channel: z.enum(channels),
  locale: localeSchema.default("en"),
  version: z.number().int().min(1),
});

/**
 * Brings an old version back by saving its content as a new version: history only grows, so
 * the rollback itself can be rolled back, and every send names the version it used.
 */
export async function rollbackTemplate(db: Db, typeKey: string, body: unknown, actor: AuditActor) {
  const { channel, locale, version } = rollbackInputSchema.parse(body);
  const [old] = await db
    .select({ content: templates.content })
    .from(templates)
    .innerJoin(notificationTypes, eq(notificationTypes.id, templates.notificationTypeId))
    .where(and(eq(notificationTypes.key, typeKey), eq(templates.channel, channel), eq(templates.locale, locale), eq(templates.version, version)));
  if (!old) throw new HeraldApiError("not_found", `version: no version ${version} of the ${channel} template (${locale}) of '${typeKey}'`, [{ path: "version", message: "no such version" }]);
  return saveTemplate(db, typeKey, { channel, locale, content: old.content }, actor, { restoredVersion: version });
}
