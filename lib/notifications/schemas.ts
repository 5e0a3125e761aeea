import { parsePhoneNumberWithError } from "libphonenumber-js";
import { z } from "zod";
import { jsonObjectSchema } from "@/lib/json/json-object-schema";
import { channels, priorities, type Channel } from "@/lib/db/schema";
import { validateTemplate } from "@/lib/templates/render-template";
import { contentLimits as limits } from "./content-limits";
import { isValidTimeZone } from "./quiet-hours";

export const MAX_RECIPIENTS_PER_REQUEST = 1000;
export const MAX_BODY_BYTES = 256 * 1024;

/** Phone numbers in, E.164 out ("+14155550101"); anything unparseable is the sender's error. */
const phoneSchema = z.string().max(40).transform((value, ctx) => {
  try {
    const phone = parsePhoneNumberWithError(value);
    if (phone.isValid()) return phone.number;
  } catch {
    // Reported below.
  }
  ctx.addIssue({ code: "custom", message: "expected a valid phone number in international format, e.g. +14155550101" });
  return z.NEVER;
});

export const timeZoneSchema = z.string().max(64).refine(isValidTimeZone, { error: "expected an IANA time zone, e.g. Europe/Berlin" });

/** The host app's id for a recipient. */
export const recipientIdSchema = z.string().min(1).max(256).regex(/^[^\s\p{Cc}]+$/u, { error: "expected an id without spaces or control characters" });

export const localeSchema = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: "expected a locale such as en or pt-BR" });

/** A notification type's key, as used in URLs and requests. */
export const typeKeySchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, { error: "expected lowercase letters, digits, '.', '_' or '-', e.g. order.shipped" });

export const inlineRecipientSchema = z.strictObject({
  id: recipientIdSchema,
  name: z.string().max(200).optional(),
  email: z.email().max(320).optional(),
  phone: phoneSchema.optional(),
  locale: localeSchema.optional(),
  timezone: timeZoneSchema.optional(),
  data: jsonObjectSchema.optional(),
});

// A recipient is named by id ("alice") or given inline ({ id, email, ... }, upserted). Strings
// become `{ id, ref: true }` first, so one object schema reports every problem by its path
// (a union would only say "invalid input").
const recipientRef = z.preprocess(
  (value) => (typeof value === "string" ? { id: value, ref: true } : value),
  inlineRecipientSchema.extend({ ref: z.literal(true).optional() }),
);

const text = (max: number) => z.string().min(1).max(max);
const optionalText = (max: number) => z.string().max(max).optional();
const channelContentSchema = z
  .strictObject({
    in_app: z.strictObject({
      title: text(limits.in_app.title),
      body: optionalText(limits.in_app.body),
      actionUrl: optionalText(limits.in_app.actionUrl),
      actions: z.array(z.strictObject({ label: text(60), url: text(2000), style: z.enum(["primary", "secondary"]).optional() })).max(3).optional(),
    }).optional(),
    email: z.strictObject({ subject: text(limits.email.subject), html: optionalText(limits.email.html), text: optionalText(limits.email.text) }).optional(),
    sms: z.strictObject({ body: text(limits.sms.body) }).optional(),
    push: z.strictObject({ title: text(limits.push.title), body: optionalText(limits.push.body) }).optional(),
    webhook: z.strictObject({ payload: jsonObjectSchema.optional() }).optional(),
  })
  // Inline content is a template: one that cannot parse is refused now, before anything is
  // written, rather than failing every delivery later.
  .superRefine((content, ctx) => {
    for (const [channel, fields] of Object.entries(content)) {
      const sources = Object.fromEntries(Object.entries(fields ?? {}).filter(([, v]) => typeof v === "string")) as Record<string, string>;
      for (const issue of validateTemplate(channel as Channel, sources)) {
        ctx.addIssue({ code: "custom", path: [channel, issue.field], message: `line ${issue.line}, column ${issue.column}: ${issue.message}` });
      }
    }
  });

export const notificationRequestSchema = z
  .strictObject({
    to: z.preprocess(
      (value) => (Array.isArray(value) ? value : value === undefined ? value : [value]),
      z.array(recipientRef).min(1, { error: "name at least one recipient" }).max(MAX_RECIPIENTS_PER_REQUEST, {
        error: `at most ${MAX_RECIPIENTS_PER_REQUEST} recipients per request`,
      }),
    ),
    type: typeKeySchema.optional(),
    /** The key of the type whose templates to use. */
    template: typeKeySchema.optional(),
    content: channelContentSchema.optional(),
    data: jsonObjectSchema.default({}),
    channels: z.array(z.enum(channels)).min(1).optional(),
    priority: z.enum(priorities).default("normal"),
    sendAt: z.iso.datetime({ offset: true, error: "expected an ISO 8601 date-time with offset" }).optional(),
  })
  .refine((body) => body.type || body.content, { error: "give a type, or inline content (then the default type applies)", path: ["type"] });

export type NotificationRequest = z.input<typeof notificationRequestSchema>;
