import { errorBody, toHeraldApiError, type ErrorBody } from "@/lib/api/errors";
import { getDatabase } from "@/lib/db/get-database";
import { assertSafeJson } from "@/lib/json/assert-safe-json";
import type { NotificationRequest } from "@/lib/notifications/schemas";
import { acceptNotifications, type Accepted } from "@/lib/send/accept-notifications";
import { sendNotificationEvents } from "./send-notification-events";

/**
 * Sends a notification from a host app's server code or server action — the same validation
 * and behaviour as `POST /api/v1/notifications`, typed, and never throwing at the caller.
 *
 *   const result = await notify({ to: "alice", type: "comment.created", data: { author: "Bob" } });
 *   if ("error" in result) console.warn(result.error.message);
 */
export async function notify(
  request: NotificationRequest,
  options: { idempotencyKey?: string } = {},
): Promise<{ data: Accepted } | { error: ErrorBody["error"] }> {
  try {
    // What every HTTP body gets from the body reader: the caller's objects can be as hostile.
    assertSafeJson(request);
    const { db } = await getDatabase();
    const { accepted } = await acceptNotifications(db, request, {
      idempotencyKey: options.idempotencyKey,
      scope: "notify",
      send: sendNotificationEvents,
    });
    return { data: accepted };
  } catch (error) {
    return errorBody(toHeraldApiError(error));
  }
}
