import { readJson, withAdmin } from "@/lib/auth/with-auth";
import { updateRecipientPreferences } from "@/lib/preferences/recipient-preferences";
import { getRecipientOrThrow } from "@/lib/recipients/get-recipient-or-throw";

// PUT /api/admin/recipients/{id}/preferences – change a recipient's preferences on their behalf
export const PUT = withAdmin(async ({ req, db, params }) =>
  Response.json({ data: await updateRecipientPreferences(db, (await getRecipientOrThrow(db, params.id!)).id, await readJson(req)) }),
);
