import type { Channel } from "@/lib/db/schema";

/**
 * The longest each content field may be, in characters: as sent inline, and once rendered
 * (a short template can render a long text). A field not named here (a saved template's own
 * fields, webhooks) may be as long as the longest one.
 */
export const contentLimits = {
  in_app: { title: 300, body: 5000, actionUrl: 2000 },
  email: { subject: 300, html: 200_000, text: 100_000 },
  sms: { body: 1600 },
  push: { title: 200, body: 1000 },
} as const satisfies Partial<Record<Channel, Record<string, number>>>;

export const MAX_CONTENT_FIELD_LENGTH = 200_000;
