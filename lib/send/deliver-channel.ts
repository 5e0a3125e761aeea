import { and, desc, eq, sql } from "drizzle-orm";
import { applyProviderEffects } from "@/lib/channels/apply-provider-effects";
import { applyEarlyStatusCallbacks } from "@/lib/channels/apply-status-callback";
import type { OutboundMessage, ProviderChannel } from "@/lib/channels/channel-provider";
import { getChannelProviders, providersFor, type ChannelProviders } from "@/lib/channels/get-channel-providers";
import { ProviderError } from "@/lib/channels/provider-error";
import { sendWithFailover, type FailedAttempt, type PinnedProvider } from "@/lib/channels/send-with-failover";
import { deliverWebhooks, findWebhookEndpoints } from "@/lib/channels/webhooks/deliver-webhooks";
import type { Db } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import {
  deliveries,
  deliveryEvents,
  inboxItems,
  pushTokens,
  type Channel,
  type Delivery,
  type InboxAction,
} from "@/lib/db/schema";
import { renderTemplate, TemplateRenderError } from "@/lib/templates/render-template";
import { ensureDelivery, setStatus } from "./delivery-ledger";
import type { DeliveryContext } from "./load-delivery-context";
import { deferralWake, describeAttempts, nextAttemptAt, ScheduledRetry } from "./retry-schedule";

export type ChannelOutcome =
  | { channel: Channel; status: "delivered" | "sent" | "skipped" | "failed"; reason?: string }
  /**
   * Nothing was attempted (every provider's circuit is open): try again at `until`, as attempt
   * `attempt` of the schedule still — a wait for a provider to recover costs no attempt.
   */
  | { channel: Channel; status: "deferred"; reason: string; until: string; attempt: number };

/**
 * Where a delivery stands: `attempt` is this attempt's 0-based place in the channel's retry
 * schedule, `deferred` how many times it has already waited for an open circuit.
 */
export type DeliveryAttempt = { attempt?: number; deferred?: number; set?: ChannelProviders };

/** Each provider that failed on this attempt gets its own line in the timeline. */
async function recordFailedAttempts(db: Db, deliveryId: string, failures: FailedAttempt[], attempt: number, attemptStartedAt: Date) {
  for (const { provider, error } of failures) {
    await db.insert(deliveryEvents).values({
      deliveryId,
      // A provider skipped for its open circuit was not asked: that is no failed attempt.
      status: error.code === "circuit_open" ? "provider_skipped" : error.kind === "ambiguous" ? "ambiguous" : "attempt_failed",
      provider,
      attempt,
      reason: error.kind,
      providerCode: error.code,
      providerMessage: error.message.slice(0, 1000),
      // Where to look for a message the provider may have created before we gave up on it.
      payload: error.kind === "ambiguous" ? { attemptStartedAt: attemptStartedAt.toISOString() } : null,
    });
  }
}

/**
 * A retryable failure: the next attempt on the channel's schedule (or the provider's
 * Retry-After, if later) is recorded on the delivery and thrown as a ScheduledRetry; after the
 * schedule's last attempt the delivery fails for good, with why.
 */
async function retryOrFail(db: Db, delivery: Delivery, channel: Channel, error: ProviderError, position: Required<DeliveryAttempt>): Promise<ChannelOutcome> {
  const schedule = position.set.retry[channel];
  const retryAt = nextAttemptAt(schedule, position.attempt, { retryAfterMs: error.retryAfterMs });
  if (!retryAt) {
    const reason = `retries exhausted after ${describeAttempts(schedule, position.attempt + 1)}: ${error.code}: ${error.message}`.slice(0, 1000);
    await setStatus(db, delivery.id, "failed", { code: error.code, reason, provider: error.provider, attempt: delivery.attempts + 1 });
    return { channel, status: "failed", reason };
  }
  await db
    .update(deliveries)
    .set({ attempts: sql`${deliveries.attempts} + 1`, lastErrorCode: error.code, lastErrorMessage: error.message.slice(0, 1000), nextAttemptAt: retryAt })
    .where(eq(deliveries.id, delivery.id));
  await db.insert(deliveryEvents).values({
    deliveryId: delivery.id,
    status: "retry_scheduled",
    attempt: delivery.attempts + 1,
    reason: `attempt ${position.attempt + 1} of ${schedule.length} failed (${error.code}); it is tried again on schedule`,
    payload: { nextAttemptAt: retryAt.toISOString() },
  });
  throw new ScheduledRetry(error.message, retryAt, { cause: error });
}

