import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { notifications } from "@/lib/db/schema";
import type { NotificationToSend } from "./accept-notifications";

/**
 * Accepted notifications whose run never started: never sent; or sent, yet not started well
 * after it was due (a scheduled one sleeps before it starts, so it is only overdue once its
 * sendAt has passed) and not re-sent in the last ten minutes — a notification stuck behind a
 * backlog is re-sent every ten minutes, not every minute. Oldest first, at most 1,000.
 */
export async function findUnstartedNotifications(db: Db): Promise<NotificationToSend[]> {
  const rows = await db
    .select({ id: notifications.id, sendAt: notifications.sendAt, priority: notifications.priority })
    .from(notifications)
    .where(
      sql`${notifications.startedAt} is null and ${notifications.status} in ('accepted', 'scheduled')
          and ${notifications.createdAt} < now() - interval '1 minute'
          and (${notifications.eventSentAt} is null
               or (${notifications.eventSentAt} < now() - interval '10 minutes'
                   and coalesce(${notifications.sendAt}, ${notifications.createdAt}) < now() - interval '10 minutes'))`,
    )
    .orderBy(notifications.createdAt)
    .limit(1000);
  return rows;
}
