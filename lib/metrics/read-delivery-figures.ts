import type { Database } from "@/lib/db/client";
import { runtimeModes } from "@/lib/env";
import { executorFigures, type QueueStats } from "@/lib/executor/executor-figures";
import { foldMetricChanges } from "./fold-metric-changes";

/**
 * Upper bounds (seconds) of the request→delivered latency histogram. Postgres sorts each delivery
 * into them as it is written (public.delivery_latency_le in supabase/migrations): change both.
 */
export const latencyBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600] as const;

/** Changes folded into the totals per scrape at most; any left are summed as they are. */
const FOLD_PER_SCRAPE = 10_000;

export type DeliveryFigures = {
  notificationsAccepted: number;
  deliveries: { channel: string; provider: string; status: string; count: number }[];
  latency: { channel: string; provider: string; buckets: number[]; count: number; sum: number }[];
  queue: QueueStats | null;
  /** Accepted and due, but no run has started: how many, and how long the oldest has waited. */
  unstarted: { count: number; oldestSeconds: number };
  /** Embedded mode: how late each scheduled function runs. */
  scheduled: { functionId: string; lagMs: number }[];
  /** Embedded mode: every live executor (web and worker processes) and how long ago it was seen. */
  workers: { id: string; kind: string; seenSeconds: number }[];
};

/**
 * The figures every app process must report alike, read from Postgres at scrape time: how
 * many notifications were accepted, deliveries per channel/provider/status, and the
 * request→delivered latency of every delivered message (from the request, or its sendAt when
 * scheduled later, to the first sent/delivered event). The first three are kept up to date by
 * triggers as rows are written (public.metric_counts), so a scrape reads a few rows per label
 * instead of every delivery. Queue figures only in embedded mode.
 */
export async function readDeliveryFigures(database: Database): Promise<DeliveryFigures> {
  const executor = runtimeModes().durable === "embedded" ? executorFigures() : undefined;
  await foldMetricChanges(database, FOLD_PER_SCRAPE);
  const [counts, queue, [unstarted], scheduled, workers] = await Promise.all([
    database.query<{ metric: string; labels: Record<string, string>; count: number; sum: number }>(
      `select metric, labels, sum(count)::float8 as count, sum(sum)::float8 as sum
         from (select metric, labels, count, sum from public.metric_counts
               union all
               select metric, labels, count, sum from public.metric_count_changes) c
        group by metric, labels`,
    ),
    executor ? executor.queueStats(database.db) : null,
    database.query<{ n: number; oldest: number }>(
      `select count(*)::int as n, coalesce(extract(epoch from now() - min(coalesce(send_at, created_at))), 0)::float8 as oldest
         from public.notifications
        where started_at is null and status in ('accepted', 'scheduled') and coalesce(send_at, created_at) <= now()`,
    ),
    executor ? executor.scheduledLag(database.db) : [],
    executor ? executor.workers(database.db) : [],
  ]);
  return {
    notificationsAccepted: counts.find((c) => c.metric === "notifications_accepted")?.count ?? 0,
    deliveries: counts
      .filter((c) => c.metric === "deliveries" && c.count !== 0)
      .map(({ labels, count }) => ({ channel: labels.channel!, provider: labels.provider!, status: labels.status!, count }))
      .sort((a, b) => a.channel.localeCompare(b.channel) || a.provider.localeCompare(b.provider) || a.status.localeCompare(b.status)),
    latency: latencyHistograms(counts.filter((c) => c.metric === "delivery_latency")),
    queue,
    unstarted: { count: unstarted?.n ?? 0, oldestSeconds: Math.max(0, Number(unstarted?.oldest ?? 0)) },
    scheduled,
    workers: workers.map((w) => ({ id: w.id, kind: w.kind, seenSeconds: Math.max(0, (Date.now() - w.seenAt.getTime()) / 1000) })),
  };
}

/** Cumulative buckets per (channel, provider) from the count in each bucket alone (`le` "+Inf": above every bound). */
function latencyHistograms(rows: { labels: Record<string, string>; count: number; sum: number }[]): DeliveryFigures["latency"] {
  const byLabel = new Map<string, DeliveryFigures["latency"][number]>();
  for (const { labels, count, sum } of rows) {
    const key = `${labels.channel}\u0000${labels.provider}`;
    const histogram = byLabel.get(key) ?? { channel: labels.channel!, provider: labels.provider!, buckets: latencyBuckets.map(() => 0), count: 0, sum: 0 };
    // A sample at most `le` is at most every bound from `le` up.
    const from = labels.le === "+Inf" ? -1 : latencyBuckets.findIndex((bound) => bound >= Number(labels.le));
    if (from >= 0) for (let i = from; i < latencyBuckets.length; i++) histogram.buckets[i]! += count;
    histogram.count += count;
    histogram.sum += sum;
    byLabel.set(key, histogram);
  }
  return [...byLabel.values()]
    .filter((h) => h.count > 0)
    .sort((a, b) => a.channel.localeCompare(b.channel) || a.provider.localeCompare(b.provider));
}
