import { and, eq, isNotNull, or, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { systemActor } from "@/lib/audit/audit-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { describeDuration } from "@/lib/parse-duration";
import { deliveryEvents, webhookEndpoints, type WebhookEndpoint } from "@/lib/db/schema";
import { parseRetryAfter, ProviderError } from "../provider-error";
import { BlockedAddressError, safeHttpRequest, type SafeHttpPolicy } from "./safe-http-request";
import { decryptSecret } from "./webhook-secrets";

/** `disableAfterMs`: how long an endpoint may fail with no success before it is disabled. */
export type WebhookSettings = SafeHttpPolicy & { disableAfterMs: number };

export type WebhookDelivery = {
  deliveryId: string;
  idempotencyKey: string;
  recipientId: string;
  typeKey: string;
  /** The JSON body: identical on every attempt, so receivers can deduplicate on webhook-id. */
  payload: Record<string, unknown>;
};

const endpointsFor = (recipientId: string, typeKey: string) => or(eq(webhookEndpoints.recipientId, recipientId), eq(webhookEndpoints.typeKey, typeKey));

/**
 * Every endpoint a notification of this type for this recipient goes to, whatever its state: a
 * disabled or paused one still owes the notification, which then fails visibly instead of
 * being skipped.
 */
export async function findWebhookEndpoints(db: Db, recipientId: string, typeKey: string): Promise<WebhookEndpoint[]> {
  return db.select().from(webhookEndpoints).where(endpointsFor(recipientId, typeKey));
}

/** How many there are, for planning (no secrets read). */
export async function countWebhookEndpoints(db: Db, recipientId: string, typeKey: string): Promise<number> {
  return db.$count(webhookEndpoints, endpointsFor(recipientId, typeKey));
}

/** Every secret that signs now: the current one, and the previous one until it expires. */
async function signingSecrets(db: Db, endpoint: WebhookEndpoint): Promise<string[]> {
  const secrets = [await decryptSecret(db, endpoint.secretCiphertext)];
  if (endpoint.previousSecretCiphertext && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date()) {
    secrets.push(await decryptSecret(db, endpoint.previousSecretCiphertext));
  }
  return secrets;
}

/** Standard Webhooks headers; during a rotation the signature header carries one per secret. */
export function signWebhook(secrets: readonly string[], id: string, body: string, at = new Date()): Record<string, string> {
  return {
    "webhook-id": id,
    "webhook-timestamp": Math.floor(at.getTime() / 1000).toString(),
    "webhook-signature": secrets.map((s) => new Webhook(s).sign(id, at, body)).join(" "),
  };
}

type EndpointOutcome = { endpoint: WebhookEndpoint; ok: true } | { endpoint: WebhookEndpoint; ok: false; error: ProviderError };

/**
 * Endpoint health, like Svix: a success clears `failing_since`; a failure starts it (if unset)
 * and disables the endpoint only once it has failed for `disableAfterMs` with no success in
 * between — a burst of failures in one bad minute disables nothing. 410 Gone disables at once.
 */
async function recordEndpointResult(db: Db, endpoint: WebhookEndpoint, outcome: EndpointOutcome, settings: WebhookSettings) {
  if (outcome.ok) {
    await db
      .update(webhookEndpoints)
      .set({ consecutiveFailures: 0, lastSuccessAt: new Date(), failingSince: null })
      .where(eq(webhookEndpoints.id, endpoint.id));
    return;
  }
  const reason = `${outcome.error.code}: ${outcome.error.message}`.slice(0, 500);
  const gone = outcome.error.status === 410;
  const failingSince = sql`coalesce(${webhookEndpoints.failingSince}, now())`;
  const disable = sql`(${webhookEndpoints.enabled} and (${gone} or ${failingSince} <= now() - make_interval(secs => ${settings.disableAfterMs / 1000})))`;
  const [after] = await db
    .update(webhookEndpoints)
    .set({
      consecutiveFailures: sql`${webhookEndpoints.consecutiveFailures} + 1`,
      lastFailureAt: new Date(),
      lastFailureReason: reason,
      failingSince,
      enabled: sql`case when ${disable} then false else ${webhookEndpoints.enabled} end`,
      disabledAt: sql`case when ${disable} then now() else ${webhookEndpoints.disabledAt} end`,
      disabledReason: sql`case when ${gone} and ${disable} then 'The endpoint answered 410 Gone'
        when ${disable} then ${`Failed for ${describeDuration(settings.disableAfterMs)} with no success; last: ${reason}`}
        else ${webhookEndpoints.disabledReason} end`,
    })
    .where(eq(webhookEndpoints.id, endpoint.id))
    .returning({ enabled: webhookEndpoints.enabled, disabledAt: webhookEndpoints.disabledAt, disabledReason: webhookEndpoints.disabledReason, failingSince: webhookEndpoints.failingSince });
  if (endpoint.enabled && after && !after.enabled) {
    await recordAudit(db, systemActor, {
      action: "webhook_endpoint.disable",
      target: { type: "webhook_endpoint", id: endpoint.id },
      before: { enabled: true, failingSince: endpoint.failingSince },
      after,
    });
  }
}

async function postToEndpoint(db: Db, endpoint: WebhookEndpoint, delivery: WebhookDelivery, body: string, settings: WebhookSettings): Promise<EndpointOutcome> {
  const id = `msg_${delivery.idempotencyKey.slice(0, 24)}_${endpoint.id.replaceAll("-", "").slice(0, 12)}`;
  let secrets: string[];
  try {
    secrets = await signingSecrets(db, endpoint);
  } catch {
    // A secret that no longer decrypts (the key changed) stops this endpoint only.
    return { endpoint, ok: false, error: new ProviderError("webhook", "permanent", "secret_unreadable", "The endpoint's signing secret cannot be decrypted; rotate it") };
  }
  const headers = { "content-type": "application/json", "user-agent": "Herald-Webhooks/1", ...signWebhook(secrets, id, body) };
  try {
    const res = await safeHttpRequest(endpoint.url, { method: "POST", headers, body }, settings);
    if (res.status >= 200 && res.status < 300) return { endpoint, ok: true };
    const retryAfterMs = parseRetryAfter(typeof res.headers["retry-after"] === "string" ? res.headers["retry-after"] : undefined);
    const text = `HTTP ${res.status}${res.body ? `: ${res.body.slice(0, 200)}` : ""}`;
    // 410 stops this endpoint; every other answer (3xx included: redirects are not followed) is retried.
    const kind = res.status === 410 ? "permanent" : "retryable";
    return { endpoint, ok: false, error: new ProviderError("webhook", kind, String(res.status), text, { status: res.status, retryAfterMs }) };
  } catch (error) {
    if (error instanceof BlockedAddressError) return { endpoint, ok: false, error: new ProviderError("webhook", "permanent", error.code, error.message) };
    const e = error as NodeJS.ErrnoException;
    return { endpoint, ok: false, error: new ProviderError("webhook", "retryable", e.code ?? "network_error", e.message) };
  }
}

/** Why an endpoint that was not posted to did not get the notification. */
function notPosted(endpoint: WebhookEndpoint): ProviderError {
  return endpoint.enabled
    ? new ProviderError("webhook", "permanent", "endpoint_paused", `${endpoint.url} is paused; the notification waits in the dead letters until it is resumed`)
    : new ProviderError("webhook", "permanent", "endpoint_disabled", `${endpoint.url} is disabled${endpoint.disabledReason ? ` (${endpoint.disabledReason})` : ""}`);
}

export type WebhookAttempt = {
  endpoints: number;
  /** Reached, on this attempt or an earlier one. */
  delivered: number;
  /** Not reached yet, each with why: its answer on this attempt, or its state (disabled, paused). */
  pending: { endpoint: WebhookEndpoint; error: ProviderError }[];
  providerMessageId: string;
};

/**
 * Posts a notification to each of its endpoints that is enabled and not paused, skipping those
 * an earlier attempt already reached (recorded per endpoint in the delivery's events), and
 * reports what is still pending and why; the caller decides whether to retry.
 */
export async function deliverWebhooks(db: Db, delivery: WebhookDelivery, endpoints: WebhookEndpoint[], settings: WebhookSettings, attempt: number): Promise<WebhookAttempt> {
  const done = await db
    .select({ id: deliveryEvents.providerEventId })
    .from(deliveryEvents)
    .where(and(eq(deliveryEvents.deliveryId, delivery.deliveryId), eq(deliveryEvents.status, "endpoint_accepted"), isNotNull(deliveryEvents.providerEventId)));
  const reached = new Set(done.map((d) => d.id));
  const body = JSON.stringify(delivery.payload);
  const unreached = endpoints.filter((e) => !reached.has(`endpoint:${e.id}`));
  const open = unreached.filter((e) => e.enabled && !e.pausedAt);
  const outcomes = await Promise.all(open.map((endpoint) => postToEndpoint(db, endpoint, delivery, body, settings)));
  for (const outcome of outcomes) {
    await recordEndpointResult(db, outcome.endpoint, outcome, settings);
    await db
      .insert(deliveryEvents)
      .values({
        deliveryId: delivery.deliveryId,
        status: outcome.ok ? "endpoint_accepted" : "attempt_failed",
        provider: "webhook",
        attempt,
        reason: outcome.ok ? `Accepted by ${outcome.endpoint.url}` : `${outcome.endpoint.url}`,
        providerCode: outcome.ok ? null : outcome.error.code,
        providerMessage: outcome.ok ? null : outcome.error.message.slice(0, 1000),
        // Unique per delivery: a success is recorded once, so the next attempt skips it.
        providerEventId: outcome.ok ? `endpoint:${outcome.endpoint.id}` : null,
      })
      .onConflictDoNothing();
  }
  const failed = outcomes.filter((o): o is Extract<EndpointOutcome, { ok: false }> => !o.ok).map(({ endpoint, error }) => ({ endpoint, error }));
  const held = unreached.filter((e) => !open.includes(e)).map((endpoint) => ({ endpoint, error: notPosted(endpoint) }));
  return {
    endpoints: endpoints.length,
    delivered: endpoints.length - unreached.length + outcomes.filter((o) => o.ok).length,
    pending: [...failed, ...held],
    providerMessageId: `webhook:${delivery.idempotencyKey.slice(0, 24)}`,
  };
}
