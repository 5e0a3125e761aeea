import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { outboxMessages } from "@/lib/db/schema";
import { smsMeta, type ChannelProvider, type OutboundMessage, type SendResult } from "./channel-provider";

/**
 * The provider of the embedded default: messages are recorded in Postgres (shown in the admin
 * outbox) instead of leaving the machine. Idempotent per delivery, like a real provider with
 * an idempotency key.
 */
export function devOutbox(db: Db): ChannelProvider {
  return {
    name: "dev-outbox",
    channels: ["email", "sms", "push"],
    idempotent: true,
    async send(message: OutboundMessage): Promise<SendResult> {
      const [row] = await db
        .insert(outboxMessages)
        .values({
          deliveryId: message.deliveryId,
          channel: message.channel,
          recipient: message.to.join(", "),
          subject: message.subject ?? null,
          body: message.body ?? null,
          html: message.html ?? null,
          payload: { ...(message.data ?? {}), ...(message.actionUrl ? { actionUrl: message.actionUrl } : {}), idempotencyKey: message.idempotencyKey },
        })
        .onConflictDoNothing()
        .returning({ id: outboxMessages.id });
      // Nothing inserted: this delivery's message is already here (a message without a delivery always inserts).
      const id = row?.id ?? (await db.select({ id: outboxMessages.id }).from(outboxMessages).where(eq(outboxMessages.deliveryId, message.deliveryId!)))[0]!.id;
      return { providerMessageId: id, status: "delivered", ...(message.channel === "sms" ? { meta: smsMeta(message.body ?? "") } : {}) };
    },
  };
}
