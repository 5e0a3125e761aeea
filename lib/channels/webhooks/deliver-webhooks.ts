import { and, eq, isNotNull, or, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import type { Db } from "@/lib/db/client";
import { deliveryEvents, webhookEndpoints, type WebhookEndpoint } from "@/lib/db/schema";
import { parseRetryAfter, ProviderError } from "../provider-error";
import { BlockedAddressError, safeHttpRequest, type SafeHttpPolicy } from "./safe-http-request";
import { decryptSecret } from "./webhook-secrets";

export type WebhookSettings = SafeHttpPolicy & { disableAfterFailures: number };

export type WebhookDelivery = {
  deliveryId: string;
  idempotencyKey: string;
  recipientId: string;
  typeKey: string;
  /** The JSON body: identical on every attempt, so receivers can deduplicate on webhook-id. */
  payload: Record<string, unknown>;
};

const endpointsFor = (recipientId: string, typeKey: string) =>
  and(eq(webhookEndpoints.enabled, true), or(eq(webhookEndpoints.recipientId, recipientId), eq(webhookEndpoints.typeKey, typeKey)));

/** The enabled endpoints a notification of this type for this recipient goes to. */
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

async function recordEndpointResult(db: Db, endpoint: WebhookEndpoint, outcome: EndpointOutcome, settings: WebhookSettings) {
  if (outcome.ok) {
    await db
      .update(webhookEndpoints)
      .set({ consecutiveFailures: 0, lastSuccessAt: new Date() })
      .where(eq(webhookEndpoints.id, endpoint.id));
    return;
  }
  const reason = `${outcome.error.code}: ${outcome.error.message}`.slice(0, 500);
  // 410 Gone means "stop sending"; otherwise an endpoint is disabled after N failures in a row.
  const gone = outcome.error.status === 410;
  await db
    .update(webhookEndpoints)
    .set({
      consecutiveFailures: sql`${webhookEndpoints.consecutiveFailures} + 1`,
      lastFailureAt: new Date(),
      lastFailureReason: reason,
      enabled: sql`case when ${gone} or ${webhookEndpoints.consecutiveFailures} + 1 >= ${settings.disableAfterFailures} then false else ${webhookEndpoints.enabled} end`,
      disabledAt: sql`case when ${gone} or ${webhookEndpoints.consecutiveFailures} + 1 >= ${settings.disableAfterFailures} then now() else ${webhookEndpoints.disabledAt} end`,
      disabledReason: sql`case when ${gone} then 'The endpoint answered 410 Gone'
        when ${webhookEndpoints.consecutiveFailures} + 1 >= ${settings.disableAfterFailures} then ${`Failed ${settings.disableAfterFailures} times in a row; last: ${reason}`}
        else ${webhookEndpoints.disabledReason} end`,
    })
    .where(eq(webhookEndpoints.id, endpoint.id));
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

export type WebhookResult = { endpoints: number; delivered: number; providerMessageId: string };

/**
 * Posts a notification to each of its endpoints, skipping those an earlier attempt already
 * reached (recorded per endpoint in the delivery's events). Throws a retryable ProviderError
 * while any endpoint may still succeed; a permanent one when none ever will.
 */
export async function deliverWebhooks(db: Db, delivery: WebhookDelivery, endpoints: WebhookEndpoint[], settings: WebhookSettings, attempt: number): Promise<WebhookResult> {
  const done = await db
    .select({ id: deliveryEvents.providerEventId })
    .from(deliveryEvents)
    .where(and(eq(deliveryEvents.deliveryId, delivery.deliveryId), eq(deliveryEvents.status, "endpoint_accepted"), isNotNull(deliveryEvents.providerEventId)));
  const reached = new Set(done.map((d) => d.id));
  const body = JSON.stringify(delivery.payload);
  const pending = endpoints.filter((e) => !reached.has(`endpoint:${e.id}`));
  const outcomes = await Promise.all(pending.map((endpoint) => postToEndpoint(db, endpoint, delivery, body, settings)));
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
  const delivered = reached.size + outcomes.filter((o) => o.ok).length;
  const failures = outcomes.filter((o): o is Extract<EndpointOutcome, { ok: false }> => !o.ok);
  const retryable = failures.filter((f) => f.error.kind === "retryable");
  if (retryable.length > 0) {
    const first = retryable[0]!.error;
    throw new ProviderError("webhook", "retryable", first.code, `${retryable.length} of ${endpoints.length} endpoints failed: ${first.message}`, {
      status: first.status,
      retryAfterMs: first.retryAfterMs,
    });
  }
  if (delivered === 0 && failures.length > 0) {
    const first = failures[0]!.error;
    throw new ProviderError("webhook", "permanent", first.code, first.message, { status: first.status });
  }
  return { endpoints: endpoints.length, delivered, providerMessageId: `webhook:${delivery.idempotencyKey.slice(0, 24)}` };
}
