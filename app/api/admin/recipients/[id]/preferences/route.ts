import { HeraldApiError } from "@/lib/api/errors";
import { readJson, withAdmin } from "@/lib/auth/with-auth";
import { getRecipientByExternalId } from "@/lib/db/queries/recipients";
import { updateRecipientPreferences } from "@/lib/preferences/recipient-preferences";

// PUT /api/admin/recipients/{id}/preferences – change a recipient's preferences on their behalf
export const PUT = withAdmin(async ({ req, db, params }) => {
  const recipient = await getRecipientByExternalId(db, params.id!);
  if (!recipient) throw new HeraldApiError("not_found", `No recipient with id '${params.id}'.`);
  return Response.json({ data: await updateRecipientPreferences(db, recipient.id, await readJson(req)) });
});
