import { readJsonBody } from "@/lib/api/read-body";
import { withAdmin } from "@/lib/auth/with-auth";
import { MAX_BODY_BYTES } from "@/lib/notifications/schemas";
import { clientAddress } from "@/lib/rate-limit/client-address";
import { enforceRateLimit } from "@/lib/rate-limit/enforce-rate-limit";
import { acceptNotifications } from "@/lib/send/accept-notifications";
import { sendNotificationEvents } from "@/inngest/send-notification-events";

// POST /api/admin/send – send a notification from the admin page (the same request as POST /api/v1/notifications)
export const POST = withAdmin("notifications:send", async ({ req, db, user, actor }) => {
  const limits = await enforceRateLimit(db, "intake", [`admin:${user.id}`, `address:${clientAddress(req)}`]);
  const { accepted } = await acceptNotifications(db, await readJsonBody(req, { maxBytes: MAX_BODY_BYTES }), {
    idempotencyKey: req.headers.get("idempotency-key"),
    scope: `admin:${user.id}`,
    send: sendNotificationEvents,
    audit: actor,
  });
  return Response.json({ data: accepted }, { status: 202, headers: limits });
});
