import { readJsonBody } from "@/lib/api/read-body";
import { withApiKey } from "@/lib/auth/with-auth";
import { getRecipientPreferences, updateRecipientPreferences } from "@/lib/preferences/recipient-preferences";
import { getRecipientOrThrow } from "@/lib/recipients/get-recipient-or-throw";

// GET /api/v1/recipients/{id}/preferences – a recipient's preferences, for the host app's server
export const GET = withApiKey("preferences:read", async ({ db, params }) =>
  Response.json({ data: await getRecipientPreferences(db, (await getRecipientOrThrow(db, params.id!)).id) }),
);

// PUT /api/v1/recipients/{id}/preferences – change them on the recipient's behalf
export const PUT = withApiKey("preferences:write", async ({ req, db, params }) =>
  Response.json({ data: await updateRecipientPreferences(db, (await getRecipientOrThrow(db, params.id!)).id, await readJsonBody(req)) }),
);
