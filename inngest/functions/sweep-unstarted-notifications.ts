import { sql } from "drizzle-orm";
import { getDatabase } from "@/lib/db/get-database";
import { notifications } from "@/lib/db/schema";
import { sendNotificationEvents } from "@/lib/send/send-notification-events";
import { inngest } from "../client";

// The other half of "a 202 is never lost": rows accepted but whose delivery never started
// (the event send failed, or the process died right after the commit) get their event again.
// Event ids are derived from the notification, so a run that did start is not started twice.
export const sweepUnstartedNotifications = inngest.createFunction(
  { id: "sweep-unstarted-notifications", name: "Re-send events for notifications that never started", concurrency: [{ limit: 1 }], triggers: [{ cron: "* * * * *" }] },
  async ({ step }) => {
    const unstarted = await step.run("find-unstarted", async () => {
      const { db } = await getDatabase();
      const rows = await db
        .select({ id: notifications.id, sendAt: notifications.sendAt })
        .from(notifications)
        // Never sent; or sent, yet not started well after it was due (a scheduled one sleeps
        // before it starts, so it is only overdue once its sendAt has passed).
        .where(
          sql`${notifications.startedAt} is null and ${notifications.status} in ('accepted', 'scheduled')
              and ${notifications.createdAt} < now() - interval '1 minute'
              and (${notifications.eventSentAt} is null or coalesce(${notifications.sendAt}, ${notifications.createdAt}) < now() - interval '10 minutes')`,
        )
        .orderBy(notifications.createdAt)
        .limit(1000);
      return rows.map((r) => ({ id: r.id, sendAt: r.sendAt?.toISOString() ?? null }));
    });
    if (unstarted.length > 0) {
      await step.run("resend-events", () => sendNotificationEvents(unstarted.map((n) => ({ id: n.id, sendAt: n.sendAt ? new Date(n.sendAt) : null }))));
    }
    return { resent: unstarted.length };
  },
);
