import { HeraldApiError } from "@/lib/api/errors";
import { withAdmin } from "@/lib/auth/with-auth";
import { revokeApiKey } from "@/lib/auth/api-keys";

// DELETE /api/admin/api-keys/{id} – revoke a key; calls with it fail from now on
export const DELETE = withAdmin(async ({ db, params }) => {
  const revoked = await revokeApiKey(db, params.id!);
  if (!revoked) throw new HeraldApiError("not_found", `No API key with id ${params.id}.`);
  return Response.json({ data: revoked });
});
