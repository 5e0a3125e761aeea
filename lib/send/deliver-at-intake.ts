import { randomUUID } from "node:crypto";
import type { RawTransaction } from "@/lib/db/client";
import type { Channel, InboxAction, NotificationType, Priority } from "@/lib/db/schema";
import { planDelivery, type DeliveryPlan } from "@/lib/notifications/plan-delivery";
import { toQuietHours, type QuietHours } from "@/lib/notifications/quiet-hours";
import { renderTemplate } from "@/lib/templates/render-template";
import { deliveryIdempotencyKey } from "./delivery-ledger";
import { chooseTemplates, templateLocales, type DeliveryContext } from "./load-delivery-context";

// In-app at intake: the accept transaction itself plans every recipient (the same planner the
// durable run uses), writes the in-app items the plan sends now, and finishes a notification
// that has nothing else to do — set-based, one statement per table for the whole request. The
// durable run (only where a channel remains) finds those deliveries done and does the rest.

/** A recipient as the planner sees them, read for the whole request at once. */
export type IntakeRecipient = {
  id: string;
  externalId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  locale: string;
  pushTokens: number;
  webhooks: number;
  preferences: DeliveryContext["preferences"];
  quietHours: QuietHours | null;
};

/** The type as intake plans with it. */
export type IntakeType = Pick<NotificationType, "id" | "key" | "defaultChannels" | "critical" | "escalation" | "templateSettings">;
export type IntakeTemplate = { locale: string; channel: Channel; content: Record<string, string> };

/**
 * Everything intake reads, in one statement: the type (null if there is none), its current in-app
 * template per locale when asked for, and every named recipient with what planning needs —
 * addresses, push tokens, webhook endpoints, switches, quiet hours.
 */
export async function readIntake(
  tx: RawTransaction,
  typeKey: string,
  externalIds: string[],
  withTemplates: boolean,
): Promise<{ type: IntakeType | null; templates: IntakeTemplate[]; recipients: IntakeRecipient[] }> {
  const rows = await tx.query<{
    type: {
      id: string;
      key: string;
      default_channels: Channel[];
      critical: boolean;
      escalation: IntakeType["escalation"];
      template_settings: IntakeType["templateSettings"];
      templates: IntakeTemplate[] | null;
    } | null;
    id: string | null;
    external_id: string;
    name: string | null;
    email: string | null;
    phone: string | null;
    locale: string;
    push_tokens: number;
    webhooks: number;
    prefs: { typed: boolean; channel: Channel; enabled: boolean }[];
    quiet: { enabled: boolean; start_time: string; end_time: string; timezone: string } | null;
  }>(
    `with t as (select * from notification_types where key = $1)
     select (select jsonb_build_object('id', t.id, 'key', t.key, 'default_channels', to_jsonb(t.default_channels), 'critical', t.critical,
                                       'escalation', t.escalation, 'template_settings', t.template_settings,
                                       'templates', case when $3::boolean then
                                          (select jsonb_agg(jsonb_build_object('locale', x.locale, 'channel', x.channel, 'content', x.content))
                                             from (${currentInAppTemplatesSql("t.id")}) x) end)
               from t) as type,
            r.id, r.external_id, r.name, r.email, r.phone, r.locale,
            (select count(*)::int from push_tokens p where p.recipient_id = r.id) as push_tokens,
            (select count(*)::int from webhook_endpoints w where w.recipient_id = r.id or w.type_key = $1) as webhooks,
            coalesce((select jsonb_agg(jsonb_build_object('typed', p.notification_type_id is not null, 'channel', p.channel, 'enabled', p.enabled))
                        from preferences p
                       where p.recipient_id = r.id and (p.notification_type_id is null or p.notification_type_id = (select id from t))), '[]'::jsonb) as prefs,
            (select jsonb_build_object('enabled', q.enabled, 'start_time', q.start_time::text, 'end_time', q.end_time::text, 'timezone', q.timezone)
               from quiet_hours q where q.recipient_id = r.id) as quiet
       from (select 1) as one
       left join recipients r on r.external_id = any(array(select jsonb_array_elements_text($2::jsonb)))`,
    [typeKey, JSON.stringify(externalIds), withTemplates],
  );
  const t = rows[0]?.type ?? null;
  const type: IntakeType | null = t
    ? { id: t.id, key: t.key, defaultChannels: t.default_channels, critical: t.critical, escalation: t.escalation, templateSettings: t.template_settings }
    : null;
  const recipients = rows
    .filter((r) => r.id !== null)
    .map((r): IntakeRecipient => {
      const preferences: DeliveryContext["preferences"] = { global: {}, type: {} };
      for (const p of r.prefs) (p.typed ? preferences.type : preferences.global)[p.channel] = p.enabled;
      return {
        id: r.id!,
        externalId: r.external_id,
        name: r.name,
        email: r.email,
        phone: r.phone,
        locale: r.locale,
        pushTokens: r.push_tokens,
        webhooks: r.webhooks,
        preferences,
        quietHours: r.quiet
          ? toQuietHours({ enabled: r.quiet.enabled, startTime: r.quiet.start_time, endTime: r.quiet.end_time, timezone: r.quiet.timezone })
          : null,
      };
    });
  return { type, templates: t?.templates ?? [], recipients };
}

