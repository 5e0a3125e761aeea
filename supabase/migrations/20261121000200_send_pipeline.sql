-- Intake idempotency, and the type that notifications sent with inline content fall back to.

-- A replayed request with the same Idempotency-Key (per API key) gets the first answer for 24 h.
create table public.idempotency_keys (
  key text primary key,
  request_hash text not null,
  response jsonb not null,
  created_at timestamptz not null default now()
);
create index idempotency_keys_created_idx on public.idempotency_keys (created_at);
alter table public.idempotency_keys enable row level security;
revoke all on public.idempotency_keys from anon, authenticated;

insert into public.notification_types (key, name, description, default_channels)
values ('default', 'General', 'Notifications sent with inline content and no type.', '{in_app}')
on conflict (key) do nothing;

-- The sweeper looks for rows whose event was never sent or whose run never started.
create index notifications_sweep_idx on public.notifications (created_at) where started_at is null and status in ('accepted', 'scheduled');

-- A notification every channel of which was skipped (opted out, no address) ends as 'skipped'.
alter table public.notifications drop constraint notifications_status_check;
alter table public.notifications add constraint notifications_status_check
  check (status in ('accepted', 'scheduled', 'processing', 'delivered', 'partial', 'failed', 'skipped', 'cancelled'));

-- One outbox message per delivery: a retried step finds the message it already wrote.
create unique index outbox_messages_delivery_idx on public.outbox_messages (delivery_id) where delivery_id is not null;
