-- A provider's status callback can arrive before Herald has stored the message id it refers to
-- (a fast "sent" event, or a Twilio message adopted after a timeout). Such callbacks wait here
-- and are applied when the id is recorded; ones that never match are dropped after 7 days.
create table public.early_status_callbacks (
  provider text not null,
  provider_event_id text not null,
  provider_message_id text not null,
  callback jsonb not null,
  received_at timestamptz not null default now(),
  primary key (provider, provider_event_id)
);
create index early_status_callbacks_message_idx on public.early_status_callbacks (provider, provider_message_id);
create index early_status_callbacks_received_idx on public.early_status_callbacks (received_at);

alter table public.early_status_callbacks enable row level security;
revoke all on public.early_status_callbacks from anon, authenticated;
