// History at scale for bench/scale.ts, written set-based (generate_series, one statement per
// batch): recipients, notifications with a delivery per channel, old delivery events for
// retention to delete, and inbox items. Ids are derived from the series number (md5 → uuid), so
// each table is generated without reading the ones before it.
import { performance } from "node:perf_hooks";
import type { Database } from "@/lib/db/client";

export type ScaleSizes = { deliveries: number; inbox: number; oldEvents: number; recipients: number; inboxRecipients: number };

/** The demo data's "comment.created" type (supabase/seed.sql): every generated notification has it. */
const TYPE_ID = "c0000000-0000-4000-8000-000000000001";
/** Notifications per statement (five deliveries each). */
const BATCH = 200_000;

// One delivery per channel, each with the provider a production setup would name.
const channels = `(values (0, 'in_app', 'in-app'), (1, 'email', 'resend'), (2, 'sms', 'twilio'), (3, 'push', 'fcm'), (4, 'webhook', 'webhook')) as c (k, channel, provider)`;

/** The uuid of recipient number `n` (an SQL expression). */
const recipientId = (n: string) => `md5('r' || (${n}))::uuid`;
/** The recipient of notification `g` among $3 recipients, scattered so that no recipient's notifications bunch up in time. */
const recipientOf = (g: string) => recipientId(`(${g})::bigint * 48271 % $3::int + 1`);

export async function seedScale(database: Database, sizes: ScaleSizes, progress: (line: string) => void): Promise<void> {
  const notifications = Math.ceil(sizes.deliveries / 5);
  const step = async (label: string, run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    progress(`${label} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };

  await step(`${sizes.recipients.toLocaleString()} recipients`, () =>
    database.query(
      `insert into recipients (id, external_id, name, email, locale)
       select ${recipientId("g")}, 'scale-' || g, 'Scale User ' || g, 'user' || g || '@scale.example', case when g % 10 = 0 then 'de' else 'en' end
         from generate_series(1, $1::int) g`,
      [sizes.recipients],
    ),
  );

  // Notification g was made (90 days ago … now) in the order of g, so ids of later rows are younger.
  for (let from = 1; from <= notifications; from += BATCH) {
    const to = Math.min(notifications, from + BATCH - 1);
    await step(`notifications and deliveries ${from.toLocaleString()}–${to.toLocaleString()} of ${notifications.toLocaleString()}`, async () => {
      await database.query(
        `insert into notifications (id, notification_type_id, recipient_id, status, started_at, completed_at, created_at)
         select md5('n' || g)::uuid, $4::uuid, ${recipientOf("g")}, 'delivered', at, at + interval '2 seconds', at
           from generate_series($1::int, $2::int) g,
                lateral (select now() - interval '90 days' * (1 - g::float8 / $5::int)) t (at)`,
        [from, to, sizes.recipients, TYPE_ID, notifications],
      );
      await database.query(
        `insert into deliveries (id, notification_id, recipient_id, channel, provider, status, idempotency_key, attempts,
                                 last_error_code, created_at, updated_at)
         select md5('d' || g || ':' || c.k)::uuid, md5('n' || g)::uuid, ${recipientOf("g")}, c.channel, c.provider,
                s.status, md5('d' || g || ':' || c.k), 1, case when s.status = 'failed' then 'provider_error' end, at, at
           from generate_series($1::int, $2::int) g
          cross join ${channels}
          cross join lateral (select now() - interval '90 days' * (1 - g::float8 / $4::int) + c.k * interval '1 millisecond') t (at)
          cross join lateral (select case when (g + c.k) % 53 = 0 then 'failed'
                                          when c.k = 2 and g % 31 = 0 then 'undelivered'
                                          when c.k = 1 and g % 7 = 0 then 'opened'
                                          else 'delivered' end) s (status)
          where (g - 1) * 5 + c.k < $5::int`,
        [from, to, sizes.recipients, notifications, sizes.deliveries],
      );
    });
  }

  // Timeline events of the oldest in-app deliveries, two months old: what retention deletes.
  // Their ids grow with their time, as the pruning expects; the first of each delivery is its delivery.
  const eventDeliveries = Math.min(notifications, sizes.oldEvents);
  for (let from = 1; from <= sizes.oldEvents; from += BATCH * 5) {
    const to = Math.min(sizes.oldEvents, from + BATCH * 5 - 1);
    await step(`old delivery events ${from.toLocaleString()}–${to.toLocaleString()} of ${sizes.oldEvents.toLocaleString()}`, () =>
      database.query(
        `insert into delivery_events (delivery_id, status, occurred_at)
         select md5('d' || ((k - 1) % $3::int + 1) || ':0')::uuid, case when k <= $3::int then 'delivered' else 'opened' end,
                now() - interval '60 days' + k * interval '1 millisecond'
           from generate_series($1::int, $2::int) k order by k`,
        [from, to, eventDeliveries],
      ),
    );
  }

  // Inbox items over the first recipients, spread over 90 days: a third unread, a tenth archived.
  // The realtime trigger is off meanwhile: a million NOTIFYs would measure the seeding.
  await database.query("alter table inbox_items disable trigger inbox_items_broadcast");
  try {
    for (let from = 1; from <= sizes.inbox; from += BATCH * 5) {
      const to = Math.min(sizes.inbox, from + BATCH * 5 - 1);
      await step(`inbox items ${from.toLocaleString()}–${to.toLocaleString()} of ${sizes.inbox.toLocaleString()}`, () =>
        database.query(
          `insert into inbox_items (recipient_id, type_key, title, created_at, read_at, seen_at, archived_at)
           select ${recipientId("g % $3::int + 1")}, 'comment.created', 'Item ' || g, now() - random() * interval '90 days',
                  case when h % 3 = 0 then null else now() end,
                  case when h % 3 = 0 and h % 2 = 0 then null else now() end,
                  case when h % 10 = 0 then now() end
             from generate_series($1::int, $2::int) g, lateral (select abs(hashint4(g)) % 30) x (h)`,
          [from, to, sizes.inboxRecipients],
        ),
      );
    }
  } finally {
    await database.query("alter table inbox_items enable trigger inbox_items_broadcast");
  }

  await step("analyze", () => database.query("analyze"));
}

/** Recipient `n`'s id (1-based, as seeded). */
export async function scaleRecipientIds(database: Database, numbers: number[]): Promise<string[]> {
  const rows = await database.query<{ id: string }>(`select ${recipientId("n")} as id from unnest($1::int[]) with ordinality u (n, i) order by i`, [numbers]);
  return rows.map((r) => r.id);
}
