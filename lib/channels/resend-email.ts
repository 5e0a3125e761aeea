import { Resend } from "resend";
import type { ChannelProvider, OutboundMessage, SendResult } from "./channel-provider";
import { isRetryableStatus, parseRetryAfter, ProviderError } from "./provider-error";

export type ResendConfig = { apiKey: string; from: string; baseUrl?: string; timeoutMs: number };

// Errors Resend names that no retry will fix (its 4xx families, by name).
const PERMANENT = new Set([
  "validation_error",
  "missing_required_field",
  "invalid_parameter",
  "invalid_from_address",
  "invalid_to_address",
  "invalid_idempotent_request",
  "not_found",
  "method_not_allowed",
]);
// The account, not the recipient, is at fault (bad or restricted key, unverified domain):
// another provider may still deliver, and the breaker should see it.
const ACCOUNT_PROBLEMS = new Set(["restricted_api_key", "invalid_api_key", "missing_api_key", "security_error"]);

/** Email through Resend; every send carries the delivery's idempotency key (kept 24 h by Resend). */
export function resendEmail(config: ResendConfig): ChannelProvider {
  const resend = new Resend(config.apiKey, { baseUrl: config.baseUrl });
  return {
    name: "resend",
    channels: ["email"],
    idempotent: true,
    async send(message: OutboundMessage): Promise<SendResult> {
      const { data, error, headers } = await resend.emails.send(
        {
          from: config.from,
          to: message.to,
          subject: message.subject ?? "",
          html: message.html,
          text: message.body ?? "",
          headers: message.deliveryId ? { "X-Herald-Delivery": message.deliveryId } : {},
        },
        { idempotencyKey: message.idempotencyKey, signal: AbortSignal.timeout(config.timeoutMs) },
      );
      if (data) return { providerMessageId: data.id, status: "sent" };
      const status = typeof error?.statusCode === "number" ? error.statusCode : undefined;
      const name = error?.name ?? "unknown_error";
      const text = error?.message ?? "Resend answered without data or error";
      // Checked by the SDK before any request: nothing was sent, and nothing will change.
      if (status === undefined && PERMANENT.has(name) && !ACCOUNT_PROBLEMS.has(name)) throw new ProviderError("resend", "permanent", name, text);
      // No status: the request may or may not have reached Resend. Same key next time.
      if (status === undefined) throw new ProviderError("resend", "ambiguous", name, text);
      if (status === 409 && name === "concurrent_idempotent_requests") {
        throw new ProviderError("resend", "ambiguous", name, text, { status, retryAfterMs: 1000 });
      }
      const retryAfterMs = parseRetryAfter(headers?.["retry-after"]);
      if (ACCOUNT_PROBLEMS.has(name) || status === 401 || status === 403) throw new ProviderError("resend", "retryable", name, text, { status });
      if (isRetryableStatus(status!) && !PERMANENT.has(name)) throw new ProviderError("resend", "retryable", name, text, { status, retryAfterMs });
      throw new ProviderError("resend", "permanent", name, text, { status });
    },
  };
}
