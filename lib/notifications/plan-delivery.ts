import type { Channel, Priority } from "@/lib/db/schema";
import { quietHoursEnd, type QuietHours } from "./quiet-hours";

export type PlanInput = {
  type: { key: string; defaultChannels: Channel[]; critical: boolean; escalation: { after: string; channels: Channel[] } | null };
  priority: Priority;
  /** The sender's explicit channel list, replacing the type's defaults. */
  channels?: Channel[] | null;
  recipient: { email: string | null; phone: string | null; pushTokens: number; webhook: boolean };
  /** Explicit switches: the global one per channel, and the one for this type. */
  preferences: { global: Partial<Record<Channel, boolean>>; type: Partial<Record<Channel, boolean>> };
  quietHours: QuietHours | null;
  now: Date;
};

export type SkipReason = "channel_disabled" | "opted_out" | "no_email" | "no_phone" | "no_push_token" | "no_webhook";

export type ChannelPlan =
  | { channel: Channel; stage: "now" | "escalation"; action: "send"; notBefore: Date | null }
  | { channel: Channel; stage: "now" | "escalation"; action: "skip"; reason: SkipReason };

export type DeliveryPlan = { channels: ChannelPlan[]; escalationAfter: string | null };

// Channels that interrupt a person; quiet hours hold these back. In-app items and webhooks
// wait silently for the reader, so they go out at once.
const INTERRUPTIVE: Channel[] = ["email", "sms", "push"];

function missingAddress(channel: Channel, recipient: PlanInput["recipient"]): SkipReason | null {
  if (channel === "email" && !recipient.email) return "no_email";
  if (channel === "sms" && !recipient.phone) return "no_phone";
  if (channel === "push" && recipient.pushTokens === 0) return "no_push_token";
  if (channel === "webhook" && !recipient.webhook) return "no_webhook";
  return null;
}

/** The channels asked for now: the sender's list, else the type's defaults and the recipient's opt-ins. */
export function requestedChannels(input: Pick<PlanInput, "channels" | "type" | "preferences">): Channel[] {
  if (input.channels?.length) return [...new Set(input.channels)];
  const optedIn = Object.entries(input.preferences.type)
    .filter(([, on]) => on === true)
    .map(([channel]) => channel as Channel);
  return [...new Set([...input.type.defaultChannels, ...optedIn])];
}

/**
 * Decides, for one recipient, which channels a notification goes out on and when — pure, so
 * every rule is tested exhaustively:
 * - channels are the sender's list, else the type's defaults plus any channel the recipient
 *   switched on for this type (escalation channels come later);
 * - a channel switched off (globally or for this type) is skipped, unless the type is critical;
 * - a channel without an address is skipped, critical or not;
 * - quiet hours hold back interruptive channels until they end, unless the type or the
 *   priority is critical.
 */
export function planDelivery(input: PlanInput): DeliveryPlan {
  const critical = input.type.critical;
  const urgent = critical || input.priority === "critical";
  const quietUntil = urgent ? null : quietHoursEnd(input.quietHours, input.now);
  const immediate = requestedChannels(input);
  const escalation = input.type.escalation && !input.channels?.length
    ? [...new Set(input.type.escalation.channels)].filter((c) => !immediate.includes(c))
    : [];

  const decide = (channel: Channel, stage: "now" | "escalation"): ChannelPlan => {
    if (!critical && input.preferences.global[channel] === false) return { channel, stage, action: "skip", reason: "channel_disabled" };
    if (!critical && input.preferences.type[channel] === false) return { channel, stage, action: "skip", reason: "opted_out" };
    const missing = missingAddress(channel, input.recipient);
    if (missing) return { channel, stage, action: "skip", reason: missing };
    return { channel, stage, action: "send", notBefore: quietUntil && INTERRUPTIVE.includes(channel) ? quietUntil : null };
  };

  return {
    channels: [...immediate.map((c) => decide(c, "now")), ...escalation.map((c) => decide(c, "escalation"))],
    escalationAfter: escalation.length > 0 ? input.type.escalation!.after : null,
  };
}
