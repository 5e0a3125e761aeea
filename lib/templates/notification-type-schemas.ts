import { z } from "zod";
import { channels } from "@/lib/db/schema";
import { localeSchema, typeKeySchema } from "@/lib/notifications/schemas";

const channelList = z.array(z.enum(channels)).max(channels.length).refine((list) => new Set(list).size === list.length, { error: "each channel once" });

export const escalationSchema = z.strictObject({
  after: z.string().regex(/^[1-9]\d{0,3}[smhd]$/, { error: "expected a duration such as 15m, 2h or 1d" }),
  channels: channelList.min(1, { error: "escalate to at least one channel" }),
});

const typeFields = {
  name: z.string().trim().min(1, { error: "a name is required" }).max(100),
  description: z.string().trim().max(500).nullable(),
  // Groups the type on the preferences page; null lists it under "Other".
  category: z.string().trim().min(1, { error: "a category needs a name, or leave it empty" }).max(60).nullable(),
  defaultChannels: channelList.min(1, { error: "pick at least one default channel" }),
  critical: z.boolean(),
  escalation: escalationSchema.nullable(),
  defaultLocale: localeSchema,
  // When given, templates may use only these variables (and `recipient`): a typo is caught on save.
  variables: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "expected a variable name" })).max(100).nullable(),
  // In-app items of the type are deleted this many days after they arrived; null keeps them.
  inboxTtlDays: z.int({ error: "expected a whole number of days" }).min(1, { error: "at least 1 day, or none to keep items" }).max(3650, { error: "at most 3650 days (10 years)" }).nullable(),
};

export const createNotificationTypeSchema = z.strictObject({
  key: typeKeySchema,
  ...typeFields,
  description: typeFields.description.optional(),
  category: typeFields.category.optional(),
  defaultChannels: typeFields.defaultChannels.default(["in_app"]),
  critical: typeFields.critical.default(false),
  escalation: typeFields.escalation.optional(),
  defaultLocale: typeFields.defaultLocale.optional(),
  variables: typeFields.variables.optional(),
  inboxTtlDays: typeFields.inboxTtlDays.optional(),
});

export const updateNotificationTypeSchema = z.strictObject(typeFields).partial();
