import { HeraldApiError } from "@/lib/api/errors";
import { withApiKey } from "@/lib/auth/with-auth";
import { getRecipientByExternalId } from "@/lib/db/queries/recipients";

// GET /api/v1/recipients/{id} – a recipient by the host app's id
export const GET = withApiKey("recipients:read", async ({ db, params }) => {
  const recipient = await getRecipientByExternalId(db, params.id!);
  if (!recipient) throw new HeraldApiError("not_found", `No recipient with id '${params.id}'.`);
  return Response.json({ data: recipient });
});
