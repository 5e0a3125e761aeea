import { readJsonBody } from "@/lib/api/read-body";
import { withAdmin } from "@/lib/auth/with-auth";
import { updateRecipientPreferences } from "@/lib/preferences/recipient-preferences";
import { getRecipientOrThrow } from "@/lib/recipients/get-recipient-or-throw";

// PUT /api/admin/recipients/{id}/preferences – change a recipient's preferences on their behalf
export const PUT = withAdmin("preferences:write", async ({ req, db, params, actor }) => {
  const recipient = await getRecipientOrThrow(db, params.id!);
  return Response.json({ data: await updateRecipientPreferences(db, recipient.id, await readJsonBody(req), { actor, externalId: recipient.externalId }) });
});
