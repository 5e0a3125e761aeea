import { HeraldApiError } from "@/lib/api/errors";
import { readJson, withApiKey } from "@/lib/auth/with-auth";
import { getRecipientByExternalId } from "@/lib/db/queries/recipients";
import { getRecipientPreferences, updateRecipientPreferences } from "@/lib/preferences/recipient-preferences";
import type { Db } from "@/lib/db/client";

async function recipientId(db: Db, externalId: string) {
  const recipient = await getRecipientByExternalId(db, externalId);
  if (!recipient) throw new HeraldApiError("not_found", `No recipient with id '${externalId}'.`);
  return recipient.id;
}

// GET /api/v1/recipients/{id}/preferences – a recipient's preferences, for the host app's server
export const GET = withApiKey("preferences:read", async ({ db, params }) =>
  Response.json({ data: await getRecipientPreferences(db, await recipientId(db, params.id!)) }),
);

// PUT /api/v1/recipients/{id}/preferences – change them on the recipient's behalf
export const PUT = withApiKey("preferences:write", async ({ req, db, params }) =>
  Response.json({ data: await updateRecipientPreferences(db, await recipientId(db, params.id!), await readJson(req)) }),
);
