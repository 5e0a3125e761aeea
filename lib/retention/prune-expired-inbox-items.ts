import type { Database } from "@/lib/db/client";

/**
 * Deletes at most `batchSize` inbox items that have outlived their type's inbox retention
 * (`notification_types.inbox_ttl_days`) as of `now`, and says how many went: a caller loops
 * while a whole batch went. Types without a retention are never looked at, and neither are
 * items whose type no longer exists.
 *
 * Each type's items are walked oldest first through `inbox_items_type_created_idx`, stopping at
 * its cut-off and at the batch size, so a statement never scans an inbox and holds few row
 * locks; every deleted item is announced on its owner's live feed by the table's trigger.
 */
export async function pruneExpiredInboxItems(database: Database, now: Date, batchSize: number): Promise<number> {
  const [row] = await database.query<{ n: number }>(
    `with expired as (
        select i.id from public.notification_types t
         cross join lateral (
           select id from public.inbox_items
            where type_key = t.key and created_at < $1::timestamptz - make_interval(days => t.inbox_ttl_days)
            order by created_at limit $2) i
         where t.inbox_ttl_days is not null
         limit $2),
      gone as (
        delete from public.inbox_items where id in (select id from expired) returning 1)
      select count(*)::int as n from gone`,
    [now.toISOString(), batchSize],
  );
  return row?.n ?? 0;
}
