"use server";

import { toHeraldApiError } from "@/lib/api/errors";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { getDatabase } from "@/lib/db/get-database";
import { sendTestNotification } from "@/lib/inbox/send-test-notification";
import { sendNotificationEvents } from "@/inngest/send-notification-events";

export type TestSendState = { data?: { sent: number; at: number }; error?: string };

/** The home page's "Send a test notification": a welcome to the signed-in user's own inbox. */
export async function sendTestNotificationAction(): Promise<TestSendState> {
  try {
    const user = await getCurrentUser();
    if (!user) return { error: "Sign in first: the test notification goes to your own inbox." };
    const accepted = await sendTestNotification((await getDatabase()).db, user, sendNotificationEvents);
    return { data: { sent: accepted.notifications.length, at: Date.now() } };
  } catch (error) {
    return { error: toHeraldApiError(error).message };
  }
}
