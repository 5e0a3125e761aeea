import twilio from "twilio";
import { smsMeta, type ChannelProvider, type OutboundMessage, type SendResult } from "./channel-provider";
import { isRetryableStatus, parseRetryAfter, ProviderError, type FailureKind } from "./provider-error";

export type TwilioConfig = {
  accountSid: string;
  authToken: string;
  /** +E.164 number or a Messaging Service SID. */
  from: string;
  /** Where the REST API lives; only a proxy or a stand-in changes it. */
  apiBaseUrl?: string;
  /** Public URL of Herald's status callback route, when Herald is reachable from Twilio. */
  statusCallbackUrl?: string;
  timeoutMs: number;
};

// Codes Twilio documents as final for this recipient (invalid, opted out, unreachable, filtered).
const PERMANENT_CODES = new Set([21211, 21212, 21408, 21610, 21612, 21614, 21635, 30004, 30005, 30006, 30007]);
// Codes worth another try later (queue overflow, unreachable handset, carrier trouble, rate).
const TRANSIENT_CODES = new Set([20429, 30001, 30003, 30008, 30009, 30010]);

type TwilioRequestOptions<TData> = import("twilio/lib/base/RequestClient").RequestOptions<TData>;
type TwilioRestError = Error & { status?: number; code?: number; moreInfo?: string };
type NetworkError = Error & { code?: string; request?: unknown; response?: unknown };

/**
 * Twilio's HTTP client with two changes: requests can be pointed at another base URL, and a 429
 * or 503 becomes a retryable error carrying Retry-After (the SDK's own errors drop the headers). Its
 * auto-retry stays off: it would also retry a POST whose connection reset, duplicating an SMS.
 */
class HeraldTwilioHttpClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string | undefined, timeoutMs: number) {
    super({ timeout: timeoutMs, autoRetry: false, keepAlive: true });
  }

  override async request<TData>(opts: TwilioRequestOptions<TData>) {
    let uri = opts.uri;
    if (this.baseUrl) {
      const target = new URL(opts.uri);
      const base = new URL(this.baseUrl);
      uri = `${base.origin}${base.pathname.replace(/\/$/, "")}${target.pathname}${target.search}`;
    }
    let response;
    try {
      response = await super.request<TData>({ ...opts, uri });
    } catch (error) {
      throw classifyNetworkError(error as NetworkError, opts.method);
    }
    // Throttled or briefly down: both may say when to come back.
    if (response.statusCode === 429 || response.statusCode === 503) {
      const body = parseBody(response.body);
      const fallback = response.statusCode === 429 ? { code: 20429, message: "Too Many Requests" } : { code: 503, message: "Service Unavailable" };
      throw new ProviderError("twilio", "retryable", String(body?.code ?? fallback.code), String(body?.message ?? fallback.message), {
        status: response.statusCode,
        retryAfterMs: parseRetryAfter(headerOf(response.headers, "retry-after")),
      });
    }
    return response;
  }
}

function parseBody(body: unknown): Record<string, unknown> | null {
  if (typeof body === "object" && body) return body as Record<string, unknown>;
  try {
    return JSON.parse(String(body)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function headerOf(headers: unknown, name: string): string | undefined {
  const value = (headers as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : undefined;
}

function classifyNetworkError(error: NetworkError, method: string): ProviderError {
  if (error instanceof ProviderError) return error;
  // Refused or unresolvable: the request never left. Anything later on a POST may have landed.
  const neverSent = error.code === "ECONNREFUSED" || error.code === "ENOTFOUND" || error.code === "EAI_AGAIN";
  const kind: FailureKind = neverSent || String(method).toUpperCase() === "GET" ? "retryable" : "ambiguous";
  return new ProviderError("twilio", kind, error.code ?? "network_error", error.message);
}

function classifyRestError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = error as TwilioRestError;
  const code = typeof e.code === "number" ? e.code : undefined;
  const status = typeof e.status === "number" ? e.status : undefined;
  const text = e.message || "Twilio request failed";
  if (code === 21610) {
    // The recipient replied STOP: Twilio will refuse every SMS until they opt back in.
    return new ProviderError("twilio", "permanent", "21610", text, { status, effects: [{ kind: "disable_sms", reason: "twilio_21610_stop" }] });
  }
  if (code !== undefined && PERMANENT_CODES.has(code)) return new ProviderError("twilio", "permanent", String(code), text, { status });
  if (code !== undefined && TRANSIENT_CODES.has(code)) return new ProviderError("twilio", "retryable", String(code), text, { status });
  // Unknown codes (Twilio refines them over time): decide by the HTTP status. Bad credentials
  // are a provider problem, not the recipient's: let failover try another provider.
  // A gateway error on a send may hide a message Twilio did create: look before sending again.
  if (status === 502 || status === 504) return new ProviderError("twilio", "ambiguous", String(code ?? status), text, { status });
  if (status !== undefined && (isRetryableStatus(status) || status === 401 || status === 403)) {
    return new ProviderError("twilio", "retryable", String(code ?? status), text, { status });
  }
  return new ProviderError("twilio", "permanent", String(code ?? status ?? "unknown"), text, { status });
}

/** SMS through Twilio's Messages API, with segment count and encoding recorded per message. */
export function twilioSms(config: TwilioConfig): ChannelProvider {
  const client = twilio(config.accountSid, config.authToken, {
    httpClient: new HeraldTwilioHttpClient(config.apiBaseUrl, config.timeoutMs),
  });
  const fromField = config.from.startsWith("MG") ? { messagingServiceSid: config.from } : { from: config.from };
  return {
    name: "twilio",
    channels: ["sms"],
    idempotent: false,
    async send(message: OutboundMessage): Promise<SendResult> {
      const body = message.body ?? "";
      try {
        const created = await client.messages.create({
          to: message.to[0]!,
          body,
          ...fromField,
          ...(config.statusCallbackUrl ? { statusCallback: config.statusCallbackUrl } : {}),
        });
        return {
          providerMessageId: created.sid,
          status: "sent",
          meta: smsMeta(body, created.numSegments),
        };
      } catch (error) {
        throw classifyRestError(error);
      }
    },
    // Twilio has no idempotency key: after a timeout, look for the message we may have created.
    async reconcile(message: OutboundMessage, since: Date): Promise<SendResult | null> {
      try {
        const recent = await client.messages.list({ to: message.to[0]!, limit: 50 });
        // `since` is when the interrupted attempt began; Twilio's clock and ours may differ a little.
        const match = recent.find(
          (m) =>
            m.body === (message.body ?? "") &&
            (config.from.startsWith("MG") ? m.messagingServiceSid === config.from : m.from === config.from) &&
            m.dateCreated &&
            m.dateCreated.getTime() >= since.getTime() - 30_000,
        );
        if (!match) return null;
        return { providerMessageId: match.sid, status: "sent", meta: smsMeta(message.body ?? "", match.numSegments) };
      } catch (error) {
        throw classifyRestError(error);
      }
    },
  };
}