/** Every provider's circuit is open: wait for a probe instead of spending an attempt. */
async function defer(db: Db, delivery: Delivery, channel: Channel, probeAt: Date, position: Required<DeliveryAttempt>): Promise<ChannelOutcome> {
  const until = deferralWake(probeAt, position.deferred, position.set.breaker.cooldownMs);
  await db.update(deliveries).set({ nextAttemptAt: until }).where(eq(deliveries.id, delivery.id));
  await db.insert(deliveryEvents).values({
    deliveryId: delivery.id,
    status: "deferred",
    reason: `every ${channel} provider is failing (circuit open): waiting for its next probe, which costs no attempt`,
    payload: { nextAttemptAt: until.toISOString() },
  });
  return { channel, status: "deferred", reason: "circuit_open", until: until.toISOString(), attempt: position.attempt };
}

/** After an ambiguous outcome, the provider that may hold the message, and since when. */
async function pinnedProvider(db: Db, deliveryId: string): Promise<PinnedProvider | undefined> {
  const events = await db
    .select({ status: deliveryEvents.status, provider: deliveryEvents.provider, at: deliveryEvents.occurredAt, payload: deliveryEvents.payload })
    .from(deliveryEvents)
    .where(eq(deliveryEvents.deliveryId, deliveryId))
    .orderBy(desc(deliveryEvents.id));
  const pin = (e: (typeof events)[number]) => {
    const started = (e.payload as { attemptStartedAt?: string } | null)?.attemptStartedAt;
    return { provider: e.provider!, since: started ? new Date(started) : e.at };
  };
  // The last word is "sending": the process died while a provider had the message.
  if (events[0]?.status === "sending" && events[0].provider) return pin(events[0]);
  // Any interrupted send of this logical attempt (since the last replay) pins it, even if a
  // later retry of the same provider failed cleanly: that provider may still hold the message.
  for (const e of events) {
    if (e.status === "replay_requested") return undefined;
    if (e.status === "ambiguous" && e.provider) return pin(e);
  }
  return undefined;
}

/** Records a channel the planner decided not to use, with why. */
export async function recordSkip(db: Db, ctx: DeliveryContext, channel: Channel, reason: string): Promise<ChannelOutcome> {
  const delivery = await ensureDelivery(db, ctx, channel, null);
  if (delivery.status === "queued") await setStatus(db, delivery.id, "skipped", { reason });
  return { channel, status: "skipped", reason };
}

/** The content for a channel: the sender's inline content, else the type's template. */
function contentFor(ctx: DeliveryContext, channel: Channel): Record<string, string> | null {
  const inline = ctx.notification.content[channel];
  if (inline) {
    return Object.fromEntries(Object.entries(inline).filter(([, v]) => typeof v === "string")) as Record<string, string>;
  }
  return ctx.templates[channel] ?? null;
}

/** Where a channel's message goes now (push tokens are read fresh: some may have died since planning). */
async function addressesOf(db: Db, ctx: DeliveryContext, channel: ProviderChannel): Promise<string[]> {
  if (channel === "email") return ctx.recipient.email ? [ctx.recipient.email] : [];
  if (channel === "sms") return ctx.recipient.phone ? [ctx.recipient.phone] : [];
  const rows = await db.select({ token: pushTokens.token }).from(pushTokens).where(eq(pushTokens.recipientId, ctx.recipient.id));
  return rows.map((r) => r.token);
}

/**
 * Delivers one channel: renders its content, then writes the inbox item (in-app) or hands the
 * message to the provider. Safe to run again: a delivery already done is not done twice.
 */