/**
 * SQL for the current (highest) version of a type's in-app template in each locale it has, the
 * type's id given by `typeId` (an SQL expression). The locales are found by skipping through the
 * (type, channel, locale, version) unique index from one locale to the next, and each locale's
 * current version is one probe from the top of its versions: the cost grows with the locales,
 * not with the versions ever saved.
 */
function currentInAppTemplatesSql(typeId: string): string {
  return `with recursive locales as (
            (select locale from templates where notification_type_id = ${typeId} and channel = 'in_app' order by locale limit 1)
            union all
            select (select y.locale from templates y
                     where y.notification_type_id = ${typeId} and y.channel = 'in_app' and y.locale > l.locale order by y.locale limit 1)
              from locales l where l.locale is not null)
          select c.locale, c.channel, c.content
            from locales l
           cross join lateral (
             select z.locale, z.channel, z.content from templates z
              where z.notification_type_id = ${typeId} and z.channel = 'in_app' and z.locale = l.locale
              order by z.version desc limit 1) c`;
}

/** The current in-app template of a type in each of its locales, for rendering at intake. */
export async function loadInAppTemplates(tx: RawTransaction, typeId: string): Promise<IntakeTemplate[]> {
  return tx.query(currentInAppTemplatesSql("$1::uuid"), [typeId]);
}

export type IntakeRequest = {
  priority: Priority;
  data: Record<string, unknown>;
  content: Record<string, Record<string, unknown>>;
  channels: Channel[] | null;
  sendAt: string | null;
};

type NotificationRow = { id: string; recipient_id: string; status: string; final: boolean; seq: number };
type DeliveryRow = { id: string; notification_id: string; recipient_id: string; channel: Channel; provider: string | null; status: string; idempotency_key: string };
type DeliveryEventRow = { delivery_id: string; status: string; reason: string | null; seq: number };
type InboxRow = { notification_id: string; recipient_id: string; title: string; body: string | null; action_url: string | null; actions: InboxAction[] };

/** What the accept transaction writes, and which notifications still need a durable run. */
export type IntakeWrites = {
  notifications: NotificationRow[];
  deliveries: DeliveryRow[];
  events: DeliveryEventRow[];
  inbox: InboxRow[];
  /** Notification ids a durable run must still take on (a channel or an escalation remains). */
  needRun: string[];
};

/** True when the plan leaves nothing for a durable run once in-app is written now. */
function onlyInAppNow(plan: DeliveryPlan): boolean {
  return plan.channels.every((p) => p.action === "skip" || (p.channel === "in_app" && p.stage === "now"));
}

/**
 * Plans every recipient of one request and decides what intake writes — pure: no database,
 * no clock but `now`. In-app is written now when the plan sends it now and its content renders;
 * anything else (a `sendAt`, another channel, an escalation, content that does not render) is
 * left to the durable run, which records it as it does without this.
 */
