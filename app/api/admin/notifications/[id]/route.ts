import { z } from "zod";
import { HeraldApiError } from "@/lib/api/errors";
import { withAdmin } from "@/lib/auth/with-auth";
import { getNotificationDetail, resolveNotificationId } from "@/lib/admin/get-notification-detail";

// GET /api/admin/notifications/{id} – a notification with each delivery's timeline and its durable runs (a delivery id redirects)
export const GET = withAdmin(async ({ db, params }) => {
  const id = z.uuid({ error: "id: expected a notification or delivery id (uuid)" }).parse(params.id);
  const resolved = await resolveNotificationId(db, id);
  if (!resolved) throw new HeraldApiError("not_found", `No notification or delivery with id ${id}.`);
  if (resolved.via === "delivery") {
    return new Response(null, { status: 308, headers: { location: `/api/admin/notifications/${resolved.notificationId}` } });
  }
  const detail = await getNotificationDetail(db, resolved.notificationId);
  if (!detail) throw new HeraldApiError("not_found", `No notification with id ${id}.`);
  return Response.json({ data: detail });
});
