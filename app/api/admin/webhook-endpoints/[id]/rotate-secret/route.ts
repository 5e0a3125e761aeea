import { withAdmin } from "@/lib/auth/with-auth";
import { rotateWebhookEndpointSecret } from "@/lib/channels/webhooks/manage-webhook-endpoints";

// POST /api/admin/webhook-endpoints/{id}/rotate-secret – a new secret; the old one signs too for 24 h
export const POST = withAdmin("webhooks:write", async ({ db, params, actor }) => Response.json({ data: await rotateWebhookEndpointSecret(db, params.id!, actor) }));
