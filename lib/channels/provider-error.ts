/**
 * retryable: the provider did not take the message (network, 5xx, 429) — try again, maybe
 * elsewhere. permanent: it never will (bad address, bounced, unregistered token) — do not
 * retry. ambiguous: it may have taken it (timeout after sending) — retry only with the same
 * idempotency key, on the same provider.
 */
export type FailureKind = "retryable" | "permanent" | "ambiguous";

/** What a failure (or a partial success) obliges us to change about the recipient. */
export type ProviderEffect =
  | { kind: "disable_sms"; reason: string }
  | { kind: "remove_push_tokens"; tokens: string[]; reason: string };

export class ProviderError extends Error {
  readonly provider: string;
  readonly kind: FailureKind;
  /** The provider's own code (Resend error name, Twilio code, FCM error code, HTTP status). */
  readonly code: string;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly effects: ProviderEffect[];
  /** The failure is about one recipient (a busy device), not the provider's health. */
  readonly recipientScoped: boolean;

  constructor(
    provider: string,
    kind: FailureKind,
    code: string,
    message: string,
    options: { status?: number; retryAfterMs?: number; effects?: ProviderEffect[]; recipientScoped?: boolean } = {},
  ) {
    super(message);
    this.name = "ProviderError";
    this.provider = provider;
    this.kind = kind;
    this.code = code;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.effects = options.effects ?? [];
    this.recipientScoped = options.recipientScoped ?? false;
  }
}

/** The longest wait a provider (or a webhook receiver) can impose: past it, the normal backoff applies. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/**
 * Retry-After as seconds or an HTTP (or ISO) date, in milliseconds, at most `maxMs` (an hour for
 * what providers ask); undefined when absent or nonsense.
 */
export function parseRetryAfter(value: string | null | undefined, maxMs = MAX_RETRY_AFTER_MS, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.min(maxMs, Math.round(Number(trimmed) * 1000));
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.min(maxMs, Math.max(0, at - now));
}

/** HTTP statuses every provider treats alike: 429, 408 and 5xx are worth retrying. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
