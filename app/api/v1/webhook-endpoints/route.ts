import { readJsonBody } from "@/lib/api/read-body";
import { withApiKey } from "@/lib/auth/with-auth";
import { createWebhookEndpoint, listWebhookEndpoints } from "@/lib/channels/webhooks/manage-webhook-endpoints";

// GET /api/v1/webhook-endpoints – list endpoints (cursor `after`, `status=enabled|disabled`)
export const GET = withApiKey("webhooks:read", async ({ req, db }) =>
  Response.json(await listWebhookEndpoints(db, Object.fromEntries(new URL(req.url).searchParams))),
);

// POST /api/v1/webhook-endpoints – create an endpoint for a recipient or a type; the secret is shown once
export const POST = withApiKey("webhooks:write", async ({ req, db, actor }) => {
  const { endpoint, secret } = await createWebhookEndpoint(db, await readJsonBody(req), actor);
  return Response.json({ data: { ...endpoint, secret } }, { status: 201 });
});
