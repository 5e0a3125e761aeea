import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { deliveries, outboxMessages } from "@/lib/db/schema";
import { olderThanCursor, timeCursorPage, timeCursorSchema } from "@/lib/db/time-cursor";

export const outboxQuerySchema = z.object({
  channel: z.enum(["email", "sms", "push", "webhook"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: timeCursorSchema.optional(),
});

export type OutboxMessage = typeof outboxMessages.$inferSelect & { notificationId: string | null };

/** The dev outbox, newest first: what would have left the machine, per channel. */
export async function listOutboxMessages(db: Db, query: unknown = {}) {
  const { channel, limit, after } = outboxQuerySchema.parse(query);
  const where: SQL[] = [];
  if (channel) where.push(eq(outboxMessages.channel, channel));
  if (after) where.push(olderThanCursor(outboxMessages.createdAt, outboxMessages.id, after));
  const rows = await db
    .select({ message: outboxMessages, notificationId: deliveries.notificationId, cursorAt: sql<string>`${outboxMessages.createdAt}::text` })
    .from(outboxMessages)
    .leftJoin(deliveries, eq(deliveries.id, outboxMessages.deliveryId))
    .where(where.length ? and(...where) : sql`true`)
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
    .limit(limit + 1);
  const { page, hasMore, after: next } = timeCursorPage(rows, limit, (r) => ({ cursorAt: r.cursorAt, id: r.message.id }));
  return { items: page.map((r): OutboxMessage => ({ ...r.message, notificationId: r.notificationId })), hasMore, after: next };
}
