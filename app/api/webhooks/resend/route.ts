import { readRawBody } from "@/lib/api/read-body";
import { withSignedRequest } from "@/lib/auth/with-auth";
import { applyStatusCallback } from "@/lib/channels/apply-status-callback";
import { verifyResendCallback } from "@/lib/channels/verify-resend-callback";
import { getEnv } from "@/lib/env";

// POST /api/webhooks/resend – email status from Resend (Svix-signed)
export const POST = withSignedRequest(async ({ req, db }) => {
  // The exact text: the signature is over it.
  const body = await readRawBody(req, { maxBytes: 1_000_000, mediaType: "application/json" });
  const callback = verifyResendCallback(getEnv().RESEND_WEBHOOK_SECRET, body, req.headers);
  const result = callback ? await applyStatusCallback(db, callback) : "ignored";
  return Response.json({ data: { result } });
});