export async function deliverChannel(db: Db, ctx: DeliveryContext, channel: Channel, options: DeliveryAttempt = {}): Promise<ChannelOutcome> {
  const position = { attempt: options.attempt ?? 0, deferred: options.deferred ?? 0, set: options.set ?? getChannelProviders() };
  const { set } = position;
  const delivery = await ensureDelivery(db, ctx, channel, channel === "in_app" ? "in-app" : null);
  if (delivery.status !== "queued" && delivery.status !== "failed") return { channel, status: delivery.status === "skipped" ? "skipped" : "delivered" };

  const source = contentFor(ctx, channel);
  if (!source) {
    await setStatus(db, delivery.id, "skipped", { reason: "no_content" });
    return { channel, status: "skipped", reason: "no_content" };
  }
  let content: Record<string, string>;
  try {
    content = renderTemplate(channel, source, { ...ctx.notification.data, recipient: { id: ctx.recipient.externalId, name: ctx.recipient.name } });
  } catch (error) {
    const reason = error instanceof TemplateRenderError ? `template: ${error.message}` : String(error);
    await setStatus(db, delivery.id, "failed", { reason, code: "template_error" });
    return { channel, status: "failed", reason };
  }

  if (channel === "in_app") {
    const actions = (ctx.notification.content.in_app?.actions as InboxAction[] | undefined) ?? [];
    await db
      .insert(inboxItems)
      .values({
        notificationId: ctx.notification.id,
        recipientId: ctx.recipient.id,
        typeKey: ctx.type.key,
        title: content.title ?? "",
        body: content.body ?? null,
        actionUrl: content.actionUrl || null,
        actions,
        data: ctx.notification.data,
      })
      .onConflictDoNothing();
    await setStatus(db, delivery.id, "delivered", {});
    return { channel, status: "delivered" };
  }

  if (channel === "webhook") return deliverWebhookChannel(db, ctx, delivery, content, position);

  const to = await addressesOf(db, ctx, channel);
  if (to.length === 0) {
    await setStatus(db, delivery.id, "skipped", { reason: `no_${channel}_address` });
    return { channel, status: "skipped", reason: `no_${channel}_address` };
  }
  const message: OutboundMessage = {
    channel,
    to,
    subject: content.subject ?? content.title,
    body: content.body ?? content.text,
    html: content.html,
    actionUrl: content.actionUrl || undefined,
    data: channel === "push" ? { notificationId: ctx.notification.id, type: ctx.type.key } : undefined,
    // A replay is a new logical attempt: a provider must not take it for a retry of the failed one.
    idempotencyKey: delivery.replayCount > 0 ? `${delivery.idempotencyKey}:replay-${delivery.replayCount}` : delivery.idempotencyKey,
    deliveryId: delivery.id,
  };
  const attempt = delivery.attempts + 1;
  const attemptStartedAt = new Date();
  const inFlight = async (provider: { name: string }) => {
    await db.insert(deliveryEvents).values({ deliveryId: delivery.id, status: "sending", provider: provider.name, attempt, payload: { attemptStartedAt: new Date().toISOString() } });
  };
  const outcome = await sendWithFailover(db, providersFor(set, channel, db), message, set.breaker, await pinnedProvider(db, delivery.id), {
    beforeSend: inFlight,
    onFailure: (failure) => recordFailedAttempts(db, delivery.id, [failure], attempt, attemptStartedAt),
  });
  if (outcome.ok) {
    const { result } = outcome;
    // The provider has the message: record that before anything else, so a retry finds it sent.
    await setStatus(db, delivery.id, result.status, { providerMessageId: result.providerMessageId, provider: outcome.provider, meta: result.meta, attempt });
    await applyProviderEffects(db, ctx.recipient.id, result.effects ?? []).catch((error: unknown) =>
      logger.warn("Provider effects could not be applied", { deliveryId: delivery.id, error: error instanceof Error ? error.message : String(error) }),
    );
    // Status callbacks can beat us to it; the ones that did are waiting for this id.
    await applyEarlyStatusCallbacks(db, outcome.provider, result.providerMessageId).catch((error: unknown) =>
      logger.warn("Early status callbacks could not be applied", { deliveryId: delivery.id, error: error instanceof Error ? error.message : String(error) }),
    );
    return { channel, status: result.status };
  }
  await applyProviderEffects(db, ctx.recipient.id, outcome.error.effects);
  if (outcome.error.kind === "permanent") {
    await setStatus(db, delivery.id, "failed", { code: outcome.error.code, reason: outcome.error.message, provider: outcome.error.provider, attempt });
    return { channel, status: "failed", reason: `${outcome.error.code}: ${outcome.error.message}` };
  }
  if (outcome.waitUntil) return defer(db, delivery, channel, outcome.waitUntil, position);
  // Retryable or ambiguous: retried on schedule (same idempotency key, same delivery row).
  return retryOrFail(db, delivery, channel, outcome.error, position);
}