export function planAtIntake(input: {
  type: IntakeType;
  request: IntakeRequest;
  recipients: IntakeRecipient[];
  /** The in-app templates of the type whose templates apply (newest first), when no inline content is given. */
  templates: IntakeTemplate[];
  now: Date;
}): IntakeWrites {
  const { type, request } = input;
  const writes: IntakeWrites = { notifications: [], deliveries: [], events: [], inbox: [], needRun: [] };
  const inline = request.content.in_app;
  const inlineSource = inline
    ? (Object.fromEntries(Object.entries(inline).filter(([, v]) => typeof v === "string")) as Record<string, string>)
    : null;
  let seq = 0;

  for (const r of input.recipients) {
    const id = randomUUID();
    const scheduled = request.sendAt !== null;
    const plan = scheduled
      ? null
      : planDelivery({
          type,
          priority: request.priority,
          channels: request.channels,
          recipient: { email: r.email, phone: r.phone, pushTokens: r.pushTokens, webhook: r.webhooks > 0 },
          preferences: r.preferences,
          quietHours: r.quietHours,
          now: input.now,
        });
    const inApp = plan?.channels.find((p) => p.channel === "in_app" && p.stage === "now" && p.action === "send");
    let item: InboxRow | null = null;
    if (inApp) {
      const source = inlineSource ?? chooseTemplates(input.templates, templateLocales(r.locale, type.templateSettings.defaultLocale)).in_app ?? null;
      if (source) {
        try {
          const content = renderTemplate("in_app", source, { ...request.data, recipient: { id: r.externalId, name: r.name } });
          const actions = (inline?.actions as InboxAction[] | undefined) ?? [];
          item = { notification_id: id, recipient_id: r.id, title: content.title ?? "", body: content.body ?? null, action_url: content.actionUrl || null, actions };
        } catch {
          // The run renders it again and records the template error on the delivery.
        }
      }
    }
    const final = plan !== null && onlyInAppNow(plan) && (inApp === undefined || item !== null);
    const status = scheduled ? "scheduled" : !final ? "accepted" : item ? "delivered" : "skipped";
    writes.notifications.push({ id, recipient_id: r.id, status, final, seq: seq++ });

    const delivery = (channel: Channel, provider: string | null, deliveryStatus: string, reason: string | null) => {
      const deliveryId = randomUUID();
      writes.deliveries.push({
        id: deliveryId,
        notification_id: id,
        recipient_id: r.id,
        channel,
        provider,
        status: deliveryStatus,
        idempotency_key: deliveryIdempotencyKey(id, r.id, channel),
      });
      writes.events.push({ delivery_id: deliveryId, status: "queued", reason: null, seq: seq++ });
      writes.events.push({ delivery_id: deliveryId, status: deliveryStatus, reason, seq: seq++ });
    };
    if (item) {
      delivery("in_app", "in-app", "delivered", null);
      writes.inbox.push(item);
    }
    // A notification final here has its skipped channels recorded here too; otherwise the run does.
    if (final) for (const p of plan!.channels) if (p.action === "skip") delivery(p.channel, null, "skipped", p.reason);
    if (!final) writes.needRun.push(id);
  }
  return writes;
}

/**
 * Writes a request's notifications, with the deliveries, timeline events and inbox items
 * decided at intake — one statement. `eventsWritten`: their delivery events are in this
 * transaction too, so none is left for the sweeper.
 */
export async function writeIntake(
  tx: RawTransaction,
  writes: IntakeWrites,
  common: { typeId: string; typeKey: string; request: IntakeRequest; content: Record<string, unknown>; eventsWritten: boolean },
): Promise<void> {
  const { request } = common;
  await tx.query(
    `with n as (
       insert into notifications (id, notification_type_id, recipient_id, priority, data, content, channels, status, send_at, event_sent_at, started_at, completed_at)
       select x.id, $1::uuid, x.recipient_id, $2, $3::jsonb, $4::jsonb,
              case when $5::jsonb is null then null else array(select jsonb_array_elements_text($5::jsonb)) end,
              x.status, $6::timestamptz,
              case when x.final or $7::boolean then now() end, case when x.final then now() end, case when x.final then now() end
         from jsonb_to_recordset($8::jsonb) as x(id uuid, recipient_id uuid, status text, final boolean, seq int)
        order by x.seq
       returning 1
     ), d as (
       insert into deliveries (id, notification_id, recipient_id, channel, provider, status, attempts, idempotency_key)
       select x.id, x.notification_id, x.recipient_id, x.channel, x.provider, x.status, 1, x.idempotency_key
         from jsonb_to_recordset($9::jsonb) as x(id uuid, notification_id uuid, recipient_id uuid, channel text, provider text, status text, idempotency_key text)
       returning 1
     ), e as (
       insert into delivery_events (delivery_id, status, reason)
       select x.delivery_id, x.status, x.reason
         from jsonb_to_recordset($10::jsonb) as x(delivery_id uuid, status text, reason text, seq int)
        order by x.seq
       returning 1
     ), i as (
       insert into inbox_items (notification_id, recipient_id, type_key, title, body, action_url, actions, data)
       select x.notification_id, x.recipient_id, $11, x.title, x.body, x.action_url, x.actions, $3::jsonb
         from jsonb_to_recordset($12::jsonb) as x(notification_id uuid, recipient_id uuid, title text, body text, action_url text, actions jsonb)
       returning 1
     )
     select (select count(*) from n)::int as notifications`,
    [
      common.typeId,
      request.priority,
      JSON.stringify(request.data),
      JSON.stringify(common.content),
      request.channels ? JSON.stringify(request.channels) : null,
      request.sendAt,
      common.eventsWritten,
      JSON.stringify(writes.notifications),
      JSON.stringify(writes.deliveries),
      JSON.stringify(writes.events),
      common.typeKey,
      JSON.stringify(writes.inbox),
    ],
  );
}
