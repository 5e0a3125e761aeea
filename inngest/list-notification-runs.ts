import { asc, sql } from "drizzle-orm";
import type { ListNotificationRuns } from "@/lib/admin/get-notification-detail";
import { getRun, type RunDetail } from "./executor/run-queries";
import { executorRuns } from "./executor/schema";

/** The durable runs that carried a notification (its delivery run and any replays), oldest first. */
export const listNotificationRuns: ListNotificationRuns<RunDetail> = async (db, notificationId) => {
  const ids = await db
    .select({ id: executorRuns.id })
    .from(executorRuns)
    .where(sql`${executorRuns.event} -> 'data' ->> 'notificationId' = ${notificationId}`)
    .orderBy(asc(executorRuns.createdAt));
  return (await Promise.all(ids.map((r) => getRun(db, r.id)))).filter((r): r is RunDetail => r !== null);
};
