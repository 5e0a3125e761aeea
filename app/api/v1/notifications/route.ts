import { readJsonBody } from "@/lib/api/read-body";
import { withApiKey } from "@/lib/auth/with-auth";
import { MAX_BODY_BYTES } from "@/lib/notifications/schemas";
import { clientAddress } from "@/lib/rate-limit/client-address";
import { enforceRateLimit } from "@/lib/rate-limit/enforce-rate-limit";
import { acceptNotifications } from "@/lib/send/accept-notifications";
import { sendNotificationEvents } from "@/inngest/send-notification-events";

// POST /api/v1/notifications – accept a notification for one or many recipients (202)
export const POST = withApiKey("notifications:write", async ({ req, db, apiKey }) => {
  // Before the body is read: a flood is turned away at the cost of one statement.
  const limits = await enforceRateLimit(db, "intake", [`api-key:${apiKey.id}`, `address:${clientAddress(req)}`]);
  const body = await readJsonBody(req, { maxBytes: MAX_BODY_BYTES });
  const { accepted, replayed } = await acceptNotifications(db, body, {
    idempotencyKey: req.headers.get("idempotency-key"),
    scope: apiKey.id,
    send: sendNotificationEvents,
  });
  return Response.json({ data: accepted }, { status: 202, headers: { ...limits, ...(replayed ? { "idempotent-replayed": "true" } : {}) } });
});
