import { readFormBody } from "@/lib/api/read-body";
import { withSignedRequest } from "@/lib/auth/with-auth";
import { applyStatusCallback } from "@/lib/channels/apply-status-callback";
import { verifyTwilioCallback } from "@/lib/channels/verify-twilio-callback";
import { getEnv } from "@/lib/env";

// POST /api/webhooks/twilio – SMS status callbacks from Twilio (X-Twilio-Signature)
export const POST = withSignedRequest(async ({ req, db }) => {
  const form = await readFormBody(req, { maxBytes: 100_000 });
  const env = getEnv();
  const callback = verifyTwilioCallback(env.TWILIO_AUTH_TOKEN, env.HERALD_PUBLIC_URL, req.url, form, req.headers);
  const result = callback ? await applyStatusCallback(db, callback) : "ignored";
  return Response.json({ data: { result } });
});
