import { readJsonBody } from "@/lib/api/read-body";
import { withApiKey } from "@/lib/auth/with-auth";
import { deleteWebhookEndpoint, getWebhookEndpoint, updateWebhookEndpoint } from "@/lib/channels/webhooks/manage-webhook-endpoints";
import { announceReplays } from "@/inngest/announce-replays";

// GET /api/v1/webhook-endpoints/{id} – one endpoint, with its health (failures, disabled reason)
export const GET = withApiKey("webhooks:read", async ({ db, params }) => Response.json({ data: await getWebhookEndpoint(db, params.id!) }));

// PATCH /api/v1/webhook-endpoints/{id} – change url/description; enable/disable, pause/resume; re-enable and replay what failed
export const PATCH = withApiKey("webhooks:write", async ({ req, database, params, actor }) => {
  const { endpoint, replays } = await updateWebhookEndpoint(database, params.id!, await readJsonBody(req), actor, announceReplays);
  return Response.json({ data: endpoint, replays });
});

// DELETE /api/v1/webhook-endpoints/{id} – remove an endpoint
export const DELETE = withApiKey("webhooks:write", async ({ db, params, actor }) => {
  await deleteWebhookEndpoint(db, params.id!, actor);
  return new Response(null, { status: 204 });
});
