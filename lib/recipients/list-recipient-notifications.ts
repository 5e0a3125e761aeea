import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { HeraldApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/client";
import { notifications, notificationTypes, type Channel } from "@/lib/db/schema";
import { decodeTimeCursor, encodeTimeCursor } from "@/lib/db/time-cursor";

export const recipientNotificationsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().max(400).optional(),
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
  if (after) {
    const cursor = decodeTimeCursor(after);
    if (!cursor) throw new HeraldApiError("unprocessable_entity", "after: not a cursor from this list", [{ path: "after", message: "not a cursor from this list" }]);
    where.push(sql`(${notifications.createdAt}, ${notifications.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`);
  }
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
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ id, typeKey, typeName, status, createdAt, deliveries }): RecipientNotification => ({ id, typeKey, typeName, status, deliveries, createdAt: createdAt.toISOString() })),
    hasMore: rows.length > limit,
    after: rows.length > limit && last ? encodeTimeCursor(last.cursorAt, last.id) : null,
  };
}
