import { readJsonBody } from "@/lib/api/read-body";
import { withAdmin } from "@/lib/auth/with-auth";
import { deleteWebhookEndpoint, updateWebhookEndpoint } from "@/lib/channels/webhooks/manage-webhook-endpoints";

// PATCH /api/admin/webhook-endpoints/{id} – enable/disable, or change URL/description
export const PATCH = withAdmin("webhooks:write", async ({ req, db, params, actor }) =>
  Response.json({ data: await updateWebhookEndpoint(db, params.id!, await readJsonBody(req), actor) }),
);

// DELETE /api/admin/webhook-endpoints/{id} – remove an endpoint
export const DELETE = withAdmin("webhooks:write", async ({ db, params, actor }) => {
  await deleteWebhookEndpoint(db, params.id!, actor);
  return new Response(null, { status: 204 });
});
