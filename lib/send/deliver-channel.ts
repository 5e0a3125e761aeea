import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { ChannelProvider } from "@/lib/channels/channel-provider";
import type { Db } from "@/lib/db/client";
import { deliveries, deliveryEvents, inboxItems, notifications, type Channel, type InboxAction } from "@/lib/db/schema";
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

async function setStatus(db: Db, deliveryId: string, status: (typeof deliveries.$inferSelect)["status"], event: { reason?: string; providerMessageId?: string; code?: string }) {
  await db
    .update(deliveries)
    .set({
      status,
      attempts: sql`${deliveries.attempts} + 1`,
      ...(event.providerMessageId ? { providerMessageId: event.providerMessageId } : {}),
      ...(status === "failed" ? { lastErrorCode: event.code ?? null, lastErrorMessage: event.reason ?? null } : {}),
    })
    .where(eq(deliveries.id, deliveryId));
  await db.insert(deliveryEvents).values({ deliveryId, status, reason: event.reason ?? null, providerCode: event.code ?? null });
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

const addressOf = (ctx: DeliveryContext, channel: Exclude<Channel, "in_app">) =>
  channel === "email" ? ctx.recipient.email : channel === "sms" ? ctx.recipient.phone : channel === "push" ? ctx.pushTokens[0] ?? null : ctx.recipient.externalId;

/**
 * Delivers one channel: renders its content, then writes the inbox item (in-app) or hands the
 * message to the provider. Safe to run again: a delivery already done is not done twice.
 */
export async function deliverChannel(db: Db, ctx: DeliveryContext, channel: Channel, provider: ChannelProvider): Promise<ChannelOutcome> {
  const delivery = await ensureDelivery(db, ctx, channel, channel === "in_app" ? "in-app" : provider.name);
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

  const to = addressOf(ctx, channel);
  if (!to) {
    await setStatus(db, delivery.id, "skipped", { reason: `no_${channel}_address` });
    return { channel, status: "skipped", reason: `no_${channel}_address` };
  }
  const result = await provider.send({
    channel,
    to,
    subject: content.subject ?? content.title,
    body: content.body ?? content.text,
    html: content.html,
    payload: channel === "webhook" ? ((ctx.notification.content.webhook?.payload as Record<string, unknown>) ?? ctx.notification.data) : undefined,
    idempotencyKey: delivery.idempotencyKey,
    deliveryId: delivery.id,
  });
  await setStatus(db, delivery.id, result.status, { providerMessageId: result.providerMessageId });
  return { channel, status: result.status };
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
