import { corsPreflight } from "@/lib/api/cors";
import { z } from "zod";
import { HeraldApiError } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/read-body";
import { withUser } from "@/lib/auth/with-auth";
import { requireRecipient } from "@/lib/auth/require-recipient";
import { registerPushTokenFor, unregisterPushTokenFor } from "@/lib/recipients/manage-recipients";

// POST /api/push-tokens – this browser's push token, for the signed-in user ({ token, platform: "web" })
export const POST = withUser(async ({ req, db, user }) =>
  Response.json({ data: await registerPushTokenFor(db, requireRecipient(user), await readJsonBody(req)) }, { status: 201 }),
);

// DELETE /api/push-tokens – stop push to this browser ({ token })
export const DELETE = withUser(async ({ req, db, user }) => {
  const { token } = z.strictObject({ token: z.string().min(1).max(4096) }).parse(await readJsonBody(req));
  if (!(await unregisterPushTokenFor(db, requireRecipient(user), token))) throw new HeraldApiError("not_found", "No such push token for you.");
  return new Response(null, { status: 204 });
});

export const OPTIONS = corsPreflight;