async function deliverWebhookChannel(db: Db, ctx: DeliveryContext, delivery: Delivery, content: Record<string, string>, position: Required<DeliveryAttempt>): Promise<ChannelOutcome> {
  const endpoints = await findWebhookEndpoints(db, ctx.recipient.id, ctx.type.key);
  if (endpoints.length === 0) {
    // Planned (or replayed) for endpoints that have been deleted since: a dead letter, not a skip.
    const reason = "No webhook endpoint receives this notification any more (deleted after it was planned)";
    await setStatus(db, delivery.id, "failed", { code: "no_endpoint", reason, provider: "webhook" });
    return { channel: "webhook", status: "failed", reason: "no_endpoint" };
  }
  const inline = ctx.notification.content.webhook?.payload as Record<string, unknown> | undefined;
  const payload = {
    type: ctx.type.key,
    timestamp: ctx.notification.createdAt,
    data: {
      notificationId: ctx.notification.id,
      recipientId: ctx.recipient.externalId,
      priority: ctx.notification.priority,
      ...(content.title ? { title: content.title } : {}),
      ...(content.body ? { body: content.body } : {}),
      payload: inline ?? ctx.notification.data,
    },
  };
  const attempt = delivery.attempts + 1;
  const result = await deliverWebhooks(
    db,
    { deliveryId: delivery.id, idempotencyKey: delivery.idempotencyKey, recipientId: ctx.recipient.id, typeKey: ctx.type.key, payload },
    endpoints,
    position.set.webhooks,
    attempt,
  );
  // Which endpoints still owe this notification: "re-enable and replay" finds it through them.
  const meta = { webhook: { endpoints: result.endpoints, pending: result.pending.map((p) => p.endpoint.id) } };
  if (result.pending.length === 0) {
    await setStatus(db, delivery.id, "sent", { providerMessageId: result.providerMessageId, provider: "webhook", meta, attempt });
    return { channel: "webhook", status: "sent" };
  }
  await db.update(deliveries).set({ meta: sql`${deliveries.meta} || ${JSON.stringify(meta)}::jsonb` }).where(eq(deliveries.id, delivery.id));
  const retryable = result.pending.filter((p) => p.error.kind === "retryable");
  if (retryable.length > 0) {
    const first = retryable[0]!.error;
    const error = new ProviderError("webhook", "retryable", first.code, `${retryable.length} of ${result.endpoints} endpoints failed: ${first.message}`, {
      status: first.status,
      retryAfterMs: first.retryAfterMs,
    });
    return retryOrFail(db, delivery, "webhook", error, position);
  }
  // Nothing left that a retry could change: an endpoint's own answer (410, a refused address)
  // says most, then a disabled endpoint, then a paused one.
  const rank = (code: string) => (code === "endpoint_paused" ? 2 : code === "endpoint_disabled" ? 1 : 0);
  const { error } = [...result.pending].sort((a, b) => rank(a.error.code) - rank(b.error.code))[0]!;
  await setStatus(db, delivery.id, "failed", { code: error.code, reason: error.message, provider: "webhook", attempt });
  return { channel: "webhook", status: "failed", reason: `${error.code}: ${error.message}` };
}

/**
 * A channel whose durable step failed for good (something other than the provider kept
 * failing, e.g. the database): the delivery — created if the step never got that far — fails
 * with the last error it saw, and the notification's other channels still go out.
 */
export async function recordChannelFailure(db: Db, ctx: DeliveryContext, channel: Channel, message: string): Promise<ChannelOutcome> {
  const delivery = await ensureDelivery(db, ctx, channel, null);
  const [failed] = await db
    .update(deliveries)
    .set({
      status: "failed",
      nextAttemptAt: null,
      lastErrorCode: sql`coalesce(${deliveries.lastErrorCode}, 'executor_error')`,
      lastErrorMessage: sql`coalesce(${deliveries.lastErrorMessage}, ${message.slice(0, 1000)})`,
    })
    .where(and(eq(deliveries.id, delivery.id), eq(deliveries.status, "queued")))
    .returning({ id: deliveries.id, code: deliveries.lastErrorCode, provider: deliveries.provider });
  if (failed) {
    await db.insert(deliveryEvents).values({ deliveryId: failed.id, status: "failed", reason: `retries exhausted: ${message.slice(0, 500)}`, providerCode: failed.code, provider: failed.provider });
  }
  return { channel, status: "failed", reason: message };
}
