import { HeraldApiError } from "@/lib/api/errors";
import { withAdmin } from "@/lib/auth/with-auth";
import { revokeApiKey } from "@/lib/auth/api-keys";

// DELETE /api/admin/api-keys/{id} – revoke a key; calls with it fail from now on
export const DELETE = withAdmin("api_keys:write", async ({ db, params, actor }) => {
  const revoked = await revokeApiKey(db, params.id!, actor);
  if (!revoked) throw new HeraldApiError("not_found", `No API key with id ${params.id}.`);
  return Response.json({ data: revoked });
});
