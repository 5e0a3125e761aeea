import { eq } from "drizzle-orm";
import { HeraldApiError } from "@/lib/api/errors";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { notificationTypes } from "@/lib/db/schema";
import { updateNotificationTypeSchema } from "./notification-type-schemas";

/** Changes a type's settings; fields left out keep their value. Takes effect on the next send. */
export async function updateNotificationType(db: Db, key: string, body: unknown, actor: AuditActor) {
  const input = updateNotificationTypeSchema.parse(body);
  return db.transaction(async (tx) => {
    const [type] = await tx.select().from(notificationTypes).where(eq(notificationTypes.key, key)).for("update");
    if (!type) throw new HeraldApiError("not_found", `No notification type '${key}'.`);
    const { defaultLocale, variables, ...columns } = input;
    const settings = { ...type.templateSettings };
    if (defaultLocale !== undefined) settings.defaultLocale = defaultLocale;
    if (variables === null) delete settings.variables;
    else if (variables !== undefined) settings.variables = variables;
    const [updated] = await tx
      .update(notificationTypes)
      .set({ ...columns, templateSettings: settings })
      .where(eq(notificationTypes.id, type.id))
      .returning();
    await recordAudit(tx, actor, { action: "type.update", target: { type: "type", id: type.key }, before: type, after: updated });
    return updated!;
  });
}
