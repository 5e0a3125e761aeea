-- Herald's first schema: recipients and their addresses, notification types and templates,
-- preferences, notifications with their in-app items and deliveries, API keys and the dev outbox.
-- Row-level security is on for every table; only the user-facing ones get policies, keyed on
-- auth.uid() through recipients.user_id. Server code connects as the owner and bypasses RLS.

create or replace function public.touch_updated_at() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.updated_at := now();
  return new;
end
$$;

-- Key/value settings the app generates for itself (e.g. the local session secret).
create table public.settings (
  key text primary key,
  value text not null,
  created_at timestamptz not null default now()
);

create table public.recipients (
  id uuid primary key default gen_random_uuid(),
  external_id text not null unique check (length(external_id) between 1 and 256),
  user_id uuid unique references auth.users (id) on delete set null,
  name text,
  email text check (email is null or email ~ '^[^@\s]+@[^@\s]+$'),
  phone text check (phone is null or phone ~ '^\+[1-9][0-9]{6,14}$'),
  locale text not null default 'en' check (locale ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
  timezone text not null default 'UTC',
  data jsonb not null default '{}' check (jsonb_typeof(data) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create trigger recipients_touch before update on public.recipients
  for each row execute function public.touch_updated_at();

create table public.push_tokens (
  id uuid primary key default gen_random_uuid(),
  recipient_id uuid not null references public.recipients (id) on delete cascade,
  token text not null unique,
  platform text not null check (platform in ('web', 'android', 'ios')),
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);
create index push_tokens_recipient_idx on public.push_tokens (recipient_id);

create table public.notification_types (
  id uuid primary key default gen_random_uuid(),
  key text not null unique check (key ~ '^[a-z0-9][a-z0-9._-]{0,99}$'),
  name text not null,
  description text,
  default_channels text[] not null default '{in_app}'
    check (default_channels <@ array['in_app', 'email', 'sms', 'push', 'webhook']),
  -- Critical types ignore opt-outs and quiet hours.
  critical boolean not null default false,
  -- { "after": "15m", "channels": ["email"] }: deliver in-app first, escalate if still unread.
  escalation jsonb check (escalation is null or jsonb_typeof(escalation) = 'object'),
  -- Per-type template settings, e.g. the default locale of its templates.
  template_settings jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create trigger notification_types_touch before update on public.notification_types
  for each row execute function public.touch_updated_at();

-- Templates are append-only: an edit is a new version; the current one is the highest.
create table public.templates (
  id uuid primary key default gen_random_uuid(),
  notification_type_id uuid not null references public.notification_types (id) on delete cascade,
  channel text not null check (channel in ('in_app', 'email', 'sms', 'push', 'webhook')),
  locale text not null default 'en',
  version integer not null check (version > 0),
  -- Channel-specific parts: in_app {title, body, actionUrl}, email {subject, html, text}, ...
  content jsonb not null check (jsonb_typeof(content) = 'object'),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (notification_type_id, channel, locale, version)
);

-- A row with notification_type_id null is the recipient's global switch for that channel.
create table public.preferences (
  id uuid primary key default gen_random_uuid(),
  recipient_id uuid not null references public.recipients (id) on delete cascade,
  notification_type_id uuid references public.notification_types (id) on delete cascade,
  channel text not null check (channel in ('in_app', 'email', 'sms', 'push', 'webhook')),
  enabled boolean not null,
  updated_at timestamptz not null default now(),
  unique nulls not distinct (recipient_id, notification_type_id, channel)
);
create trigger preferences_touch before update on public.preferences
  for each row execute function public.touch_updated_at();

create table public.quiet_hours (
  recipient_id uuid primary key references public.recipients (id) on delete cascade,
  enabled boolean not null default true,
  start_time time not null,
  end_time time not null,
  timezone text not null,
  updated_at timestamptz not null default now()
);
create trigger quiet_hours_touch before update on public.quiet_hours
  for each row execute function public.touch_updated_at();

-- One row per (request, recipient): each is delivered by its own durable run.
create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  notification_type_id uuid not null references public.notification_types (id),
  recipient_id uuid not null references public.recipients (id) on delete cascade,
  priority text not null default 'normal' check (priority in ('critical', 'high', 'normal', 'low')),
  data jsonb not null default '{}',
  content jsonb,
  channels text[],
  status text not null default 'accepted'
    check (status in ('accepted', 'scheduled', 'processing', 'delivered', 'partial', 'failed', 'cancelled')),
  send_at timestamptz,
  event_sent_at timestamptz,
  started_at timestamptz,
  completed_at timestamptz,
  created_at timestamptz not null default now()
);
create index notifications_recipient_idx on public.notifications (recipient_id, created_at desc);
-- The sweeper looks for accepted rows whose event never started a run.
create index notifications_unstarted_idx on public.notifications (created_at) where started_at is null;

create table public.inbox_items (
  id uuid primary key default gen_random_uuid(),
  notification_id uuid references public.notifications (id) on delete cascade,
  recipient_id uuid not null references public.recipients (id) on delete cascade,
  type_key text not null,
  title text not null,
  body text,
  action_url text,
  -- [{ "label": "View", "url": "/posts/1", "style": "primary" }]
  actions jsonb not null default '[]' check (jsonb_typeof(actions) = 'array'),
  data jsonb not null default '{}',
  seen_at timestamptz,
  read_at timestamptz,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  unique (notification_id)
);
-- Newest-first cursor pages per recipient: (created_at, id) is the cursor.
create index inbox_items_page_idx on public.inbox_items (recipient_id, created_at desc, id desc);
create index inbox_items_unread_idx on public.inbox_items (recipient_id)
  where read_at is null and archived_at is null;
create index inbox_items_unseen_idx on public.inbox_items (recipient_id)
  where seen_at is null and archived_at is null;

create table public.deliveries (
  id uuid primary key default gen_random_uuid(),
  notification_id uuid not null references public.notifications (id) on delete cascade,
  recipient_id uuid not null references public.recipients (id) on delete cascade,
  channel text not null check (channel in ('in_app', 'email', 'sms', 'push', 'webhook')),
  provider text,
  status text not null default 'queued'
    check (status in ('queued', 'sent', 'delivered', 'opened', 'clicked', 'failed', 'bounced',
                      'complained', 'undelivered', 'skipped', 'cancelled')),
  -- Derived from (notification, recipient, channel): every send of one logical attempt carries it.
  idempotency_key text not null unique,
  provider_message_id text,
  attempts integer not null default 0,
  last_error_code text,
  last_error_message text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (notification_id, channel)
);
create index deliveries_status_idx on public.deliveries (status, created_at desc);
create index deliveries_provider_message_idx on public.deliveries (provider, provider_message_id);
create trigger deliveries_touch before update on public.deliveries
  for each row execute function public.touch_updated_at();

create table public.delivery_events (
  id bigint generated always as identity primary key,
  delivery_id uuid not null references public.deliveries (id) on delete cascade,
  status text not null,
  reason text,
  provider_code text,
  provider_message text,
  payload jsonb,
  occurred_at timestamptz not null default now()
);
create index delivery_events_delivery_idx on public.delivery_events (delivery_id, id);

create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 100),
  -- The first characters of the key, shown in lists so an operator can tell keys apart.
  prefix text not null,
  -- SHA-256 of the full key; the key itself is shown once and never stored.
  key_hash text not null unique,
  scopes text[] not null,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- Messages "sent" in the embedded default, where no provider is configured.
create table public.outbox_messages (
  id uuid primary key default gen_random_uuid(),
  delivery_id uuid references public.deliveries (id) on delete set null,
  channel text not null check (channel in ('email', 'sms', 'push', 'webhook')),
  recipient text not null,
  subject text,
  body text,
  html text,
  payload jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index outbox_messages_created_idx on public.outbox_messages (created_at desc, id desc);

-- Row-level security: on for every table. Without a policy a table is closed to anon and
-- authenticated; server code bypasses RLS as the table owner (service_role on Supabase).
alter table public.settings enable row level security;
alter table public.recipients enable row level security;
alter table public.push_tokens enable row level security;
alter table public.notification_types enable row level security;
alter table public.templates enable row level security;
alter table public.preferences enable row level security;
alter table public.quiet_hours enable row level security;
alter table public.notifications enable row level security;
alter table public.inbox_items enable row level security;
alter table public.deliveries enable row level security;
alter table public.delivery_events enable row level security;
alter table public.api_keys enable row level security;
alter table public.outbox_messages enable row level security;

-- Internal tables are not reachable through Supabase's Data API at all.
revoke all on public.settings, public.api_keys, public.outbox_messages, public.deliveries,
  public.delivery_events, public.templates from anon, authenticated;

create policy "recipients: read own" on public.recipients
  for select to authenticated using (user_id = (select auth.uid()));

create policy "notification types: readable by signed-in users" on public.notification_types
  for select to authenticated using (true);

create policy "inbox: read own" on public.inbox_items
  for select to authenticated
  using (recipient_id in (select r.id from public.recipients r where r.user_id = (select auth.uid())));
create policy "inbox: update own" on public.inbox_items
  for update to authenticated
  using (recipient_id in (select r.id from public.recipients r where r.user_id = (select auth.uid())))
  with check (recipient_id in (select r.id from public.recipients r where r.user_id = (select auth.uid())));
-- A user may only mark items seen, read or archived; content is the sender's.
revoke insert, update, delete on public.inbox_items from anon, authenticated;
grant select on public.inbox_items to authenticated;
grant update (seen_at, read_at, archived_at) on public.inbox_items to authenticated;

create policy "notifications: read own" on public.notifications
  for select to authenticated
  using (recipient_id in (select r.id from public.recipients r where r.user_id = (select auth.uid())));

create policy "preferences: own" on public.preferences
  for all to authenticated
  using (recipient_id in (select r.id from public.recipients r where r.user_id = (select auth.uid())))
  with check (recipient_id in (select r.id from public.recipients r where r.user_id = (select auth.uid())));

create policy "quiet hours: own" on public.quiet_hours
  for all to authenticated
  using (recipient_id in (select r.id from public.recipients r where r.user_id = (select auth.uid())))
  with check (recipient_id in (select r.id from public.recipients r where r.user_id = (select auth.uid())));

create policy "push tokens: own" on public.push_tokens
  for all to authenticated
  using (recipient_id in (select r.id from public.recipients r where r.user_id = (select auth.uid())))
  with check (recipient_id in (select r.id from public.recipients r where r.user_id = (select auth.uid())));
