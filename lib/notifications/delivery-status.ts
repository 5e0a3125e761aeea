import { deliveryStatuses } from "@/lib/db/schema";

export type DeliveryStatus = (typeof deliveryStatuses)[number];
export type DeliveryStatusGroup = "pending" | "reached" | "failed" | "skipped";

/**
 * The one definition of what a delivery status means for counting: the notification's outcome,
 * the admin figures, dead letters and badges all read it from here.
 * `complained` reached the recipient (they then marked it as spam): it counts as delivered, not
 * as a failure, and never as skipped; it is shown as a warning.
 */
export const deliveryStatusGroup: Record<DeliveryStatus, DeliveryStatusGroup> = {
  queued: "pending",
  sent: "reached",
  delivered: "reached",
  opened: "reached",
  clicked: "reached",
  complained: "reached",
  failed: "failed",
  bounced: "failed",
  undelivered: "failed",
  skipped: "skipped",
  cancelled: "skipped",
};

export const statusesIn = (group: DeliveryStatusGroup): DeliveryStatus[] => deliveryStatuses.filter((s) => deliveryStatusGroup[s] === group);
export const reachedStatuses = statusesIn("reached");
/** Dead letters unless discarded. */
export const failedStatuses = statusesIn("failed");
export const isReached = (status: string) => deliveryStatusGroup[status as DeliveryStatus] === "reached";
export const isFailed = (status: string) => deliveryStatusGroup[status as DeliveryStatus] === "failed";
