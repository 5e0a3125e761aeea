import { eventType } from "inngest";
import { z } from "zod";
import { priorities } from "@/lib/db/schema";

// Herald's events, named `domain/noun.verb`. Each is validated with its zod schema on send.
// The send pipeline adds its own (notification/requested, notification/read, ...).

export const realtimeCleanupRequested = eventType("realtime/cleanup.requested", {
  schema: z.object({ olderThanHours: z.number().int().min(1).max(24 * 30).optional() }),
});

/** Runs the retention pruning now instead of at its hourly time. */
export const retentionPruneRequested = eventType("retention/prune.requested", { schema: z.object({}) });

export const notificationRequested = eventType("notification/requested", {
  // sendAt travels with the event so a scheduled run sleeps before doing anything; priority so
  // the executor can order the run (priority.run) before anything is loaded.
  schema: z.object({ notificationId: z.uuid(), sendAt: z.iso.datetime({ offset: true }).nullish(), priority: z.enum(priorities).optional() }),
});

export const notificationCancelled = eventType("notification/cancelled", {
  schema: z.object({ notificationId: z.uuid() }),
});

// Inbox actions: escalations wait for reads; analytics can listen to all of them.
const inboxAction = z.object({ notificationId: z.uuid().nullable(), inboxItemId: z.uuid(), recipientId: z.uuid() });
export const notificationSeen = eventType("notification/seen", { schema: inboxAction });
export const notificationRead = eventType("notification/read", { schema: inboxAction });
export const notificationUnread = eventType("notification/unread", { schema: inboxAction });
export const notificationArchived = eventType("notification/archived", { schema: inboxAction });
export const notificationUnarchived = eventType("notification/unarchived", { schema: inboxAction });

// Admin replay of a dead letter: `replay` is the delivery's replay count, so each replay is one
// logical attempt (event id and provider idempotency key derive from it).
export const deliveryReplayRequested = eventType("delivery/replay.requested", {
  schema: z.object({ deliveryId: z.uuid(), notificationId: z.uuid(), replay: z.number().int().min(1) }),
});

// Admin broadcasts: one event per broadcast; the function pages its recipients in batches.
export const broadcastRequested = eventType("broadcast/requested", {
  schema: z.object({ broadcastId: z.uuid() }),
});
