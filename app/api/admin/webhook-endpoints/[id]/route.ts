import { readJson, withAdmin } from "@/lib/auth/with-auth";
import { deleteWebhookEndpoint, updateWebhookEndpoint } from "@/lib/channels/webhooks/manage-webhook-endpoints";

// PATCH /api/admin/webhook-endpoints/{id} – enable/disable, or change URL/description
export const PATCH = withAdmin(async ({ req, db, params }) => Response.json({ data: await updateWebhookEndpoint(db, params.id!, await readJson(req)) }));

// DELETE /api/admin/webhook-endpoints/{id} – remove an endpoint
export const DELETE = withAdmin(async ({ db, params }) => {
  await deleteWebhookEndpoint(db, params.id!);
  return new Response(null, { status: 204 });
});
