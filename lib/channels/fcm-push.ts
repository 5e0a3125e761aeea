import type { Agent } from "node:http";
import { initializeApp, type App, type Credential } from "firebase-admin/app";
import { JWT } from "google-auth-library";
import { getMessaging, type Message, type SendResponse } from "firebase-admin/messaging";
import type { ChannelProvider, OutboundMessage, SendResult } from "./channel-provider";
import { parseRetryAfter, ProviderError, type ProviderEffect } from "./provider-error";

export type FcmServiceAccount = { project_id: string; client_email: string; private_key: string };

export type FcmConfig = {
  serviceAccount: FcmServiceAccount;
  /** An HTTP agent for every request the SDK makes (proxies, or a stand-in in tests). */
  httpAgent?: Agent;
};

// The token is gone for good: the app was uninstalled or the browser unsubscribed.
const DEAD_TOKEN = new Set(["messaging/registration-token-not-registered", "messaging/invalid-registration-token"]);
const RETRYABLE = new Set([
  "messaging/server-unavailable",
  "messaging/internal-error",
  "messaging/message-rate-exceeded",
  "messaging/device-message-rate-exceeded",
  "messaging/topics-message-rate-exceeded",
  "messaging/quota-exceeded",
  "messaging/unknown-error",
  "messaging/authentication-error",
  "messaging/third-party-auth-error",
  "app/invalid-credential",
  "app/network-error",
  "app/network-timeout",
]);
const MAX_TOKENS_PER_CALL = 500;

type FirebaseFailure = Error & { code?: string; httpResponse?: { status?: number; headers?: Record<string, string> } };

const FCM_SCOPES = ["https://www.googleapis.com/auth/cloud-platform", "https://www.googleapis.com/auth/firebase.messaging"];

/**
 * The service account's OAuth token through google-auth-library's JWT client. firebase-admin's
 * own `cert()` builds its client in a way that drops the HTTP agent, so the token request would
 * ignore a configured proxy; this credential keeps it.
 */
function serviceAccountCredential(account: FcmServiceAccount, agent: Agent | undefined): Credential {
  const jwt = new JWT({ email: account.client_email, key: account.private_key, scopes: FCM_SCOPES, transporterOptions: agent ? { agent } : undefined });
  return {
    async getAccessToken() {
      const { token } = await jwt.getAccessToken();
      if (!token) throw Object.assign(new Error("No access token from Google OAuth"), { code: "app/invalid-credential" });
      const expires = jwt.credentials.expiry_date ?? Date.now() + 3_600_000;
      return { access_token: token, expires_in: Math.max(1, Math.floor((expires - Date.now()) / 1000)) };
    },
  };
}

let appCount = 0;

/** One firebase-admin app per provider instance: a process builds its providers once. */
function appFor(config: FcmConfig): App {
  const projectId = config.serviceAccount.project_id;
  const name = `herald-fcm-${projectId}-${(appCount += 1)}`;
  return initializeApp({ credential: serviceAccountCredential(config.serviceAccount, config.httpAgent), projectId, httpAgent: config.httpAgent }, name);
}

/** Push through Firebase Cloud Messaging: one message per token (sendEach), web + Android + iOS fields. */
export function fcmPush(config: FcmConfig): ChannelProvider {
  const messaging = getMessaging(appFor(config));
  // HTTP/2 by default; an explicit agent (proxy, stand-in) needs the HTTP/1.1 transport.
  if (config.httpAgent) messaging.enableLegacyHttpTransport();
  return {
    name: "fcm",
    channels: ["push"],
    idempotent: false,
    async send(message: OutboundMessage): Promise<SendResult> {
      const tokens = message.to.slice(0, MAX_TOKENS_PER_CALL);
      const messages: Message[] = tokens.map((token) => toFcmMessage(token, message));
      let responses: SendResponse[];
      try {
        responses = (await messaging.sendEach(messages)).responses;
      } catch (error) {
        throw classify(error as FirebaseFailure);
      }
      const dead = tokens.filter((_, i) => DEAD_TOKEN.has(responses[i]?.error?.code ?? ""));
      const effects: ProviderEffect[] = dead.length > 0 ? [{ kind: "remove_push_tokens", tokens: dead, reason: "fcm_unregistered" }] : [];
      const succeeded = responses.filter((r) => r.success);
      if (succeeded.length > 0) {
        return {
          providerMessageId: succeeded[0]!.messageId!,
          status: "sent",
          meta: { push: { tokens: tokens.length, succeeded: succeeded.length, removedTokens: dead.length } },
          effects,
        };
      }
      // Nothing went out: retry if any token failed for a passing reason, else give up.
      const errors = responses.map((r) => classify(r.error as FirebaseFailure));
      const retryable = errors.find((e) => e.kind === "retryable");
      if (retryable) throw new ProviderError("fcm", "retryable", retryable.code, retryable.message, { retryAfterMs: retryable.retryAfterMs, effects });
      const first = errors[0]!;
      throw new ProviderError("fcm", "permanent", first.code, first.message, { effects });
    },
  };
}

function toFcmMessage(token: string, message: OutboundMessage): Message {
  const title = message.subject ?? "";
  const body = message.body ?? "";
  // Push messages always belong to a delivery; the key is the same for every retry of one.
  const tag = message.deliveryId ?? message.idempotencyKey;
  const data = { ...(message.data ?? {}), deliveryId: tag, ...(message.actionUrl ? { url: message.actionUrl } : {}) };
  return {
    token,
    notification: { title, body },
    data,
    webpush: {
      notification: { title, body, tag },
      ...(message.actionUrl?.startsWith("https://") ? { fcmOptions: { link: message.actionUrl } } : {}),
    },
    android: { priority: "high", collapseKey: tag, notification: { tag } },
    apns: { headers: { "apns-priority": "10", "apns-collapse-id": tag.slice(0, 64) }, payload: { aps: { sound: "default" } } },
  };
}

function classify(error: FirebaseFailure | undefined): ProviderError {
  if (error instanceof ProviderError) return error;
  const code = error?.code ?? "messaging/unknown-error";
  const text = error?.message ?? "FCM request failed";
  if (DEAD_TOKEN.has(code)) return new ProviderError("fcm", "permanent", code, text);
  if (RETRYABLE.has(code)) {
    const retryAfter = parseRetryAfter(error?.httpResponse?.headers?.["retry-after"]);
    // FCM asks for at least a minute of backoff when a rate limit is hit.
    const floor = code.includes("rate-exceeded") || code === "messaging/quota-exceeded" ? 60_000 : undefined;
    return new ProviderError("fcm", "retryable", code, text, {
      retryAfterMs: Math.max(retryAfter ?? 0, floor ?? 0) || undefined,
      // One busy device says nothing about FCM's health.
      recipientScoped: code === "messaging/device-message-rate-exceeded",
    });
  }
  return new ProviderError("fcm", "permanent", code, text);
}
