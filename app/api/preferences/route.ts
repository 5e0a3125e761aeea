import { corsPreflight } from "@/lib/api/cors";
import { readJsonBody } from "@/lib/api/read-body";
import { withUser } from "@/lib/auth/with-auth";
import { requireRecipient } from "@/lib/auth/require-recipient";
import { getRecipientPreferences, updateRecipientPreferences } from "@/lib/preferences/recipient-preferences";

// GET /api/preferences – the signed-in user's type × channel matrix, global switches and quiet hours
export const GET = withUser(async ({ db, user }) => Response.json({ data: await getRecipientPreferences(db, requireRecipient(user)) }));

// PUT /api/preferences – change some of them ({ global?, types?, quietHours? })
export const PUT = withUser(async ({ req, db, user }) =>
  Response.json({ data: await updateRecipientPreferences(db, requireRecipient(user), await readJsonBody(req)) }),
);

export const OPTIONS = corsPreflight;
