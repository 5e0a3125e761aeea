import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { executeRows } from "@/lib/db/execute-rows";
import {
  channels,
  notifications,
  notificationTypes,
  preferences,
  pushTokens,
  quietHours,
  recipients,
  templates,
  type Channel,
} from "@/lib/db/schema";
import { countWebhookEndpoints } from "@/lib/channels/webhooks/deliver-webhooks";
import { toQuietHours, type QuietHours } from "@/lib/notifications/quiet-hours";

/** Everything one delivery run decides from, as plain JSON (it is memoized as a step result). */
export type DeliveryContext = {
  notification: {
    id: string;
    priority: (typeof notifications.$inferSelect)["priority"];
    data: Record<string, unknown>;
    content: Record<string, Record<string, unknown>>;
    channels: Channel[] | null;
    sendAt: string | null;
    createdAt: string;
  };
  type: { id: string; key: string; defaultChannels: Channel[]; critical: boolean; escalation: { after: string; channels: Channel[] } | null };
  recipient: { id: string; externalId: string; name: string | null; email: string | null; phone: string | null; locale: string; timezone: string };
  /** How many push tokens and webhook endpoints (in any state: a disabled one still owes it) the recipient has now (for planning). */
  pushTokenCount: number;
  webhookEndpointCount: number;
  preferences: { global: Partial<Record<Channel, boolean>>; type: Partial<Record<Channel, boolean>> };
  quietHours: QuietHours | null;
  /** The current template per channel, in the recipient's locale or else the default one. */
  templates: Partial<Record<Channel, Record<string, string>>>;
};

/** The locales whose templates a recipient may get, best first: theirs, its language, the type's default. */
export function templateLocales(locale: string, defaultLocale: string | undefined): string[] {
  return [...new Set([locale, locale.split("-")[0]!, defaultLocale ?? "en"])];
}

/** Per channel, the template in the best locale there is (`rows`: the current one per channel and locale). */
export function chooseTemplates(
  rows: { locale: string; channel: Channel; content: Record<string, string> }[],
  locales: string[],
): DeliveryContext["templates"] {
  const chosen: DeliveryContext["templates"] = {};
  for (const locale of locales) {
    for (const tpl of rows) if (tpl.locale === locale && !chosen[tpl.channel]) chosen[tpl.channel] = tpl.content;
  }
  return chosen;
}

const list = (values: readonly string[]) => sql.join(values.map((value) => sql`${value}`), sql`, `);

/**
 * The current (highest) version of each of a type's templates in `locales`, one row per channel
 * and locale at most. Versions only grow, so each is one probe of the (type, channel, locale,
 * version) unique index from its top: the cost does not grow with the versions saved.
 */
async function loadCurrentTemplates(db: Db, notificationTypeId: string, locales: string[]) {
  return executeRows<{ locale: string; channel: Channel; content: Record<string, string> }>(
    db,
    sql`select t.locale, t.channel, t.content
          from unnest(array[${list(channels)}]::text[]) as c (channel)
         cross join unnest(array[${list(locales)}]::text[]) as l (locale)
         cross join lateral (
           select locale, channel, content from ${templates}
            where notification_type_id = ${notificationTypeId} and channel = c.channel and locale = l.locale
            order by version desc limit 1) t`,
  );
}

/** Loads a notification's delivery context and marks it started; null if it is gone or cancelled. */
export async function loadDeliveryContext(db: Db, notificationId: string): Promise<DeliveryContext | null> {
  const [row] = await db
    .select({ n: notifications, t: notificationTypes, r: recipients })
    .from(notifications)
    .innerJoin(notificationTypes, eq(notificationTypes.id, notifications.notificationTypeId))
    .innerJoin(recipients, eq(recipients.id, notifications.recipientId))
    .where(eq(notifications.id, notificationId));
  if (!row) return null;
  const { n, t, r } = row;
  // A cancel may land at any moment: only a notification still waiting moves to processing.
  const [started] = await db
    .update(notifications)
    .set({ startedAt: n.startedAt ?? new Date(), status: "processing" })
    .where(and(eq(notifications.id, n.id), inArray(notifications.status, ["accepted", "scheduled", "processing"])))
    .returning({ id: notifications.id });
  if (!started) return null;

  // Usually the type's own templates (no extra lookup); `template` in the request names another type's.
  const templateTypeKey = typeof n.content?.template === "string" ? (n.content.template as unknown as string) : t.key;
  const [templateType] =
    templateTypeKey === t.key
      ? [{ id: t.id }]
      : await db.select({ id: notificationTypes.id }).from(notificationTypes).where(eq(notificationTypes.key, templateTypeKey));
  const locales = templateLocales(r.locale, t.templateSettings.defaultLocale);
  const chosen = templateType ? chooseTemplates(await loadCurrentTemplates(db, templateType.id, locales), locales) : {};

  const [prefRows, [quiet], pushTokenCount, webhookEndpointCount] = await Promise.all([
    db
      .select()
      .from(preferences)
      .where(and(eq(preferences.recipientId, r.id), or(isNull(preferences.notificationTypeId), eq(preferences.notificationTypeId, t.id)))),
    db.select().from(quietHours).where(eq(quietHours.recipientId, r.id)),
    db.$count(pushTokens, eq(pushTokens.recipientId, r.id)),
    countWebhookEndpoints(db, r.id, t.key),
  ]);
  const prefs: DeliveryContext["preferences"] = { global: {}, type: {} };
  for (const p of prefRows) (p.notificationTypeId ? prefs.type : prefs.global)[p.channel] = p.enabled;

  return {
    notification: {
      id: n.id,
      priority: n.priority,
      data: n.data,
      content: (n.content ?? {}) as DeliveryContext["notification"]["content"],
      channels: n.channels,
      sendAt: n.sendAt?.toISOString() ?? null,
      createdAt: n.createdAt.toISOString(),
    },
    type: { id: t.id, key: t.key, defaultChannels: t.defaultChannels, critical: t.critical, escalation: t.escalation },
    recipient: { id: r.id, externalId: r.externalId, name: r.name, email: r.email, phone: r.phone, locale: r.locale, timezone: r.timezone },
    pushTokenCount,
    webhookEndpointCount,
    preferences: prefs,
    quietHours: toQuietHours(quiet),
    templates: chosen,
  };
}
