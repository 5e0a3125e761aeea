import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { HeraldApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/client";
import { notifications } from "@/lib/db/schema";
import { logger } from "@/lib/logger";

/** Tells the durable run that its notification was cancelled. */
export type AnnounceCancelled = (notificationId: string) => Promise<unknown>;

/**
 * Cancels a notification that has not finished (typically one scheduled with sendAt): its
 * durable run stops at once through cancelOn (`announce` sends that event: the caller wires the
 * event API). A finished notification cannot be cancelled.
 */
export async function cancelNotification(db: Db, notificationId: string, announce: AnnounceCancelled) {
  if (!z.uuid().safeParse(notificationId).success) throw new HeraldApiError("not_found", "No such notification.");
  const [row] = await db
    .update(notifications)
    .set({ status: "cancelled", completedAt: new Date() })
    .where(and(eq(notifications.id, notificationId), inArray(notifications.status, ["accepted", "scheduled", "processing"])))
    .returning({ id: notifications.id, status: notifications.status });
  if (!row) {
    const [existing] = await db.select({ status: notifications.status }).from(notifications).where(eq(notifications.id, notificationId));
    if (!existing) throw new HeraldApiError("not_found", "No such notification.");
    throw new HeraldApiError("conflict", `The notification is already ${existing.status}.`);
  }
  try {
    await announce(notificationId);
  } catch (error) {
    // The status is already cancelled, and a run that has not delivered yet checks it first.
    logger.warn("could not emit notification/cancelled; the run will see the status", { error, notificationId });
  }
  return row;
}
