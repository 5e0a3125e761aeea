import { readJsonBody } from "@/lib/api/read-body";
import { withApiKey } from "@/lib/auth/with-auth";
import { deleteWebhookEndpoint, getWebhookEndpoint, updateWebhookEndpoint } from "@/lib/channels/webhooks/manage-webhook-endpoints";

// GET /api/v1/webhook-endpoints/{id} – one endpoint, with its health (failures, disabled reason)
export const GET = withApiKey("webhooks:read", async ({ db, params }) => Response.json({ data: await getWebhookEndpoint(db, params.id!) }));

// PATCH /api/v1/webhook-endpoints/{id} – change url/description, or enable/disable it
export const PATCH = withApiKey("webhooks:write", async ({ req, db, params, actor }) =>
  Response.json({ data: await updateWebhookEndpoint(db, params.id!, await readJsonBody(req), actor) }),
);

// DELETE /api/v1/webhook-endpoints/{id} – remove an endpoint
export const DELETE = withApiKey("webhooks:write", async ({ db, params, actor }) => {
  await deleteWebhookEndpoint(db, params.id!, actor);
  return new Response(null, { status: 204 });
});
