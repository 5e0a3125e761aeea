import type { Agent } from "node:http";
import type { Db } from "@/lib/db/client";
import { getEnv, type Env } from "@/lib/env";
import { retrySchedulesFrom, type RetrySchedules } from "@/lib/send/retry-schedule";
import type { ChannelProvider, ProviderChannel } from "./channel-provider";
import type { BreakerSettings } from "./circuit-breaker";
import { devOutbox } from "./dev-outbox";
import { fcmPush } from "./fcm-push";
import { resendEmail } from "./resend-email";
import { smtpEmail } from "./smtp-email";
import { twilioSms } from "./twilio-sms";
import type { WebhookSettings } from "./webhooks/deliver-webhooks";

export type ChannelProviders = {
  /** Providers per channel, in failover order. Empty: the dev outbox takes the channel. */
  providers: Record<ProviderChannel, ChannelProvider[]>;
  breaker: BreakerSettings;
  webhooks: WebhookSettings;
  /** The wait before each attempt, per channel. */
  retry: RetrySchedules;
};

export type ProviderOptions = {
  /** For firebase-admin's requests (proxies; a stand-in in tests). */
  fcmHttpAgent?: Agent;
};

function parseServiceAccount(value: string) {
  const text = value.trim().startsWith("{") ? value : Buffer.from(value, "base64").toString("utf8");
  return JSON.parse(text) as { project_id: string; client_email: string; private_key: string };
}

/** Builds the providers the environment configures (pure but for the SDK clients it creates). */
export function createChannelProviders(env: Env, options: ProviderOptions = {}): ChannelProviders {
  const email: ChannelProvider[] = [];
  const emailOrder = (env.EMAIL_PROVIDER_ORDER ?? "resend,smtp").split(",");
  for (const name of emailOrder) {
    if (name === "resend" && env.RESEND_API_KEY) {
      email.push(resendEmail({ apiKey: env.RESEND_API_KEY, from: env.EMAIL_FROM!, baseUrl: env.RESEND_BASE_URL, timeoutMs: env.PROVIDER_TIMEOUT_MS }));
    }
    if (name === "smtp" && env.SMTP_URL) email.push(smtpEmail({ url: env.SMTP_URL, from: env.EMAIL_FROM!, timeoutMs: env.PROVIDER_TIMEOUT_MS }));
  }
  const sms: ChannelProvider[] = [];
  if (env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM) {
    sms.push(
      twilioSms({
        accountSid: env.TWILIO_ACCOUNT_SID,
        authToken: env.TWILIO_AUTH_TOKEN,
        from: env.TWILIO_FROM,
        apiBaseUrl: env.TWILIO_API_BASE_URL,
        statusCallbackUrl: env.HERALD_PUBLIC_URL ? new URL("/api/webhooks/twilio", env.HERALD_PUBLIC_URL).toString() : undefined,
        timeoutMs: env.PROVIDER_TIMEOUT_MS,
      }),
    );
  }
  const push: ChannelProvider[] = [];
  if (env.FIREBASE_SERVICE_ACCOUNT) push.push(fcmPush({ serviceAccount: parseServiceAccount(env.FIREBASE_SERVICE_ACCOUNT), httpAgent: options.fcmHttpAgent }));
  return {
    providers: { email, sms, push },
    breaker: { threshold: env.HERALD_BREAKER_THRESHOLD, cooldownMs: env.HERALD_BREAKER_COOLDOWN_MS },
    webhooks: {
      allow: env.WEBHOOK_ALLOWED_HOSTS,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      maxResponseBytes: env.WEBHOOK_MAX_RESPONSE_BYTES,
      disableAfterMs: env.WEBHOOK_DISABLE_AFTER,
    },
    retry: retrySchedulesFrom(env),
  };
}

const globalForProviders = globalThis as unknown as { heraldChannelProviders?: ChannelProviders };

/** The process's providers, built once from the environment. */
export function getChannelProviders(): ChannelProviders {
  globalForProviders.heraldChannelProviders ??= createChannelProviders(getEnv());
  return globalForProviders.heraldChannelProviders;
}

/** Replaces the process's providers (tests point real SDKs at stand-ins); null rebuilds from env. */
export function setChannelProviders(providers: ChannelProviders | null): void {
  globalForProviders.heraldChannelProviders = providers ?? undefined;
}

/** The providers a channel uses now: the configured ones, else the dev outbox. */
export function providersFor(set: ChannelProviders, channel: ProviderChannel, db: Db): ChannelProvider[] {
  const configured = set.providers[channel];
  return configured.length > 0 ? configured : [devOutbox(db)];
}

/** Names only, in failover order — for /api/health. Keys never leave the server. */
export function configuredProviderNames(): Record<ProviderChannel | "webhook", string[]> {
  const { providers } = getChannelProviders();
  const names = (channel: ProviderChannel) => (providers[channel].length > 0 ? providers[channel].map((p) => p.name) : ["dev-outbox"]);
  return { email: names("email"), sms: names("sms"), push: names("push"), webhook: ["webhook"] };
}
