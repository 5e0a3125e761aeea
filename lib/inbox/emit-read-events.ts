import { inngest } from "@/inngest/client";
import { notificationRead } from "@/inngest/events";
import type { InboxItem } from "@/lib/db/schema";
import { logger } from "@/lib/logger";

/** `notification/read` for items that just became read: ends escalation waits at once. */
export async function emitReadEvents(items: InboxItem[]): Promise<void> {
  if (items.length === 0) return;
  try {
    for (let i = 0; i < items.length; i += 500) {
      await inngest.send(
        items.slice(i, i + 500).map((item) =>
          notificationRead.create({ notificationId: item.notificationId, inboxItemId: item.id, recipientId: item.recipientId }),
        ),
      );
    }
  } catch (error) {
    // The read itself is saved; at worst an escalation goes out that the read should have stopped.
    logger.warn("could not emit notification/read events", { error, count: items.length });
  }
}
