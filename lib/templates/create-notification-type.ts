import { HeraldApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/client";
import { notificationTypes } from "@/lib/db/schema";
import { createNotificationTypeSchema } from "./notification-type-schemas";

/** Creates a notification type; its templates are added afterwards, one channel at a time. */
export async function createNotificationType(db: Db, body: unknown) {
  const input = createNotificationTypeSchema.parse(body);
  const [row] = await db
    .insert(notificationTypes)
    .values({
      key: input.key,
      name: input.name,
      description: input.description ?? null,
      defaultChannels: input.defaultChannels,
      critical: input.critical,
      escalation: input.escalation ?? null,
      templateSettings: {
        ...(input.defaultLocale ? { defaultLocale: input.defaultLocale } : {}),
        ...(input.variables ? { variables: input.variables } : {}),
      },
    })
    .onConflictDoNothing({ target: notificationTypes.key })
    .returning();
  // Nothing inserted means the key was taken.
  if (!row) throw new HeraldApiError("conflict", `key: a type '${input.key}' already exists`, [{ path: "key", message: "already exists" }]);
  return row;
}
