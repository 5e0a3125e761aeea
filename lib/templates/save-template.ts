import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { HeraldApiError } from "@/lib/api/errors";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { channels, templates } from "@/lib/db/schema";
import { renderTemplate, TemplateRenderError, validateTemplate, type TemplateIssue } from "./render-template";
import { MAX_CONTENT_FIELD_LENGTH } from "@/lib/notifications/content-limits";
import { localeSchema } from "@/lib/notifications/schemas";
import { getNotificationTypeOrThrow } from "./get-notification-type-or-throw";

export const templateInputSchema = z.strictObject({
  channel: z.enum(channels),
  locale: localeSchema.default("en"),
  content: z.record(z.string().regex(/^[a-zA-Z]+$/), z.string().max(MAX_CONTENT_FIELD_LENGTH)),
  /** The version the editor started from (0: none yet). A save over a newer one answers 409. */
  baseVersion: z.number().int().min(0).optional(),
});

// Rendering problems about the whole output (too long) have no position.
const at = (i: TemplateIssue) => (i.line ? `line ${i.line}, column ${i.column}: ${i.message}` : i.message);
const issuesError = ([first, ...rest]: TemplateIssue[]) =>
  new HeraldApiError(
    "unprocessable_entity",
    `content.${first!.field}${first!.line ? ` ${first!.line}:${first!.column}` : ""}: ${first!.message}`,
    [first!, ...rest].map((i) => ({ path: `content.${i.field}`, message: at(i) })),
  );

/**
 * Saves a template as the next version for (type, channel, locale), after checking its syntax
 * and, when the type declares its variables, that it uses no others. A rollback saves through
 * here too, and is audited as one. Saves of one (type, channel, locale) are serialized by a
 * transaction-scoped advisory lock, so two at once get consecutive versions instead of colliding;
 * a save that names the version it started from is refused with 409 when another landed first.
 */
export async function saveTemplate(db: Db, typeKey: string, body: unknown, actor: AuditActor, rollback?: { restoredVersion: number }) {
  const input = templateInputSchema.parse(body);
  const type = await getNotificationTypeOrThrow(db, typeKey);
  const known = type.templateSettings.variables;
  const issues = validateTemplate(input.channel, input.content, known ? [...known, "recipient"] : undefined);
  if (issues.length > 0) throw issuesError(issues);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`template:${type.id}:${input.channel}:${input.locale}`}, 0))`);
    const [current] = await tx
      .select({ version: templates.version, content: templates.content })
      .from(templates)
      .where(and(eq(templates.notificationTypeId, type.id), eq(templates.channel, input.channel), eq(templates.locale, input.locale)))
      .orderBy(desc(templates.version))
      .limit(1);
    const latest = current?.version ?? 0;
    if (input.baseVersion !== undefined && input.baseVersion !== latest) {
      throw new HeraldApiError(
        "conflict",
        `version ${latest} of this template was saved after you started editing version ${input.baseVersion}: reload it and apply your change again`,
      );
    }
    const [saved] = await tx
      .insert(templates)
      .values({
        notificationTypeId: type.id,
        channel: input.channel,
        locale: input.locale,
        version: latest + 1,
        content: input.content,
        createdBy: actor.type === "user" ? actor.id : null,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: rollback ? "template.rollback" : "template.save",
      target: { type: "template", id: `${type.key}/${input.channel}/${input.locale}` },
      before: current ?? null,
      after: { version: saved!.version, content: saved!.content, ...rollback },
    });
    return saved!;
  });
}

export const previewInputSchema = templateInputSchema.extend({ data: z.record(z.string(), z.unknown()).default({}) });

/** Renders a template with sample data, without saving: what the recipient would see. */
export function previewTemplate(body: unknown) {
  const input = previewInputSchema.parse(body);
  try {
    return renderTemplate(input.channel, input.content, input.data);
  } catch (error) {
    if (error instanceof TemplateRenderError) throw issuesError(error.issues);
    throw error;
  }
}
