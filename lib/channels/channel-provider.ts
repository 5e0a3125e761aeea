import type { Channel, DeliveryMeta } from "@/lib/db/schema";
import { countSmsSegments } from "@/lib/notifications/count-sms-segments";
import type { ProviderEffect } from "./provider-error";

export type ProviderChannel = Exclude<Channel, "in_app" | "webhook">;

export type OutboundMessage = {
  channel: ProviderChannel;
  /** Address on that channel: an email or an E.164 number; for push, every token of the recipient. */
  to: string[];
  subject?: string;
  body?: string;
  html?: string;
  /** Push: the link to open, the deep-link data. */
  actionUrl?: string;
  data?: Record<string, string>;
  /** Derived from (notification, recipient, channel): the same for every retry of one send. */
  idempotencyKey: string;
  /** The delivery this message belongs to; null for Herald's own mail (sign-in links). */
  deliveryId: string | null;
};

export type SendResult = {
  providerMessageId: string;
  status: "sent" | "delivered";
  meta?: DeliveryMeta;
  /** Side effects the provider's answer calls for even on success (e.g. dead push tokens). */
  effects?: ProviderEffect[];
};

/** One way to hand a message to a provider; every channel's providers implement it. */
export interface ChannelProvider {
  readonly name: string;
  readonly channels: readonly ProviderChannel[];
  /**
   * Whether sending the same message again with the same idempotency key is harmless (the
   * provider deduplicates). Others get an in-flight record first, so a process that dies
   * mid-send is noticed and its message looked up rather than sent twice.
   */
  readonly idempotent: boolean;
  send(message: OutboundMessage): Promise<SendResult>;
  /**
   * After an ambiguous outcome (a timeout once the request may have been accepted), finds the
   * message the provider did accept, so a retry adopts it instead of sending a second one.
   * Providers with idempotency keys do not need it: resending with the same key is safe.
   */
  reconcile?(message: OutboundMessage, since: Date): Promise<SendResult | null>;
}

/** What an SMS delivery records: our count of segments and encoding, or the provider's count when it gives one. */
export function smsMeta(body: string, providerSegments?: string | number | null): DeliveryMeta {
  const sms = countSmsSegments(body);
  return { sms: { segments: Number(providerSegments) || sms.segments, encoding: sms.encoding, characters: sms.characters } };
}
