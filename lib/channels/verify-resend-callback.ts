import { Webhook, WebhookVerificationError } from "svix";
import { HeraldApiError } from "@/lib/api/errors";
import { assertSafeJson } from "@/lib/json/assert-safe-json";
import type { CallbackStatus, StatusCallback } from "./apply-status-callback";

const STATUS_BY_EVENT: Record<string, CallbackStatus | null> = {
  "email.sent": "sent",
  "email.delivered": "delivered",
  "email.delivery_delayed": null,
  "email.bounced": "bounced",
  "email.complained": "complained",
  "email.opened": "opened",
  "email.clicked": "clicked",
  "email.failed": "failed",
  "email.suppressed": "failed",
};

type ResendEvent = { type?: string; created_at?: string; data?: { email_id?: string; bounce?: { type?: string; message?: string }; failed?: { reason?: string } } };

/**
 * Verifies a Resend webhook (Svix signature over the raw body, timestamp within 5 minutes) and
 * turns it into a status callback. Anything unsigned, forged or stale is a 401.
 */
export function verifyResendCallback(secret: string | undefined, body: string, headers: Headers): StatusCallback | null {
  if (!secret) throw new HeraldApiError("unauthorized", "Resend webhooks are not configured (RESEND_WEBHOOK_SECRET).");
  const svixHeaders = {
    "svix-id": headers.get("svix-id") ?? "",
    "svix-timestamp": headers.get("svix-timestamp") ?? "",
    "svix-signature": headers.get("svix-signature") ?? "",
  };
  let event: ResendEvent;
  try {
    new Webhook(secret).verify(body, svixHeaders);
  } catch (error) {
    if (error instanceof WebhookVerificationError) throw new HeraldApiError("unauthorized", `Signature check failed: ${error.message}`);
    throw error;
  }
  try {
    event = JSON.parse(body) as ResendEvent;
  } catch {
    throw new HeraldApiError("bad_request", "Signed body is not JSON.");
  }
  // Signed is not the same as storable: its strings go into the delivery's timeline.
  assertSafeJson(event);
  const type = event.type ?? "";
  const emailId = event.data?.email_id;
  if (!emailId || !(type in STATUS_BY_EVENT)) return null;
  return {
    provider: "resend",
    providerMessageId: emailId,
    status: STATUS_BY_EVENT[type]!,
    event: type,
    eventId: svixHeaders["svix-id"],
    code: event.data?.bounce?.type ?? null,
    message: event.data?.bounce?.message ?? event.data?.failed?.reason ?? null,
    occurredAt: event.created_at ? new Date(event.created_at) : undefined,
  };
}
