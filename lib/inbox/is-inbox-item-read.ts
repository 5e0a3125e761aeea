import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { inboxItems } from "@/lib/db/schema";

/** Whether the in-app item of a notification has been read (or archived, which implies read). */
export async function isInboxItemRead(db: Db, notificationId: string): Promise<boolean> {
  const rows = await db
    .select({ id: inboxItems.id })
    .from(inboxItems)
    .where(and(eq(inboxItems.notificationId, notificationId), isNotNull(inboxItems.readAt)))
    .limit(1);
  return rows.length > 0;
}
