import type { InboxItem } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import type { InboxTransition } from "@/lib/inbox/update-inbox-items";
import { inngest } from "./client";
import { notificationArchived, notificationRead, notificationSeen, notificationUnarchived, notificationUnread } from "./events";

const eventTypes = {
  seen: notificationSeen,
  read: notificationRead,
  unread: notificationUnread,
  archived: notificationArchived,
  unarchived: notificationUnarchived,
} as const;

/**
 * One event per inbox change (`notification/read`, `notification/seen`, …): reads end escalation
 * waits at once; analytics can listen to all of them.
 */
export async function emitInboxEvents(changes: { item: InboxItem; transitions: InboxTransition[] }[]): Promise<void> {
  const events = changes.flatMap(({ item, transitions }) =>
    transitions.map((t) => eventTypes[t].create({ notificationId: item.notificationId, inboxItemId: item.id, recipientId: item.recipientId })),
  );
  if (events.length === 0) return;
  try {
    for (let i = 0; i < events.length; i += 500) await inngest.send(events.slice(i, i + 500));
  } catch (error) {
    // The change itself is saved; at worst an escalation goes out that a read should have stopped.
    logger.warn("could not emit inbox events", { error, count: events.length });
  }
}

/** `notification/read` for items that just became read. */
export const emitReadEvents = (items: InboxItem[]) => emitInboxEvents(items.map((item) => ({ item, transitions: ["read"] })));
