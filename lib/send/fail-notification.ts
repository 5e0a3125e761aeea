import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { deliveries, notifications } from "@/lib/db/schema";

/** A delivery run that gave up: the notification failed, and so did whatever was still pending. */
export async function failNotification(db: Db, notificationId: string, message: string): Promise<void> {
  await db
    .update(notifications)
    .set({ status: "failed", completedAt: new Date() })
    .where(and(eq(notifications.id, notificationId), inArray(notifications.status, ["accepted", "scheduled", "processing"])));
  // Only what was still pending failed; what went out stays as it went.
  await db
    .update(deliveries)
    .set({ status: "failed", lastErrorMessage: message.slice(0, 1000) })
    .where(and(eq(deliveries.notificationId, notificationId), eq(deliveries.status, "queued")));
}
