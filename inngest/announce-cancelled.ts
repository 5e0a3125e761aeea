import type { AnnounceCancelled } from "@/lib/send/cancel-notification";
import { inngest } from "./client";
import { notificationCancelled } from "./events";

/** The notification/cancelled event that stops a cancelled notification's run (its cancelOn). */
export const announceCancelled: AnnounceCancelled = (notificationId) => inngest.send(notificationCancelled.create({ notificationId }));
