-- Real channels: webhook endpoints, provider circuit breakers, and a richer delivery timeline.

-- Where webhook notifications go: per recipient (their own endpoint) or per type (every
-- notification of that type, whoever it is for). Secrets are stored encrypted (AES-256-GCM),
-- never hashed: signing needs the secret itself. During a rotation the previous secret keeps
-- signing alongside the new one until it expires.
create table public.webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  recipient_id uuid references public.recipients (id) on delete cascade,
  type_key text references public.notification_types (key) on delete cascade on update cascade,
  url text not null check (url ~ '^https?://' and length(url) <= 2048),
  description text check (description is null or length(description) <= 200),
  secret_ciphertext text not null,
  previous_secret_ciphertext text,
  previous_secret_expires_at timestamptz,
  enabled boolean not null default true,
  disabled_at timestamptz,
  disabled_reason text,
  consecutive_failures integer not null default 0,
  last_success_at timestamptz,
  last_failure_at timestamptz,
  last_failure_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((recipient_id is null) <> (type_key is null))
);
create index webhook_endpoints_recipient_idx on public.webhook_endpoints (recipient_id) where recipient_id is not null;
create index webhook_endpoints_type_idx on public.webhook_endpoints (type_key) where type_key is not null;
create trigger webhook_endpoints_touch before update on public.webhook_endpoints
  for each row execute function public.touch_updated_at();

-- One circuit breaker per provider, shared by every app process.
create table public.provider_circuits (
  provider text primary key,
  state text not null default 'closed' check (state in ('closed', 'open', 'half_open')),
  consecutive_failures integer not null default 0,
  opened_at timestamptz,
  probe_started_at timestamptz,
  last_error text,
  updated_at timestamptz not null default now()
);
create trigger provider_circuits_touch before update on public.provider_circuits
  for each row execute function public.touch_updated_at();

-- The timeline names the provider and attempt of each event; a provider's own event id
-- (Svix id, Twilio idempotency token) makes a replayed status callback a no-op.
alter table public.delivery_events
  add column provider text,
  add column attempt integer,
  add column provider_event_id text;
create unique index delivery_events_provider_event_idx on public.delivery_events (delivery_id, provider_event_id)
  where provider_event_id is not null;

-- Per-message facts a provider reports or we compute (SMS segments and encoding, push tokens).
alter table public.deliveries add column meta jsonb not null default '{}';

alter table public.webhook_endpoints enable row level security;
alter table public.provider_circuits enable row level security;
revoke all on public.webhook_endpoints, public.provider_circuits from anon, authenticated;
