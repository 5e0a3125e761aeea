import { Bell, Mail, MessageSquare, Smartphone, Webhook, type LucideIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import type { Channel } from "@/lib/db/schema";

export const channelOrder: Channel[] = ["in_app", "email", "sms", "push", "webhook"];

export type Contact = { email: string | null; phone: string | null };

export type ChannelInfo = { label: string; explanation: string; Icon: LucideIcon };

const icons: Record<Channel, LucideIcon> = { in_app: Bell, email: Mail, sms: MessageSquare, push: Smartphone, webhook: Webhook };

/** Each channel's name, in the page's language (the "Channels" messages). */
export function useChannelLabel(): (channel: Channel) => string {
  const t = useTranslations("Channels");
  return (channel) => t(`${channel}.label`);
}

/** What each channel is, in the words the preferences page explains it with. */
export function useChannelInfo(contact: Contact): (channel: Channel) => ChannelInfo {
  const t = useTranslations("Channels");
  const label = useChannelLabel();
  const explain = (channel: Channel): string => {
    switch (channel) {
      case "in_app":
        return t("in_app.explanation");
      case "email":
        return contact.email ? t("email.explanationTo", { email: contact.email }) : t("email.explanation");
      case "sms":
        return contact.phone ? t("sms.explanationTo", { phone: contact.phone }) : t("sms.explanation");
      case "push":
        return t("push.explanation");
      case "webhook":
        return t("webhook.explanation");
    }
  };
  return (channel) => ({ label: label(channel), explanation: explain(channel), Icon: icons[channel] });
}
