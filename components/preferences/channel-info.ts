import { Bell, Mail, MessageSquare, Smartphone, Webhook, type LucideIcon } from "lucide-react";
import type { Channel } from "@/lib/db/schema";

export const channelOrder: Channel[] = ["in_app", "email", "sms", "push", "webhook"];

export type Contact = { email: string | null; phone: string | null };

/** What each channel is, in the words the preferences page explains it with. */
export function channelInfo(channel: Channel, contact: Contact): { label: string; explanation: string; Icon: LucideIcon } {
  switch (channel) {
    case "in_app":
      return { label: "In-app", explanation: "in the bell and your inbox", Icon: Bell };
    case "email":
      return { label: "Email", explanation: contact.email ? `to ${contact.email}` : "to your email address", Icon: Mail };
    case "sms":
      return { label: "SMS", explanation: contact.phone ? `text messages to ${contact.phone}` : "text messages to your phone", Icon: MessageSquare };
    case "push":
      return { label: "Push", explanation: "on this browser and your other signed-in devices", Icon: Smartphone };
    case "webhook":
      return { label: "Webhook", explanation: "to the endpoint your app registered", Icon: Webhook };
  }
}
