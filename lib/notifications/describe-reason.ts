/**
 * Delivery reasons are stored as machine codes (`opted_out`, `blocked_address`, Twilio's
 * `21610`) or as sentences. People read them in the admin: this gives each known code its
 * plain-language text and keeps the code beside it, so an operator can still search for it.
 */
const KNOWN: Record<string, string> = {
  // Why a channel was skipped (lib/notifications/plan-delivery.ts, lib/send/deliver-channel.ts).
  opted_out: "The recipient turned this notification type off for this channel",
  channel_disabled: "The recipient turned this channel off for everything",
  no_email: "The recipient has no email address",
  no_phone: "The recipient has no phone number",
  no_push_token: "The recipient has no device registered for push",
  no_webhook: "No webhook endpoint subscribes to this type",
  no_email_address: "The recipient has no email address",
  no_sms_address: "The recipient has no phone number",
  no_push_address: "The recipient has no device registered for push",
  no_content: "The type has no template for this channel, and the request carried no content for it",
  no_provider: "No provider is configured for this channel",
  no_endpoint: "The webhook endpoint was deleted after the notification was planned",
  notification_cancelled: "The notification was cancelled before this was sent",
  // Why a send failed or waits.
  blocked_address: "The webhook address is private or not allowed (server-side request forgery guard)",
  network_error: "The provider could not be reached",
  circuit_open: "Every provider for this channel is failing: waiting for the next probe",
  template_error: "The template could not be rendered with this notification's data",
  endpoint_paused: "The webhook endpoint is paused",
  endpoint_disabled: "The webhook endpoint is disabled",
  secret_unreadable: "The webhook endpoint's signing secret could not be read",
  provider_exception: "The provider's client threw an unexpected error",
  fcm_unregistered: "The device's push token is no longer registered",
  twilio_21610_stop: "The recipient replied STOP to this sender",
  "21610": "The recipient replied STOP to this sender (Twilio 21610)",
  "21211": "The phone number is not valid (Twilio 21211)",
  "21614": "The number cannot receive SMS (Twilio 21614)",
  validation_error: "The provider refused the message as invalid",
  rate_limit_exceeded: "The provider's rate limit was reached",
  unknown: "No reason was recorded",
};

const CODE = /^[a-z0-9][a-z0-9_.-]*$/i;
/** `code: message` as the senders write it (`blocked_address: 10.0.0.1 is private`). */
const PREFIXED = /^([a-z0-9][a-z0-9_.-]*): (.+)$/is;

export type DescribedReason = { text: string; code: string | null };

/** Plain text for a stored reason, with the code it came from (null when it was a sentence). */
export function describeReason(reason: string, code?: string | null): DescribedReason {
  const trimmed = reason.trim();
  if (CODE.test(trimmed) && !trimmed.includes(" ")) {
    return { text: KNOWN[trimmed] ?? humanize(trimmed), code: trimmed };
  }
  const prefixed = PREFIXED.exec(trimmed);
  if (prefixed && KNOWN[prefixed[1]!]) return { text: `${KNOWN[prefixed[1]!]}: ${prefixed[2]}`, code: prefixed[1]! };
  return { text: trimmed, code: code && code !== trimmed ? code : null };
}

/** `endpoint_gone` → "Endpoint gone": better than the raw code for one nobody has described yet. */
function humanize(code: string): string {
  if (/^\d+$/.test(code)) return `Provider code ${code}`;
  const words = code.replace(/[_.-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
