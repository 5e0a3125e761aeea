-- Queries whose cost grew with history get indexes or a bounded form of their own.
-- Tables are locked first: the metric figures below start from a count of what exists, and
-- no write may land between that count and the triggers that carry it on.
lock table public.notifications, public.deliveries, public.delivery_events in share mode;

-- The delivery log's recipient filter is a case-insensitive substring match (ILIKE '%…%') on a
-- recipient's external id, email or name: no btree serves it, a trigram GIN index does. pg_trgm
-- goes where Supabase keeps extensions (schema `extensions`), or stays where it already is. A
-- server without it (PostgreSQL without its contrib package) keeps an unindexed filter.
create schema if not exists extensions;
do $$
declare
  trgm_schema text;
begin
  if not exists (select 1 from pg_extension where extname = 'pg_trgm') then
    if not exists (select 1 from pg_available_extensions where name = 'pg_trgm') then
      raise warning 'pg_trgm is not available on this server: the recipient filter stays unindexed';
      return;
    end if;
    create extension pg_trgm with schema extensions;
  end if;
  select n.nspname into trgm_schema
    from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm';
  execute format(
    'create index if not exists recipients_search_trgm_idx on public.recipients using gin '
    '(external_id %1$I.gin_trgm_ops, email %1$I.gin_trgm_ops, name %1$I.gin_trgm_ops)', trgm_schema);
end
$$;
-- The matching recipients' deliveries, newest first, without walking everyone's.
create index if not exists deliveries_recipient_idx on public.deliveries (recipient_id, created_at desc, id desc);

-- Inbox counts: unread and unseen have partial indexes of their own; the total (not archived)
-- gets one too, so all three are index-only counts of one recipient's rows.
create index if not exists inbox_items_unarchived_idx on public.inbox_items (recipient_id) where archived_at is null;

-- Metric figures (/api/metrics) kept as they change rather than counted over every row at each
-- scrape. Writers only append changes (no row that concurrent writers would queue on); a scrape,
-- and a scheduled run when nobody scrapes, folds them into the totals (lib/metrics).
--   notifications_accepted  {}                            rows ever inserted into notifications
--   deliveries              {channel, provider, status}   deliveries now in that state
--   delivery_latency        {channel, provider, le}       deliveries whose first sent/delivered
--                           event took at most `le` seconds (the smallest bound that holds it)
create table if not exists public.metric_counts (
  metric text not null,
  labels jsonb not null default '{}',
  count bigint not null default 0,
  sum double precision not null default 0,
  primary key (metric, labels)
);
create table if not exists public.metric_count_changes (
  id bigint generated always as identity primary key,
  metric text not null,
  labels jsonb not null default '{}',
  count bigint not null,
  sum double precision not null default 0
);
alter table public.metric_counts enable row level security;
alter table public.metric_count_changes enable row level security;
revoke all on public.metric_counts, public.metric_count_changes from anon, authenticated;

-- The bounds of the latency histogram (lib/metrics/read-delivery-figures.ts: latencyBuckets).
create or replace function public.delivery_latency_le(seconds double precision) returns text
language sql immutable set search_path = '' as $$
  select coalesce(
    (select u.b::text from unnest('{0.05,0.1,0.25,0.5,1,2.5,5,10,30,60,300,900,3600}'::float8[]) as u (b)
      where seconds <= u.b order by u.b limit 1),
    '+Inf')
$$;

create or replace function public.count_accepted_notifications() returns trigger
language plpgsql set search_path = '' as $$
begin
  insert into public.metric_count_changes (metric, count)
  select 'notifications_accepted', count(*) from added having count(*) > 0;
  return null;
end
$$;

