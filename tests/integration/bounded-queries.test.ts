import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveryLatencySql } from "@/lib/admin/delivery-latency-sql";
import { getDeliveryFilterOptions } from "@/lib/admin/get-delivery-filter-options";
import { listDeliveries } from "@/lib/admin/list-deliveries";
import { openDatabase, type Database } from "@/lib/db/client";
import { setProcessDatabase } from "@/lib/db/get-database";
import { countInbox, listInboxPage } from "@/lib/db/queries/inbox";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { getMetrics } from "@/lib/metrics/metrics-registry";
import { latencyBuckets, readDeliveryFigures } from "@/lib/metrics/read-delivery-figures";
import { acceptNotifications } from "@/lib/send/accept-notifications";
import { loadDeliveryContext } from "@/lib/send/load-delivery-context";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";
import { parsePrometheusText } from "../support/prometheus-text";
import { readsBetween, tableReads } from "../support/table-reads";

// Queries whose cost grew with history (template versions, deliveries, inbox items) read what
// they need through an index instead. Postgres's own statistics say how many rows each read, on
// a one-connection database so that every statement is counted.

const TYPE = "c0000000-0000-4000-8000-000000000001"; // comment.created (supabase/seed.sql)
const HANNA = "0b000000-0000-4000-8000-0000000000aa";
const VERSIONS = 200;

