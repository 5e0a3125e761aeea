import { z } from "zod";
import { HeraldApiError } from "@/lib/api/errors";
import { withAdmin } from "@/lib/auth/with-auth";
import { findNotificationOfDelivery, getNotificationDetail } from "@/lib/admin/get-notification-detail";
import { listNotificationRuns } from "@/inngest/list-notification-runs";

// GET /api/admin/notifications/{id} – a notification with each delivery's timeline and its durable runs (a delivery id redirects)
export const GET = withAdmin("admin:read", async ({ db, params }) => {
  const id = z.uuid({ error: "id: expected a notification or delivery id (uuid)" }).parse(params.id);
  const detail = await getNotificationDetail(db, id, listNotificationRuns);
  if (detail) return Response.json({ data: detail });
  const notificationId = await findNotificationOfDelivery(db, id);
  if (!notificationId) throw new HeraldApiError("not_found", `No notification or delivery with id ${id}.`);
  return new Response(null, { status: 308, headers: { location: `/api/admin/notifications/${notificationId}` } });
});
