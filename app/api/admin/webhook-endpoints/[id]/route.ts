import { readJsonBody } from "@/lib/api/read-body";
import { withAdmin } from "@/lib/auth/with-auth";
import { deleteWebhookEndpoint, updateWebhookEndpoint } from "@/lib/channels/webhooks/manage-webhook-endpoints";
import { announceReplays } from "@/inngest/announce-replays";

// PATCH /api/admin/webhook-endpoints/{id} – enable/disable, pause/resume, re-enable and replay what failed, or change URL/description
export const PATCH = withAdmin("webhooks:write", async ({ req, database, params, actor }) => {
  const { endpoint, replays } = await updateWebhookEndpoint(database, params.id!, await readJsonBody(req), actor, announceReplays);
  return Response.json({ data: endpoint, replays });
});

// DELETE /api/admin/webhook-endpoints/{id} – remove an endpoint
export const DELETE = withAdmin("webhooks:write", async ({ db, params, actor }) => {
  await deleteWebhookEndpoint(db, params.id!, actor);
  return new Response(null, { status: 204 });
});
