import type { Database } from "@/lib/db/client";
import { runtimeModes } from "@/lib/env";
import { deliveryLatencySql } from "@/lib/admin/delivery-latency-sql";
import { executorFigures, type QueueStats } from "@/lib/executor/executor-figures";

/** Upper bounds (seconds) of the request→delivered latency histogram. */
export const latencyBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600] as const;

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
 * scheduled later, to the first sent/delivered event). Queue figures only in embedded mode.
 */
export async function readDeliveryFigures(database: Database): Promise<DeliveryFigures> {
  const bucketColumns = latencyBuckets.map((le, i) => `count(*) filter (where s <= ${le})::int as b${i}`).join(", ");
  const executor = runtimeModes().durable === "embedded" ? executorFigures() : undefined;
  const [[accepted], deliveries, latency, queue, [unstarted], scheduled, workers] = await Promise.all([
    database.query<{ n: number }>("select count(*)::int as n from public.notifications"),
    database.query<{ channel: string; provider: string; status: string; count: number }>(
      `select channel, coalesce(provider, 'none') as provider, status, count(*)::int as count
         from public.deliveries group by 1, 2, 3 order by 1, 2, 3`,
    ),
    database.query<Record<string, number> & { channel: string; provider: string; count: number; sum: number }>(
      `with l as (select channel, provider, greatest(0, seconds)::float8 as s from (${deliveryLatencySql()}) f)
       select channel, provider, count(*)::int as count, coalesce(sum(s), 0)::float8 as sum, ${bucketColumns}
         from l group by 1, 2 order by 1, 2`,
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
    notificationsAccepted: accepted?.n ?? 0,
    deliveries,
    latency: latency.map((row) => ({
      channel: row.channel,
      provider: row.provider,
      count: row.count,
      sum: Number(row.sum),
      buckets: latencyBuckets.map((_, i) => row[`b${i}`] ?? 0),
    })),
    queue,
    unstarted: { count: unstarted?.n ?? 0, oldestSeconds: Math.max(0, Number(unstarted?.oldest ?? 0)) },
    scheduled,
    workers: workers.map((w) => ({ id: w.id, kind: w.kind, seenSeconds: Math.max(0, (Date.now() - w.seenAt.getTime()) / 1000) })),
  };
}
