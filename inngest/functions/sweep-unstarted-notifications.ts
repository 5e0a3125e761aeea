import { getDatabase } from "@/lib/db/get-database";
import { dispatchNotificationEvents } from "@/lib/send/accept-notifications";
import { findUnstartedNotifications } from "@/lib/send/find-unstarted-notifications";
import { sendNotificationEvents } from "@/inngest/send-notification-events";
import { inngest } from "../client";

// The other half of "a 202 is never lost": rows accepted but whose delivery never started
// (the event send failed, or the process died right after the commit) get their event again.
// Event ids are derived from the notification, so a run that did start is not started twice.
export const sweepUnstartedNotifications = inngest.createFunction(
  { id: "sweep-unstarted-notifications", name: "Re-send events for notifications that never started", concurrency: [{ limit: 1 }], triggers: [{ cron: "* * * * *" }] },
  async ({ step }) => {
    const unstarted = await step.run("find-unstarted", async () =>
      (await findUnstartedNotifications((await getDatabase()).db)).map((n) => ({ id: n.id, sendAt: n.sendAt?.toISOString() ?? null, priority: n.priority })),
    );
    if (unstarted.length > 0) {
      await step.run("resend-events", async () =>
        dispatchNotificationEvents(
          (await getDatabase()).db,
          unstarted.map((n) => ({ id: n.id, sendAt: n.sendAt ? new Date(n.sendAt) : null, priority: n.priority })),
          sendNotificationEvents,
        ),
      );
    }
    return { resent: unstarted.length };
  },
);
