import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { notificationTypes, templates, type Channel, type NotificationType } from "@/lib/db/schema";
import { listTemplateVariables } from "./list-template-variables";

export type CurrentTemplate = { channel: Channel; locale: string; version: number; content: Record<string, string>; createdAt: string };
export type NotificationTypeWithTemplates = NotificationType & {
  templates: CurrentTemplate[];
  /** The data a send should carry: the declared variables, else those the templates use. */
  variables: string[];
};

// A deployment has a handful of types (tens at most); the admin list shows them all.
const MAX_TYPES = 500;

/** Every type (or one, by key) with the current version of each of its templates per channel and locale. */
export async function listNotificationTypes(db: Db, key?: string): Promise<NotificationTypeWithTemplates[]> {
  const types = await db
    .select()
    .from(notificationTypes)
    .where(key ? eq(notificationTypes.key, key) : sql`true`)
    .orderBy(asc(notificationTypes.name))
    .limit(MAX_TYPES);
  if (types.length === 0) return [];
  const current = await db
    .selectDistinctOn([templates.notificationTypeId, templates.channel, templates.locale])
    .from(templates)
    .where(key ? eq(templates.notificationTypeId, types[0]!.id) : sql`true`)
    .orderBy(templates.notificationTypeId, templates.channel, templates.locale, sql`${templates.version} desc`);
  return types.map((t) => {
    const own = current.filter((c) => c.notificationTypeId === t.id);
    const declared = t.templateSettings.variables;
    const used = listTemplateVariables(Object.assign({}, ...own.map((c) => Object.fromEntries(Object.entries(c.content).map(([f, v]) => [`${c.channel}.${c.locale}.${f}`, v])))));
    return {
      ...t,
      templates: own.map((c) => ({ channel: c.channel, locale: c.locale, version: c.version, content: c.content, createdAt: c.createdAt.toISOString() })),
      // `recipient` is supplied by Herald on every send, never by the sender.
      variables: (declared ?? used).filter((v) => v !== "recipient"),
    };
  });
}
