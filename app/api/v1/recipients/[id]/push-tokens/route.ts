import { HeraldApiError } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/read-body";
import { withApiKey } from "@/lib/auth/with-auth";
import { registerPushToken, unregisterPushToken } from "@/lib/recipients/manage-recipients";
import { pushTokenRemovalSchema } from "@/lib/recipients/recipient-schemas";

// POST /api/v1/recipients/{id}/push-tokens – register a device token ({ token, platform })
export const POST = withApiKey("recipients:write", async ({ req, db, params }) =>
  Response.json({ data: await registerPushToken(db, params.id!, await readJsonBody(req)) }, { status: 201 }),
);

// DELETE /api/v1/recipients/{id}/push-tokens – unregister a device token ({ token })
export const DELETE = withApiKey("recipients:write", async ({ req, db, params }) => {
  const { token } = pushTokenRemovalSchema.parse(await readJsonBody(req));
  if (!(await unregisterPushToken(db, params.id!, token))) throw new HeraldApiError("not_found", "No such push token for this recipient.");
  return new Response(null, { status: 204 });
});