describe.each(testDatabaseKinds())("queries bounded however long the history, on %s", (kind) => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;

  /** What the statements run by `fn` read from `table`. */
  const readsOf = async (table: string, fn: () => Promise<unknown>) => {
    const before = await tableReads(db, table);
    await fn();
    return readsBetween(before, await tableReads(db, table));
  };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    db = kind === "postgres" ? await openDatabase({ kind: "postgres", url: t.url!, poolMax: 1 }) : t.database;
    await seedDemoData(db);
    await db.query(
      `insert into recipients (id, external_id, name, email, locale) values ($1, 'hanna', 'Hanna Berger', 'hanna@example.com', 'de-AT')`,
      [HANNA],
    );
    // Many saved versions per (channel, locale): the highest is the one in use.
    await db.query(
      `insert into templates (notification_type_id, channel, locale, version, content)
       select $1, v.channel, v.locale, g,
              case when v.channel = 'email' then jsonb_build_object('subject', v.locale || ' v' || g, 'html', '<p>v' || g || '</p>')
                   else jsonb_build_object('title', v.locale || ' v' || g) end
         from (values ('in_app', 'en'), ('in_app', 'de'), ('in_app', 'fr'), ('email', 'en')) v (channel, locale),
              generate_series(2, $2::int + 1) g`,
      [TYPE, VERSIONS],
    );
    // 300 notifications to Hanna and Alice, each to three channels, a minute apart.
    await db.query(
      `insert into notifications (id, notification_type_id, recipient_id, status, created_at)
       select md5('bq' || g)::uuid, $1, case when g % 2 = 0 then $2::uuid else 'a1111111-1111-4111-8111-111111111111' end, 'delivered',
              now() - g * interval '1 minute'
         from generate_series(1, 300) g`,
      [TYPE, HANNA],
    );
    await db.query(
      `insert into deliveries (notification_id, recipient_id, channel, provider, status, idempotency_key, created_at)
       select n.id, n.recipient_id, c.channel, c.provider, case when c.channel = 'sms' then 'failed' else 'delivered' end,
              md5(n.id::text || c.channel), n.created_at
         from notifications n
        cross join (values ('in_app', 'in-app'), ('email', 'resend'), ('sms', 'twilio')) c (channel, provider)
        where n.notification_type_id = $1`,
      [TYPE],
    );
    await db.query("vacuum analyze");
  });
  afterAll(async () => {
    if (db !== t.database) await db.close();
    await t.drop();
  });

  it("a delivery run loads the current template of each channel and locale, not every version ever saved", async () => {
    const [{ id }] = (await db.query<{ id: string }>(
      `insert into notifications (notification_type_id, recipient_id, data) values ($1, $2, '{}') returning id`,
      [TYPE, HANNA],
    )) as [{ id: string }];
    let context: Awaited<ReturnType<typeof loadDeliveryContext>> = null;
    const reads = await readsOf("public.templates", async () => (context = await loadDeliveryContext(db.db, id)));
    // de-AT → de for in-app (its highest version), en for email (there is no German one).
    expect(context!.templates).toEqual({ in_app: { title: `de v${VERSIONS + 1}` }, email: { subject: `en v${VERSIONS + 1}`, html: `<p>v${VERSIONS + 1}</p>` } });
    // One row per (channel, locale) that has templates; every version would be over 800.
    expect(reads.rows).toBeLessThanOrEqual(5);
  });

  it("intake renders the current in-app template of the recipient's locale from a few rows", async () => {
    let accepted: Awaited<ReturnType<typeof acceptNotifications>> | undefined;
    const reads = await readsOf("public.templates", async () => {
      accepted = await acceptNotifications(db.db, { to: "hanna", type: "comment.created", channels: ["in_app"] }, { scope: "test", send: null });
    });
    const [item] = await db.query<{ title: string }>("select title from inbox_items where notification_id = $1", [accepted!.accepted.notifications[0]!.id]);
    expect(item).toEqual({ title: `de v${VERSIONS + 1}` });
    // A step to each of the in-app locales (en, de, fr) and one row for each.
    expect(reads.rows).toBeLessThanOrEqual(8);
  });

  it("the delivery log's recipient filter still matches substrings, through a trigram index", async () => {
    const byEmail = await listDeliveries(db, { recipient: "NNA@EXAMP", limit: 100 });
    expect(byEmail.items).toHaveLength(100);
    expect(byEmail.hasMore).toBe(true);
    expect(new Set(byEmail.items.map((d) => d.recipient.externalId))).toEqual(new Set(["hanna"]));
    const byName = await listDeliveries(db, { recipient: "berg", channel: "sms", limit: 100 });
    expect(byName.items.map((d) => `${d.recipient.externalId} ${d.channel}`)).toEqual(Array(100).fill("hanna sms"));
    expect((await listDeliveries(db, { recipient: "%" })).items).toHaveLength(0);

    const [index] = await db.query<{ indexdef: string }>("select indexdef from pg_indexes where indexname = 'recipients_search_trgm_idx'");
    expect(index?.indexdef).toMatch(/USING gin \(external_id \S*gin_trgm_ops, email \S*gin_trgm_ops, name \S*gin_trgm_ops\)/);
    // The planner can answer an unanchored ILIKE on any of the three from it.
    const plan = await db.transaction(async (tx) => {
      await tx.query("set local enable_seqscan = off");
      return tx.query<{ "QUERY PLAN": string }>(
        "explain select id from recipients where external_id ilike '%anna%' or email ilike '%anna%' or name ilike '%anna%'",
      );
    });
    expect(plan.map((row) => row["QUERY PLAN"]).join("\n")).toMatch(/Bitmap Index Scan on recipients_search_trgm_idx/);
  });

  it("a search that names one person reads only their newest deliveries, page after page", async () => {
    // Hanna has 450 deliveries: a page of 20 reads a page's worth of them, not her whole history.
    let first: Awaited<ReturnType<typeof listDeliveries>> | undefined;
    const reads = await readsOf("public.deliveries", async () => (first = await listDeliveries(db, { recipient: "hanna@", limit: 20 })));
    expect(first!.items).toHaveLength(20);
    // A page and its look-ahead row, give or take how the planner reaches them: far below 450.
    expect(reads.rows).toBeLessThanOrEqual(3 * 21);
    expect(reads.indexes.deliveries_recipient_idx!.entries).toBeLessThanOrEqual(3 * 21);
    // The same rows, in the same order, as the log filtered by recipient id without a search.
    const all = await db.query<{ id: string }>("select id from deliveries where recipient_id = $1 order by created_at desc, id desc", [HANNA]);
    const seen: string[] = [];
    for (let page = first, guard = 0; page && guard < 30; guard++) {
      seen.push(...page.items.map((d) => d.id));
      page = page.after ? await listDeliveries(db, { recipient: "hanna@", limit: 20, after: page.after }) : undefined;
    }
    expect(seen).toEqual(all.map((r) => r.id));
    // Someone with a few old deliveries under everybody's newer ones: found without walking the log.
    await db.query(`insert into recipients (id, external_id, name, email) values ('0b1a0000-0000-4000-8000-000000000001', 'olga', 'Olga Rare', 'olga@example.com')`);
    await db.query(
      `insert into notifications (id, notification_type_id, recipient_id, status, created_at)
       select md5('olga' || g)::uuid, $1, '0b1a0000-0000-4000-8000-000000000001', 'delivered', now() - interval '30 days' - g * interval '1 minute'
         from generate_series(1, 3) g`,
      [TYPE],
    );
    await db.query(
      `insert into deliveries (notification_id, recipient_id, channel, provider, status, idempotency_key, created_at)
       select id, recipient_id, 'email', 'resend', 'delivered', md5(id::text || 'email'), created_at from notifications where recipient_id = '0b1a0000-0000-4000-8000-000000000001'`,
    );
    await db.query("analyze deliveries");
    let rare: Awaited<ReturnType<typeof listDeliveries>> | undefined;
    const rareReads = await readsOf("public.deliveries", async () => (rare = await listDeliveries(db, { recipient: "olga", limit: 20 })));
    expect(rare!.items.map((d) => d.recipient.externalId)).toEqual(["olga", "olga", "olga"]);
    expect(rareReads.rows).toBeLessThanOrEqual(3 * 4);
    // Other filters still apply inside each person's range.
    const sms = await listDeliveries(db, { recipient: "hanna@", channel: "sms", status: "failed", limit: 100 });
    expect(sms.items).toHaveLength(100);
    expect(sms.hasMore).toBe(true);
    expect(sms.items.every((d) => d.channel === "sms" && d.status === "failed")).toBe(true);
  });

  it("the delivery filters list the providers from a probe per provider, not a scan of the deliveries", async () => {
    let options: Awaited<ReturnType<typeof getDeliveryFilterOptions>> | undefined;
    const reads = await readsOf("public.deliveries", async () => (options = await getDeliveryFilterOptions(db)));
    const all = await db.query<{ provider: string }>("select distinct provider from deliveries where provider is not null order by provider");
    expect(options!.providers).toEqual(all.map((p) => p.provider));
    expect(options!.providers).toEqual(expect.arrayContaining(["in-app", "resend", "twilio"]));
    // 900 deliveries; the first provider, each next one, and the end: a handful of index entries.
    expect(reads.rows).toBeLessThanOrEqual(options!.providers.length + 1);
    expect(reads.indexes.deliveries_provider_message_idx!.entries).toBeLessThanOrEqual(2 * options!.providers.length + 2);
  });

  it("inbox: the first page carries the counts, later pages do not, and each count reads its partial index", async () => {
    // 100 items for Hanna (a third unread, half of those unseen, every tenth archived) among
    // 3,000 of 30 other recipients.
    await db.query(`insert into recipients (id, external_id) select md5('bq-r' || k)::uuid, 'bq-r' || k from generate_series(0, 29) k`);
    await db.query(
      `insert into inbox_items (recipient_id, type_key, title, created_at, read_at, seen_at, archived_at)
       select case when g <= 100 then $1::uuid else md5('bq-r' || g % 30)::uuid end, 'comment.created', 'Item ' || g, now() - g * interval '1 second',
              case when g % 3 = 0 then null else now() end, case when g % 6 = 0 then null else now() end, case when g % 10 = 0 then now() end
         from generate_series(1, 3100) g`,
      [HANNA],
    );
    await db.query("vacuum analyze inbox_items");
    const [expected] = await db.query<{ unread: number; unseen: number; total: number }>(
      `select count(*) filter (where read_at is null)::int as unread, count(*) filter (where seen_at is null)::int as unseen, count(*)::int as total
         from inbox_items where recipient_id = $1 and archived_at is null`,
      [HANNA],
    );
    expect(expected!.total).toBeGreaterThanOrEqual(90);

    const first = await listInboxPage(db.db, HANNA, { limit: 10 });
    expect(first.counts).toEqual(expected);
    const second = await listInboxPage(db.db, HANNA, { limit: 10, after: first.after! });
    expect(second.items).toHaveLength(10);
    expect(second.counts).toBeUndefined();

    let counts: Awaited<ReturnType<typeof countInbox>> | undefined;
    const reads = await readsOf("public.inbox_items", async () => (counts = await countInbox(db.db, HANNA)));
    expect(counts).toEqual(expected);
    // Each count is one scan of its partial index, reading an entry per item it counts (and at
    // most those rows, where the visibility map does not vouch for them yet), never others' items.
    const { unread, unseen, total } = expected!;
    for (const [index, entries] of [["inbox_items_unread_idx", unread], ["inbox_items_unseen_idx", unseen], ["inbox_items_unarchived_idx", total]] as const) {
      expect({ index, ...reads.indexes[index] }).toEqual({ index, scans: 1, entries });
    }
    expect(reads.rows).toBeLessThanOrEqual(unread + unseen + total);
  });

  it("metrics: figures kept as rows are written equal a full recount, and a scrape reads no delivery", async () => {
    const acceptedBefore = (await readDeliveryFigures(db)).notificationsAccepted;
    // Writes of every kind: new notifications (one scheduled later) with deliveries, status
    // changes one by one and in bulk, a provider that changes, deletions, and timeline events.
    await db.query(
      `insert into notifications (id, notification_type_id, recipient_id, status, created_at, send_at)
       select md5('bq-m' || g)::uuid, $1, $2, 'processing', now() - interval '1 hour', case when g = 1 then now() - interval '30 minutes' end
         from generate_series(1, 20) g`,
      [TYPE, HANNA],
    );
    await db.query(
      `insert into deliveries (id, notification_id, recipient_id, channel, provider, status, idempotency_key)
       select md5('bq-d' || g)::uuid, md5('bq-m' || g)::uuid, $1, case when g % 2 = 0 then 'email' else 'push' end,
              case when g % 2 = 0 then 'resend' end, 'queued', 'bq-d' || g
         from generate_series(1, 20) g`,
      [HANNA],
    );
    await db.query("update deliveries set status = 'sent', provider = coalesce(provider, 'fcm') where idempotency_key in ('bq-d1', 'bq-d2')");
    await db.query("update deliveries set attempts = attempts + 1 where idempotency_key like 'bq-d%'");
    await db.query("update deliveries set status = 'bounced' where channel = 'email' and idempotency_key like 'bq-d%' and idempotency_key > 'bq-d5'");
    // Sent, then delivered later (counted once, from the first); both in one statement; scheduled.
    await db.query(
      `insert into delivery_events (delivery_id, status, occurred_at)
       select md5('bq-d' || g)::uuid, 'sent', now() - interval '59 minutes' + g * interval '7 seconds' from generate_series(1, 12) g`,
    );
    await db.query(
      `insert into delivery_events (delivery_id, status, occurred_at)
       select md5('bq-d' || g)::uuid, s.status, now() - s.ago
         from generate_series(3, 16) g, (values ('sent', interval '50 minutes'), ('delivered', interval '40 minutes')) s (status, ago)`,
    );
    await db.query("delete from notifications where id in (md5('bq-m20')::uuid, md5('bq7')::uuid)");

    let figures: Awaited<ReturnType<typeof readDeliveryFigures>> | undefined;
    const deliveriesRead = await readsOf("public.deliveries", async () => {
      const eventsRead = await readsOf("public.delivery_events", async () => (figures = await readDeliveryFigures(db)));
      expect(eventsRead.rows).toBe(0);
    });
    expect(deliveriesRead.rows).toBe(0);
    expect(await db.query("select count(*)::int as n from metric_count_changes")).toEqual([{ n: 0 }]);

    // Deleted notifications were still accepted: the counter only grows.
    expect(figures!.notificationsAccepted - acceptedBefore).toBe(20);
    const deliveries = await db.query<{ channel: string; provider: string; status: string; count: number }>(
      "select channel, coalesce(provider, 'none') as provider, status, count(*)::int as count from deliveries group by 1, 2, 3",
    );
    const order = (a: { channel: string; provider: string; status?: string }, b: typeof a) =>
      a.channel.localeCompare(b.channel) || a.provider.localeCompare(b.provider) || (a.status ?? "").localeCompare(b.status ?? "");
    expect(figures!.deliveries).toEqual(deliveries.sort(order));

    const bucketColumns = latencyBuckets.map((le, i) => `count(*) filter (where s <= ${le})::int as b${i}`).join(", ");
    const latency = await db.query<Record<string, number> & { channel: string; provider: string; count: number; sum: number }>(
      `with l as (select channel, provider, greatest(0, seconds)::float8 as s from (${deliveryLatencySql()}) f)
       select channel, provider, count(*)::int as count, sum(s)::float8 as sum, ${bucketColumns} from l group by 1, 2`,
    );
    expect(latency.length).toBeGreaterThanOrEqual(2);
    expect(figures!.latency.map(({ sum, ...rest }) => ({ ...rest, sum: Math.round(sum) }))).toEqual(
      latency
        .map((row) => ({ channel: row.channel, provider: row.provider, buckets: latencyBuckets.map((_, i) => row[`b${i}`]), count: row.count, sum: Math.round(row.sum) }))
        .sort(order),
    );

    // What Prometheus reads is the same.
    setProcessDatabase(db);
    const scraped = parsePrometheusText(await getMetrics().registry.metrics());
    for (const d of deliveries) expect(scraped.get(`herald_deliveries{channel="${d.channel}",provider="${d.provider}",status="${d.status}"}`)).toBe(d.count);
    for (const l of latency) expect(scraped.get(`herald_delivery_latency_seconds_count{channel="${l.channel}",provider="${l.provider}"}`)).toBe(l.count);
  });

  it("the histogram's bounds in Postgres are the ones the metrics report", async () => {
    const probes = latencyBuckets.flatMap((le) => [le, le * 1.001]);
    const rows = await db.query<{ le: string }>("select public.delivery_latency_le(s) as le from unnest($1::float8[]) with ordinality u (s, i) order by i", [probes]);
    expect(rows.map((r) => r.le)).toEqual(latencyBuckets.flatMap((le, i) => [String(le), String(latencyBuckets[i + 1] ?? "+Inf")]));
  });
});
