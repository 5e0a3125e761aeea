import twilio from "twilio";
import { HeraldApiError } from "@/lib/api/errors";
import type { CallbackStatus, StatusCallback } from "./apply-status-callback";

const STATUS_BY_TWILIO: Record<string, CallbackStatus | null> = {
  queued: null,
  accepted: null,
  scheduled: null,
  sending: null,
  sent: "sent",
  delivered: "delivered",
  undelivered: "undelivered",
  failed: "failed",
  read: "opened",
};

/**
 * Verifies X-Twilio-Signature (HMAC-SHA1 of the exact public URL plus the sorted form fields)
 * and turns a status callback into ours. The URL is the one Twilio called: Herald's public URL
 * when configured (behind a proxy the request's own URL is not what Twilio signed).
 */
export function verifyTwilioCallback(
  authToken: string | undefined,
  publicUrl: string | undefined,
  requestUrl: string,
  form: URLSearchParams,
  headers: Headers,
): StatusCallback | null {
  if (!authToken) throw new HeraldApiError("unauthorized", "Twilio callbacks are not configured (TWILIO_AUTH_TOKEN).");
  const signature = headers.get("x-twilio-signature");
  if (!signature) throw new HeraldApiError("unauthorized", "Missing X-Twilio-Signature.");
  const incoming = new URL(requestUrl);
  const url = publicUrl ? new URL(`${incoming.pathname}${incoming.search}`, publicUrl).toString() : requestUrl;
  const params = Object.fromEntries(form.entries());
  if (!twilio.validateRequest(authToken, signature, url, params)) throw new HeraldApiError("unauthorized", "X-Twilio-Signature does not match.");
  const sid = params.MessageSid ?? params.SmsSid;
  const twilioStatus = params.MessageStatus ?? params.SmsStatus ?? "";
  if (!sid || !(twilioStatus in STATUS_BY_TWILIO)) return null;
  return {
    provider: "twilio",
    providerMessageId: sid,
    status: STATUS_BY_TWILIO[twilioStatus]!,
    event: twilioStatus,
    // Twilio's retries of one callback share this token; without it, one status per message.
    eventId: headers.get("i-twilio-idempotency-token") ?? `${sid}:${twilioStatus}`,
    code: params.ErrorCode ?? null,
    message: params.ErrorMessage ?? null,
  };
}
