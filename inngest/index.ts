import { broadcastNotification } from "./functions/broadcast-notification";
import { cleanupRateLimits } from "./functions/cleanup-rate-limits";
import { cleanupRealtimeMessages } from "./functions/cleanup-realtime-messages";
import { foldMetricCounts } from "./functions/fold-metric-counts";
import { pruneOldRows } from "./functions/prune-old-rows";
import { deliverNotification } from "./functions/deliver-notification";
import { replayDelivery } from "./functions/replay-delivery";
import { sweepUnstartedNotifications } from "./functions/sweep-unstarted-notifications";

/** Every durable function Herald serves at /api/inngest. */
export const functions = [deliverNotification, replayDelivery, broadcastNotification, sweepUnstartedNotifications, cleanupRealtimeMessages, cleanupRateLimits, pruneOldRows, foldMetricCounts];
