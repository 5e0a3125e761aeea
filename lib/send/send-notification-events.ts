import { inngest } from "@/inngest/client";
import { notificationRequested } from "@/inngest/events";

/**
 * One delivery event per notification. The event id is derived from the notification, so a
 * re-send (by the sweeper) within 24 h is recognised as the same event, not a second run.
 */
export async function sendNotificationEvents(notificationIds: string[]): Promise<void> {
  for (let i = 0; i < notificationIds.length; i += 500) {
    await inngest.send(
      notificationIds.slice(i, i + 500).map((notificationId) => notificationRequested.create({ notificationId }, { id: `notification-${notificationId}` })),
    );
  }
}
