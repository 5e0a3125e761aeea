import { HeraldApiError } from "@/lib/api/errors";
import { withSignedRequest } from "@/lib/auth/with-auth";
import { applyStatusCallback } from "@/lib/channels/apply-status-callback";
import { verifyResendCallback } from "@/lib/channels/verify-resend-callback";
import { getEnv } from "@/lib/env";

// POST /api/webhooks/resend – email status from Resend (Svix-signed)
export const POST = withSignedRequest(async ({ req, db }) => {
  const body = await req.text();
  if (body.length > 1_000_000) throw new HeraldApiError("payload_too_large", "Callback body over 1 MB.");
  const callback = verifyResendCallback(getEnv().RESEND_WEBHOOK_SECRET, body, req.headers);
  const result = callback ? await applyStatusCallback(db, callback) : "ignored";
  return Response.json({ data: { result } });
});
