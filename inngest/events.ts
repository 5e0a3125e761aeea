import { eventType } from "inngest";
import { z } from "zod";

// Herald's events, named `domain/noun.verb`. Each is validated with its zod schema on send.
// The send pipeline adds its own (notification/requested, notification/read, ...).

export const realtimeCleanupRequested = eventType("realtime/cleanup.requested", {
  schema: z.object({ olderThanHours: z.number().int().min(1).max(24 * 30).optional() }),
});