-- An update adds its new states and takes back its old ones; one that changes none adds nothing.
create or replace function public.count_deliveries() returns trigger
language plpgsql set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    insert into public.metric_count_changes (metric, labels, count)
    select 'deliveries', jsonb_build_object('channel', channel, 'provider', coalesce(provider, 'none'), 'status', status), count(*)
      from added group by 2;
  elsif tg_op = 'DELETE' then
    insert into public.metric_count_changes (metric, labels, count)
    select 'deliveries', jsonb_build_object('channel', channel, 'provider', coalesce(provider, 'none'), 'status', status), -count(*)
      from removed group by 2;
  else
    insert into public.metric_count_changes (metric, labels, count)
    select 'deliveries', labels, sum(n)
      from (select jsonb_build_object('channel', channel, 'provider', coalesce(provider, 'none'), 'status', status) as labels, 1 as n from added
            union all
            select jsonb_build_object('channel', channel, 'provider', coalesce(provider, 'none'), 'status', status), -1 from removed) c
     group by labels having sum(n) <> 0;
  end if;
  return null;
end
$$;

-- A delivery's latency counts once, when its first sent or delivered event is written: from the
-- request (or its sendAt) to that event. It is the first when every such event of the delivery
-- that this statement can see is one it wrote; a concurrent writer that committed first counted it.
create or replace function public.count_delivery_latency() returns trigger
language plpgsql set search_path = '' as $$
begin
  insert into public.metric_count_changes (metric, labels, count, sum)
  select 'delivery_latency',
         jsonb_build_object('channel', d.channel, 'provider', coalesce(d.provider, 'none'), 'le', public.delivery_latency_le(l.seconds)),
         count(*), sum(l.seconds)
    from (select delivery_id, min(occurred_at) as at, count(*) as written
            from added where status in ('sent', 'delivered') group by delivery_id) f
    join public.deliveries d on d.id = f.delivery_id
    join public.notifications n on n.id = d.notification_id
    cross join lateral (
      select greatest(0, extract(epoch from f.at - greatest(n.created_at, coalesce(n.send_at, n.created_at))))::float8 as seconds
    ) l
   where f.written = (select count(*) from public.delivery_events x
                       where x.delivery_id = f.delivery_id and x.status in ('sent', 'delivered'))
   group by 2;
  return null;
end
$$;

-- Where the figures start: what the scrape counted until now.
insert into public.metric_counts (metric, labels, count)
select 'notifications_accepted', '{}', count(*) from public.notifications
on conflict do nothing;
insert into public.metric_counts (metric, labels, count)
select 'deliveries', jsonb_build_object('channel', channel, 'provider', coalesce(provider, 'none'), 'status', status), count(*)
  from public.deliveries group by 2
on conflict do nothing;
insert into public.metric_counts (metric, labels, count, sum)
select 'delivery_latency', jsonb_build_object('channel', channel, 'provider', provider, 'le', public.delivery_latency_le(seconds)),
       count(*), sum(seconds)
  from (select d.channel, coalesce(d.provider, 'none') as provider,
               greatest(0, extract(epoch from e.at - greatest(n.created_at, coalesce(n.send_at, n.created_at))))::float8 as seconds
          from public.deliveries d
          join public.notifications n on n.id = d.notification_id
          join lateral (select min(x.occurred_at) as at from public.delivery_events x
                         where x.delivery_id = d.id and x.status in ('sent', 'delivered')) e on e.at is not null) l
 group by 2
on conflict do nothing;

drop trigger if exists notifications_count_accepted on public.notifications;
create trigger notifications_count_accepted after insert on public.notifications
  referencing new table as added for each statement execute function public.count_accepted_notifications();
drop trigger if exists deliveries_count_inserted on public.deliveries;
create trigger deliveries_count_inserted after insert on public.deliveries
  referencing new table as added for each statement execute function public.count_deliveries();
drop trigger if exists deliveries_count_updated on public.deliveries;
create trigger deliveries_count_updated after update on public.deliveries
  referencing old table as removed new table as added for each statement execute function public.count_deliveries();
drop trigger if exists deliveries_count_deleted on public.deliveries;
create trigger deliveries_count_deleted after delete on public.deliveries
  referencing old table as removed for each statement execute function public.count_deliveries();
drop trigger if exists delivery_events_count_latency on public.delivery_events;
create trigger delivery_events_count_latency after insert on public.delivery_events
  referencing new table as added for each statement execute function public.count_delivery_latency();
