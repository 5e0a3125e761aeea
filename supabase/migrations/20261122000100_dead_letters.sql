-- Dead letters: failed deliveries an admin can replay or discard, and the indexes the admin
-- dashboard's log, charts and notification timeline read through.

-- A replay re-sends one delivery through the durable path; the count makes each replay a
-- distinct logical attempt (its event id and provider idempotency key derive from it).
alter table public.deliveries add column replay_count integer not null default 0;
-- Discarded dead letters leave the list but keep their history.
alter table public.deliveries add column discarded_at timestamptz;
alter table public.deliveries add column discarded_by uuid references auth.users (id) on delete set null;

-- The delivery log pages newest first by (created_at, id).
create index deliveries_created_idx on public.deliveries (created_at desc, id desc);
create index deliveries_notification_idx on public.deliveries (notification_id);
-- Dead letters: failed, bounced or undelivered, not discarded.
create index deliveries_dead_letter_idx on public.deliveries (created_at desc, id desc)
  where status in ('failed', 'bounced', 'undelivered') and discarded_at is null;
-- Charts and the accepted count group notifications by time.
create index notifications_created_idx on public.notifications (created_at);
-- Latency: the first sent/delivered event of each delivery.
create index delivery_events_outcome_idx on public.delivery_events (delivery_id, occurred_at)
  where status in ('sent', 'delivered');
create index delivery_events_occurred_idx on public.delivery_events (occurred_at);

-- A notification's durable runs: the delivery run and any replays carry its id in the event.
create index runs_notification_idx on executor.runs ((event -> 'data' ->> 'notificationId'));
