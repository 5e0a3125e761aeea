import { inngest } from "./client";
import { notificationRequested } from "./events";
import type { NotificationToSend } from "@/lib/send/accept-notifications";

/**
 * One delivery event per notification. The event id is derived from the notification, so a
 * re-send (by the sweeper) within 24 h is recognised as the same event, not a second run. A
 * notification's priority, when the caller knows it, orders its run in the executor's queue.
 */
export async function sendNotificationEvents(toSend: NotificationToSend[]): Promise<void> {
  for (let i = 0; i < toSend.length; i += 500) {
    await inngest.send(
      toSend
        .slice(i, i + 500)
        .map(({ id, sendAt, priority }) =>
          notificationRequested.create(
            { notificationId: id, sendAt: sendAt?.toISOString() ?? null, ...(priority ? { priority } : {}) },
            { id: `notification-${id}` },
          ),
        ),
    );
  }
}
