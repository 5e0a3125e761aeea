import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { outboxMessages } from "@/lib/db/schema";
import type { ChannelProvider, OutboundMessage, SendResult } from "./channel-provider";

/**
 * The provider of the embedded default: messages are recorded in Postgres (shown in the admin
 * outbox) instead of leaving the machine. Idempotent per delivery, like a real provider with
 * an idempotency key.
 */
export function devOutbox(db: Db): ChannelProvider {
  return {
    name: "dev-outbox",
    channels: ["email", "sms", "push", "webhook"],
    async send(message: OutboundMessage): Promise<SendResult> {
      const [row] = await db
        .insert(outboxMessages)
        .values({
          deliveryId: message.deliveryId,
          channel: message.channel,
          recipient: message.to,
          subject: message.subject ?? null,
          body: message.body ?? null,
          html: message.html ?? null,
          payload: { ...(message.payload ?? {}), idempotencyKey: message.idempotencyKey },
        })
        .onConflictDoNothing()
        .returning({ id: outboxMessages.id });
      const id = row?.id ?? (await db.select({ id: outboxMessages.id }).from(outboxMessages).where(eq(outboxMessages.deliveryId, message.deliveryId)))[0]!.id;
      return { providerMessageId: id, status: "delivered" };
    },
  };
}
