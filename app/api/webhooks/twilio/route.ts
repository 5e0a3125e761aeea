import { HeraldApiError } from "@/lib/api/errors";
import { withSignedRequest } from "@/lib/auth/with-auth";
import { applyStatusCallback } from "@/lib/channels/apply-status-callback";
import { verifyTwilioCallback } from "@/lib/channels/verify-twilio-callback";
import { getEnv } from "@/lib/env";

// POST /api/webhooks/twilio – SMS status callbacks from Twilio (X-Twilio-Signature)
export const POST = withSignedRequest(async ({ req, db }) => {
  if (!(req.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) {
    throw new HeraldApiError("unsupported_media_type", "Expected application/x-www-form-urlencoded.");
  }
  const body = await req.text();
  if (body.length > 100_000) throw new HeraldApiError("payload_too_large", "Callback body over 100 KB.");
  const env = getEnv();
  const callback = verifyTwilioCallback(env.TWILIO_AUTH_TOKEN, env.HERALD_PUBLIC_URL, req.url, new URLSearchParams(body), req.headers);
  const result = callback ? await applyStatusCallback(db, callback) : "ignored";
  return Response.json({ data: { result } });
});
