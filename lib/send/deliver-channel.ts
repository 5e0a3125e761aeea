import { createHash } from "node:crypto";
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
  notifications,
  pushTokens,
  type Channel,
  type Delivery,
  type DeliveryMeta,
  type InboxAction,
} from "@/lib/db/schema";
import { renderTemplate, TemplateRenderError } from "@/lib/templates/render-template";
import type { DeliveryContext } from "./load-delivery-context";

/** The key every send of one (notification, recipient, channel) carries, retries included. */
export function deliveryIdempotencyKey(notificationId: string, recipientId: string, channel: Channel): string {
  return createHash("sha256").update(`${notificationId}:${recipientId}:${channel}`).digest("hex").slice(0, 48);
}

export type ChannelOutcome = { channel: Channel; status: "delivered" | "sent" | "skipped" | "failed"; reason?: string };

async function ensureDelivery(db: Db, ctx: DeliveryContext, channel: Channel, provider: string | null) {
  const key = deliveryIdempotencyKey(ctx.notification.id, ctx.recipient.id, channel);
  const [created] = await db
    .insert(deliveries)
    .values({ notificationId: ctx.notification.id, recipientId: ctx.recipient.id, channel, provider, idempotencyKey: key })
    .onConflictDoNothing()
    .returning();
  if (created) {
    await db.insert(deliveryEvents).values({ deliveryId: created.id, status: "queued" });
    return created;
  }
  const [existing] = await db.select().from(deliveries).where(and(eq(deliveries.notificationId, ctx.notification.id), eq(deliveries.channel, channel)));
  return existing!;
}

type StatusChange = { reason?: string; providerMessageId?: string; code?: string; provider?: string; meta?: DeliveryMeta; attempt?: number };

async function setStatus(db: Db, deliveryId: string, status: Delivery["status"], event: StatusChange) {
  await db
    .update(deliveries)
    .set({
      status,
      attempts: sql`${deliveries.attempts} + 1`,
      ...(event.providerMessageId ? { providerMessageId: event.providerMessageId } : {}),
      ...(event.provider ? { provider: event.provider } : {}),
      ...(event.meta ? { meta: sql`${deliveries.meta} || ${JSON.stringify(event.meta)}::jsonb` } : {}),
      ...(status === "failed" ? { lastErrorCode: event.code ?? null, lastErrorMessage: event.reason ?? null } : {}),
    })
    .where(eq(deliveries.id, deliveryId));
  await db.insert(deliveryEvents).values({
    deliveryId,
    status,
    reason: event.reason ?? null,
    providerCode: event.code ?? null,
    provider: event.provider ?? null,
    attempt: event.attempt ?? null,
  });
}

/** Each provider that failed on this attempt gets its own line in the timeline. */
async function recordFailedAttempts(db: Db, deliveryId: string, failures: FailedAttempt[], attempt: number, attemptStartedAt: Date) {
  for (const { provider, error } of failures) {
    await db.insert(deliveryEvents).values({
      deliveryId,
      status: error.kind === "ambiguous" ? "ambiguous" : "attempt_failed",
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

/** The attempt failed but will be retried: count it and keep the last error visible meanwhile. */
async function recordRetry(db: Db, deliveryId: string, error: ProviderError) {
  await db
    .update(deliveries)
    .set({ attempts: sql`${deliveries.attempts} + 1`, lastErrorCode: error.code, lastErrorMessage: error.message.slice(0, 1000) })
    .where(eq(deliveries.id, deliveryId));
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
export async function deliverChannel(db: Db, ctx: DeliveryContext, channel: Channel, set: ChannelProviders = getChannelProviders()): Promise<ChannelOutcome> {
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

  if (channel === "webhook") return deliverWebhookChannel(db, ctx, delivery, content, set);

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
  // Retryable or ambiguous: the durable step retries (same idempotency key, same delivery row).
  await recordRetry(db, delivery.id, outcome.error);
  throw outcome.error;
}

async function deliverWebhookChannel(db: Db, ctx: DeliveryContext, delivery: Delivery, content: Record<string, string>, set: ChannelProviders): Promise<ChannelOutcome> {
  const endpoints = await findWebhookEndpoints(db, ctx.recipient.id, ctx.type.key);
  if (endpoints.length === 0 && delivery.attempts > 0) {
    // Every endpoint was disabled while this delivery was being retried.
    await setStatus(db, delivery.id, "failed", { code: "endpoint_disabled", reason: "Every endpoint of this notification is disabled", provider: "webhook" });
    return { channel: "webhook", status: "failed", reason: "endpoint_disabled" };
  }
  if (endpoints.length === 0) {
    await setStatus(db, delivery.id, "skipped", { reason: "no_webhook" });
    return { channel: "webhook", status: "skipped", reason: "no_webhook" };
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
  try {
    const result = await deliverWebhooks(
      db,
      { deliveryId: delivery.id, idempotencyKey: delivery.idempotencyKey, recipientId: ctx.recipient.id, typeKey: ctx.type.key, payload },
      endpoints,
      set.webhooks,
      attempt,
    );
    await setStatus(db, delivery.id, "sent", { providerMessageId: result.providerMessageId, provider: "webhook", meta: { webhook: { endpoints: result.endpoints } }, attempt });
    return { channel: "webhook", status: "sent" };
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    if (error.kind === "permanent") {
      await setStatus(db, delivery.id, "failed", { code: error.code, reason: error.message, provider: "webhook", attempt });
      return { channel: "webhook", status: "failed", reason: `${error.code}: ${error.message}` };
    }
    await recordRetry(db, delivery.id, error);
    throw error;
  }
}

/**
 * A channel whose step ran out of retries: its delivery fails with the last error it saw, and
 * the notification's other channels still go out.
 */
export async function recordChannelFailure(db: Db, notificationId: string, channel: Channel, message: string): Promise<ChannelOutcome> {
  const [failed] = await db
    .update(deliveries)
    .set({ status: "failed", lastErrorMessage: sql`coalesce(${deliveries.lastErrorMessage}, ${message.slice(0, 1000)})` })
    .where(and(eq(deliveries.notificationId, notificationId), eq(deliveries.channel, channel), eq(deliveries.status, "queued")))
    .returning({ id: deliveries.id, code: deliveries.lastErrorCode, provider: deliveries.provider });
  if (failed) {
    await db.insert(deliveryEvents).values({ deliveryId: failed.id, status: "failed", reason: `retries exhausted: ${message.slice(0, 500)}`, providerCode: failed.code, provider: failed.provider });
  }
  return { channel, status: "failed", reason: message };
}

/** The notification's final status, from its deliveries. */
export async function finishNotification(db: Db, notificationId: string) {
  const rows = await db.select({ status: deliveries.status }).from(deliveries).where(eq(deliveries.notificationId, notificationId));
  const ok = rows.filter((r) => ["sent", "delivered", "opened", "clicked"].includes(r.status)).length;
  const failed = rows.filter((r) => ["failed", "bounced", "undelivered"].includes(r.status)).length;
  const status = ok > 0 ? (failed > 0 ? "partial" : "delivered") : failed > 0 ? "failed" : "skipped";
  await db
    .update(notifications)
    .set({ status, completedAt: new Date() })
    .where(and(eq(notifications.id, notificationId), sql`${notifications.status} <> 'cancelled'`));
  return { status, delivered: ok, failed, skipped: rows.length - ok - failed };
}
