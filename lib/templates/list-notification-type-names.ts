import { asc } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { notificationTypes } from "@/lib/db/schema";

/** Every notification type's key and name, by name: what type filters offer. */
export async function listNotificationTypeNames(db: Db): Promise<{ key: string; name: string }[]> {
  return db
    .select({ key: notificationTypes.key, name: notificationTypes.name })
    .from(notificationTypes)
    .orderBy(asc(notificationTypes.name), asc(notificationTypes.key));
}
