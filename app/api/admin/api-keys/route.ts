import { readJsonBody } from "@/lib/api/read-body";
import { withAdmin } from "@/lib/auth/with-auth";
import { createApiKey, listApiKeys } from "@/lib/auth/api-keys";

// GET /api/admin/api-keys – list keys (never their secrets)
export const GET = withAdmin("admin:read", async ({ db }) => Response.json({ data: await listApiKeys(db) }));

// POST /api/admin/api-keys – create a key; the secret is in this response and nowhere else
export const POST = withAdmin("api_keys:write", async ({ req, db, actor }) => {
  const created = await createApiKey(db, await readJsonBody(req), actor);
  return Response.json({ data: created }, { status: 201 });
});
