import type { Channel } from "@/lib/db/schema";

export type OutboundMessage = {
  channel: Exclude<Channel, "in_app">;
  /** Address on that channel: an email, an E.164 number, a push token, a URL. */
  to: string;
  subject?: string;
  body?: string;
  html?: string;
  payload?: Record<string, unknown>;
  /** Derived from (notification, recipient, channel): the same for every retry of one send. */
  idempotencyKey: string;
  deliveryId: string;
};

export type SendResult = { providerMessageId: string; status: "sent" | "delivered" };

/** One way to hand a message to a provider; every channel's providers implement it. */
export interface ChannelProvider {
  readonly name: string;
  readonly channels: readonly OutboundMessage["channel"][];
  send(message: OutboundMessage): Promise<SendResult>;
}
