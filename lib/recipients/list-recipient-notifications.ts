import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { notifications, notificationTypes, type Channel } from "@/lib/db/schema";
import { olderThanCursor, timeCursorPage, timeCursorSchema } from "@/lib/db/time-cursor";

export const recipientNotificationsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: timeCursorSchema.optional(),
});

export type RecipientNotification = {
  id: string;
  typeKey: string;
  typeName: string;
  status: (typeof notifications.$inferSelect)["status"];
  createdAt: string;
  deliveries: { channel: Channel; status: string }[];
};

/** A recipient's notifications, newest first, each with its per-channel delivery status. */
export async function listRecipientNotifications(db: Db, recipientId: string, query: unknown = {}) {
  const { limit, after } = recipientNotificationsQuerySchema.parse(query);
  const where: SQL[] = [eq(notifications.recipientId, recipientId)];
  if (after) where.push(olderThanCursor(notifications.createdAt, notifications.id, after));
  const rows = await db
    .select({
      id: notifications.id,
      typeKey: notificationTypes.key,
      typeName: notificationTypes.name,
      status: notifications.status,
      createdAt: notifications.createdAt,
      cursorAt: sql<string>`${notifications.createdAt}::text`,
      deliveries: sql<{ channel: Channel; status: string }[]>`coalesce((select json_agg(json_build_object('channel', d.channel, 'status', d.status) order by d.channel) from deliveries d where d.notification_id = ${notifications.id}), '[]'::json)`,
    })
    .from(notifications)
    .innerJoin(notificationTypes, eq(notificationTypes.id, notifications.notificationTypeId))
    .where(and(...where))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit + 1);
  const { page, hasMore, after: next } = timeCursorPage(rows, limit, (r) => r);
  return {
    items: page.map(({ id, typeKey, typeName, status, createdAt, deliveries }): RecipientNotification => ({ id, typeKey, typeName, status, deliveries, createdAt: createdAt.toISOString() })),
    hasMore,
    after: next,
  };
}
