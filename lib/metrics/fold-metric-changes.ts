import type { Database } from "@/lib/db/client";

/**
 * Folds at most `limit` of the oldest metric changes (appended by triggers as rows are written)
 * into the totals, in one statement, and says how many went: a caller loops while a whole batch
 * went. Rows another fold holds are skipped, not waited for, and totals are added to in one order,
 * so folds running at once neither block on the same changes nor deadlock.
 */
export async function foldMetricChanges(database: Database, limit: number): Promise<number> {
  const [row] = await database.query<{ n: number }>(
    `with moved as (
       delete from public.metric_count_changes
        where id in (select id from public.metric_count_changes order by id limit $1 for update skip locked)
       returning metric, labels, count, sum),
     folded as (
       insert into public.metric_counts as m (metric, labels, count, sum)
       select metric, labels, sum(count), sum(sum) from moved group by metric, labels order by metric, labels
       on conflict (metric, labels) do update set count = m.count + excluded.count, sum = m.sum + excluded.sum)
     select count(*)::int as n from moved`,
    [limit],
  );
  return row?.n ?? 0;
}
