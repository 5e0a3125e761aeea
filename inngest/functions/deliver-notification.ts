import { getDatabase } from "@/lib/db/get-database";
import type { Channel } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { planDelivery, type ChannelPlan } from "@/lib/notifications/plan-delivery";
import { failNotification } from "@/lib/send/fail-notification";
import { deliverChannel, recordChannelFailure, recordSkip } from "@/lib/send/deliver-channel";
import { finishNotification } from "@/lib/send/delivery-ledger";
import { loadDeliveryContext } from "@/lib/send/load-delivery-context";
import { retriesFor, retrySchedulesFrom } from "@/lib/send/retry-schedule";
import { isInboxItemRead } from "@/lib/inbox/is-inbox-item-read";
import { inngest } from "../client";
import { deliverOnSchedule } from "../provider-retry";
import { notificationCancelled, notificationRequested } from "../events";

const db = async () => (await getDatabase()).db;

// One run per notification (one recipient): load → plan → wait (sendAt, quiet hours) →
// deliver each channel as its own step → escalate if still unread → record the outcome.
export const deliverNotification = inngest.createFunction(
  {
    id: "deliver-notification",
    name: "Deliver a notification",
    // Each channel's step is retried on that channel's schedule (RetryAfterError at each due
    // time), so the step needs as many retries as the longest schedule has attempts after the first.
    retries: retriesFor(retrySchedulesFrom(getEnv())),
    triggers: [notificationRequested],
    idempotency: "event.data.notificationId",
    // Critical > high > normal > low, all ahead of a broadcast's fan-out (0). Non-negative on
    // purpose: Inngest delays a run with a negative factor.
    priority: {
      run: 'event.data.priority == "critical" ? 600 : event.data.priority == "high" ? 400 : event.data.priority == "low" ? 100 : 200',
    },
    cancelOn: [{ event: notificationCancelled, match: "data.notificationId" }],
    onFailure: async ({ event, error }) => failNotification(await db(), event.data.event.data.notificationId, error.message),
  },
  async ({ event, step, attempt }) => {
    const { notificationId, sendAt } = event.data;
    if (sendAt && Date.parse(sendAt) > Date.now()) await step.sleepUntil("wait-for-send-at", sendAt);

    // One step for everything decided up front: load, plan, and record the skipped channels.
    const { ctx, plan } = await step.run("load-and-plan", async () => {
      const database = await db();
      const context = await loadDeliveryContext(database, notificationId);
      if (!context) return { ctx: null, plan: null };
      const decided = planDelivery({
        type: context.type,
        priority: context.notification.priority,
        channels: context.notification.channels,
        recipient: { email: context.recipient.email, phone: context.recipient.phone, pushTokens: context.pushTokenCount, webhook: context.webhookEndpointCount > 0 },
        preferences: context.preferences,
        quietHours: context.quietHours,
        now: new Date(),
      });
      for (const p of decided.channels) if (p.action === "skip") await recordSkip(database, context, p.channel, p.reason);
      return { ctx: context, plan: decided };
    });
    if (!ctx || !plan) return { skipped: "the notification was cancelled or deleted" };

    const deliver = async (channel: Channel) => {
      try {
        return await deliverOnSchedule(step, attempt, `deliver-${channel}`, async (position) => deliverChannel(await db(), ctx, channel, position));
      } catch (error) {
        // The step failed for good on something other than the provider; the other channels still go out.
        const message = error instanceof Error ? error.message : String(error);
        return step.run(`record-${channel}-failed`, async () => recordChannelFailure(await db(), ctx, channel, message));
      }
    };
    const now = plan.channels.filter((p) => p.stage === "now" && p.action === "send") as Extract<ChannelPlan, { action: "send" }>[];
    for (const p of now.filter((p) => !p.notBefore)) await deliver(p.channel);
    const held = now.filter((p) => p.notBefore);
    if (held.length > 0) {
      await step.sleepUntil("wait-for-quiet-hours-end", held[0]!.notBefore as unknown as string);
      for (const p of held) await deliver(p.channel);
    }

    const escalation = plan.channels.filter((p) => p.stage === "escalation" && p.action === "send");
    if (plan.escalationAfter && escalation.length > 0) {
      const read = await step.waitForEvent("wait-for-read", {
        event: "notification/read",
        timeout: plan.escalationAfter,
        if: `async.data.notificationId == "${notificationId}"`,
      });
      // A read that landed before the wait began is not an event the wait can see: ask the inbox.
      const readMeanwhile =
        read ?? (await step.run("check-read-before-escalating", async () => isInboxItemRead(await db(), notificationId)));
      if (readMeanwhile) {
        await step.run("record-escalation-not-needed", async () => {
          const database = await db();
          for (const p of escalation) await recordSkip(database, ctx, p.channel, "read_before_escalation");
        });
      } else {
        for (const p of escalation) await deliver(p.channel);
      }
    }

    return step.run("finish", async () => finishNotification(await db(), notificationId));
  },
);
