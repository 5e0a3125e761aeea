-- Broadcasts: one notification to every recipient matching a filter, fanned out in batches by
-- a durable function. The row carries the progress the admin page shows.
create table public.broadcasts (
  id uuid primary key default gen_random_uuid(),
  -- The notification request without `to` (type, template, data, channels, priority, content).
  request jsonb not null,
  -- Which recipients: { search, locale, hasEmail, hasPhone }.
  filter jsonb not null default '{}',
  status text not null default 'queued' check (status in ('queued', 'running', 'completed', 'failed')),
  total integer not null default 0 check (total >= 0),
  accepted integer not null default 0 check (accepted >= 0),
  batch_size integer not null default 250 check (batch_size between 1 and 1000),
  -- The last recipient (external id) a batch has covered: the next batch starts after it.
  cursor text,
  error text,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz
);
create index broadcasts_created_idx on public.broadcasts (created_at desc, id desc);

-- Exactly one notification per broadcast and recipient, however often a batch runs.
create table public.broadcast_recipients (
  broadcast_id uuid not null references public.broadcasts (id) on delete cascade,
  recipient_id uuid not null references public.recipients (id) on delete cascade,
  notification_id uuid references public.notifications (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (broadcast_id, recipient_id)
);

-- Admin-only tables: no policies, so closed to anon and authenticated; the server reads them.
alter table public.broadcasts enable row level security;
alter table public.broadcast_recipients enable row level security;
revoke all on public.broadcasts from anon, authenticated;
revoke all on public.broadcast_recipients from anon, authenticated;
