import { cleanupRealtimeMessages } from "./functions/cleanup-realtime-messages";

/** Every durable function Herald serves at /api/inngest. */
export const functions = [cleanupRealtimeMessages];
