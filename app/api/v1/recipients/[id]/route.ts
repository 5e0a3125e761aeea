import { HeraldApiError } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/read-body";
import { withApiKey } from "@/lib/auth/with-auth";
import { getRecipientOrThrow } from "@/lib/recipients/get-recipient-or-throw";
import { deleteRecipient, upsertRecipient } from "@/lib/recipients/manage-recipients";

// GET /api/v1/recipients/{id} – a recipient by the host app's id
export const GET = withApiKey("recipients:read", async ({ db, params }) => Response.json({ data: await getRecipientOrThrow(db, params.id!) }));

// PUT /api/v1/recipients/{id} – create or update (email, phone in any format → E.164, locale, timezone, data)
export const PUT = withApiKey("recipients:write", async ({ req, db, params }) => {
  const { recipient, created } = await upsertRecipient(db, params.id!, await readJsonBody(req));
  return Response.json({ data: recipient }, { status: created ? 201 : 200 });
});

// DELETE /api/v1/recipients/{id} – erase the recipient with their inbox, preferences and tokens (audited)
export const DELETE = withApiKey("recipients:write", async ({ db, params, actor }) => {
  if (!(await deleteRecipient(db, params.id!, actor))) throw new HeraldApiError("not_found", `No recipient with id '${params.id}'.`);
  return new Response(null, { status: 204 });
});
