import { readJsonBody } from "@/lib/api/read-body";
import { withAdmin } from "@/lib/auth/with-auth";
import { createWebhookEndpoint, listWebhookEndpoints } from "@/lib/channels/webhooks/manage-webhook-endpoints";

// GET /api/admin/webhook-endpoints – endpoints newest first (cursor `after`, `status=enabled|disabled`)
export const GET = withAdmin("admin:read", async ({ req, db }) => Response.json(await listWebhookEndpoints(db, Object.fromEntries(new URL(req.url).searchParams))));

// POST /api/admin/webhook-endpoints – create an endpoint; its secret is in this answer only
export const POST = withAdmin("webhooks:write", async ({ req, db, actor }) => {
  const { endpoint, secret } = await createWebhookEndpoint(db, await readJsonBody(req), actor);
  return Response.json({ data: { ...endpoint, secret } }, { status: 201 });
});
