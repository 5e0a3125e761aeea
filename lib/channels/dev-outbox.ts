import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { outboxMessages } from "@/lib/db/schema";
import type { ChannelProvider, OutboundMessage, SendResult } from "./channel-provider";
import { countSmsSegments } from "@/lib/notifications/count-sms-segments";

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
      const id = row?.id ?? (await db.select({ id: outboxMessages.id }).from(outboxMessages).where(eq(outboxMessages.deliveryId, message.deliveryId)))[0]!.id;
      const sms = message.channel === "sms" ? countSmsSegments(message.body ?? "") : null;
      return { providerMessageId: id, status: "delivered", ...(sms ? { meta: { sms: { segments: sms.segments, encoding: sms.encoding, characters: sms.characters } } } : {}) };
    },
  };
}
