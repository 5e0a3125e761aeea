import { eq } from "drizzle-orm";
import { HeraldApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/client";
import { notificationTypes, type NotificationType } from "@/lib/db/schema";

/**
 * The notification type with this key. Missing: a 404 when the key is the resource asked for,
 * or a 422 naming the request field it came from (`field`).
 */
export async function getNotificationTypeOrThrow(db: Db, key: string, field?: string): Promise<NotificationType> {
  const [type] = await db.select().from(notificationTypes).where(eq(notificationTypes.key, key));
  if (type) return type;
  if (field) throw new HeraldApiError("unprocessable_entity", `${field}: no notification type '${key}'`, [{ path: field, message: "unknown notification type" }]);
  throw new HeraldApiError("not_found", `No notification type '${key}'.`);
}
