import { HeraldApiError } from "@/lib/api/errors";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { notificationTypes } from "@/lib/db/schema";
import { createNotificationTypeSchema } from "./notification-type-schemas";

/** Creates a notification type; its templates are added afterwards, one channel at a time. */
export async function createNotificationType(db: Db, body: unknown, actor: AuditActor) {
  const input = createNotificationTypeSchema.parse(body);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(notificationTypes)
      .values({
        key: input.key,
        name: input.name,
        description: input.description ?? null,
        category: input.category ?? null,
        defaultChannels: input.defaultChannels,
        critical: input.critical,
        escalation: input.escalation ?? null,
        inboxTtlDays: input.inboxTtlDays ?? null,
        templateSettings: {
          ...(input.defaultLocale ? { defaultLocale: input.defaultLocale } : {}),
          ...(input.variables ? { variables: input.variables } : {}),
        },
      })
      .onConflictDoNothing({ target: notificationTypes.key })
      .returning();
    // Nothing inserted means the key was taken.
    if (!row) throw new HeraldApiError("conflict", `key: a type '${input.key}' already exists`, [{ path: "key", message: "already exists" }]);
    await recordAudit(tx, actor, { action: "type.create", target: { type: "type", id: row.key }, after: row });
    return row;
  });
}
