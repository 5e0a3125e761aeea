import { z } from "zod";
import type { Database } from "@/lib/db/client";
import { deliveryLatencySql } from "./delivery-latency-sql";
import { failedStatuses, reachedStatuses } from "@/lib/notifications/delivery-status";

// Each range is drawn with about 24–60 points: fine enough to see a spike, few enough to read.
const statsRanges = {
  "1h": { span: "1 hour", bucket: "1 minute" },
  "24h": { span: "24 hours", bucket: "1 hour" },
  "7d": { span: "7 days", bucket: "6 hours" },
  "30d": { span: "30 days", bucket: "1 day" },
} as const;
export type StatsRange = keyof typeof statsRanges;

export const statsQuerySchema = z.object({
  range: z.enum(Object.keys(statsRanges) as [StatsRange, ...StatsRange[]], { error: "expected one of 1h, 24h, 7d, 30d" }).default("24h"),
});


const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(", ");
const OK = list(reachedStatuses);
/** Delivery statuses that are dead letters unless discarded, as a SQL list for `status in (…)`. */
export const failedStatusesSql = list(failedStatuses);
// Buckets align to a fixed origin so the same hour is the same bucket on every refresh.
const ORIGIN = "timestamptz '2000-01-01 00:00:00+00'";

export type LatencyRow = { key: string; count: number; p50: number; p95: number; p99: number };

export type DeliveryStats = {
  range: StatsRange;
  bucket: string;
  from: string;
  to: string;
  totals: { notifications: number; deliveries: number; delivered: number; failed: number; skipped: number; pending: number };
  /** One point per bucket: deliveries per channel, and delivered/failed counts across channels. */
  series: { at: string; channels: Record<string, number>; delivered: number; failed: number }[];
  channels: string[];
  latency: { byChannel: LatencyRow[]; byProvider: LatencyRow[] };
  failureReasons: { reason: string; count: number; channels: string[] }[];
};

const iso = (value: unknown) => new Date(value as string | Date).toISOString();

/**
 * The overview's figures for a time range, straight from the deliveries: volume per channel
 * over time, delivered and failed counts, request→delivered latency percentiles and the most
 * common failure reasons. Latency runs from the request (or its sendAt, when scheduled later)
 * to the delivery's first `sent` or `delivered` event.
 */
export async function getDeliveryStats(database: Database, range: StatsRange): Promise<DeliveryStats> {
  const { span, bucket } = statsRanges[range];
  const params = [span, bucket];
  const bounds = `select date_bin($2::interval, now() - $1::interval, ${ORIGIN}) as start, now() as stop`;

  const [buckets, rows, [totals], latency, reasons] = await Promise.all([
    database.query<{ at: Date; start: Date; stop: Date }>(
      `with b as (${bounds}) select generate_series(b.start, b.stop, $2::interval) as at, b.start, b.stop from b`,
      params,
    ),
    database.query<{ at: Date; channel: string; total: number; delivered: number; failed: number }>(
      `with b as (${bounds})
       select date_bin($2::interval, d.created_at, ${ORIGIN}) as at, d.channel,
              count(*) filter (where d.status <> 'skipped')::int as total,
              count(*) filter (where d.status in (${OK}))::int as delivered,
              count(*) filter (where d.status in (${failedStatusesSql}))::int as failed
         from public.deliveries d, b
        where d.created_at >= b.start
        group by 1, 2`,
      params,
    ),
    database.query<DeliveryStats["totals"]>(
      `with b as (${bounds})
       select (select count(*)::int from public.notifications n where n.created_at >= b.start) as notifications,
              count(d.id)::int as deliveries,
              count(d.id) filter (where d.status in (${OK}))::int as delivered,
              count(d.id) filter (where d.status in (${failedStatusesSql}))::int as failed,
              count(d.id) filter (where d.status in ('skipped', 'cancelled'))::int as skipped,
              count(d.id) filter (where d.status = 'queued')::int as pending
         from b left join public.deliveries d on d.created_at >= b.start
        group by b.start`,
      params,
    ),
    database.query<{ dim: "channel" | "provider"; key: string; count: number; p50: number; p95: number; p99: number }>(
      `with b as (${bounds}),
       l as (${deliveryLatencySql("b join public.deliveries d on d.created_at >= b.start")})
       select case when grouping(channel) = 0 then 'channel' else 'provider' end as dim,
              coalesce(case when grouping(channel) = 0 then channel else provider end, 'none') as key,
              count(*)::int as count,
              percentile_cont(0.5) within group (order by seconds * 1000)::float8 as p50,
              percentile_cont(0.95) within group (order by seconds * 1000)::float8 as p95,
              percentile_cont(0.99) within group (order by seconds * 1000)::float8 as p99
         from l
        group by grouping sets ((channel), (provider))
        order by 1, 2`,
      params,
    ),
    database.query<{ reason: string; count: number; channels: string[] }>(
      `with b as (${bounds}),
       f as (
         select d.channel,
                left(coalesce(
                  (select x.reason from public.delivery_events x
                    where x.delivery_id = d.id and x.status in (${failedStatusesSql}) and x.reason is not null order by x.id desc limit 1),
                  d.last_error_message, d.last_error_code, 'unknown'), 200) as reason
           from b join public.deliveries d on d.created_at >= b.start
          where d.status in (${failedStatusesSql})
       )
       select reason, count(*)::int as count, array_agg(distinct channel order by channel) as channels
         from f group by reason order by count desc, reason limit 8`,
      params,
    ),
  ]);

  const channels = [...new Set(rows.map((r) => r.channel))].sort();
  const byBucket = new Map<string, DeliveryStats["series"][number]>();
  for (const b of buckets) byBucket.set(iso(b.at), { at: iso(b.at), channels: Object.fromEntries(channels.map((c) => [c, 0])), delivered: 0, failed: 0 });
  for (const r of rows) {
    const point = byBucket.get(iso(r.at));
    if (!point) continue;
    point.channels[r.channel] = r.total;
    point.delivered += r.delivered;
    point.failed += r.failed;
  }
  const toRow = ({ key, count, p50, p95, p99 }: (typeof latency)[number]): LatencyRow => ({
    key,
    count,
    p50: Math.round(Number(p50)),
    p95: Math.round(Number(p95)),
    p99: Math.round(Number(p99)),
  });
  return {
    range,
    bucket,
    from: iso(buckets[0]?.start ?? new Date()),
    to: iso(buckets[0]?.stop ?? new Date()),
    totals: totals ?? { notifications: 0, deliveries: 0, delivered: 0, failed: 0, skipped: 0, pending: 0 },
    series: [...byBucket.values()],
    channels,
    latency: {
      byChannel: latency.filter((l) => l.dim === "channel").map(toRow),
      byProvider: latency.filter((l) => l.dim === "provider").map(toRow),
    },
    failureReasons: reasons.map((r) => ({ reason: r.reason, count: r.count, channels: r.channels })),
  };
}
