-- Who changed what in the admin, and how it looked before and after. Rows are only ever added;
-- they reference nothing, so an entry outlives the member, key or object it names.
create table public.audit_log (
  id uuid primary key default gen_random_uuid(),
  -- A member (user id + email), an API key (id + name), or the operator CLI (no id).
  actor_type text not null check (actor_type in ('user', 'api_key', 'cli')),
  actor_id uuid,
  actor_name text not null,
  -- domain.verb: type.update, template.save, api_key.create, member.role_change, …
  action text not null check (action ~ '^[a-z_]+\.[a-z_]+$'),
  target_type text not null,
  target_id text,
  -- Secrets (keys, webhook secrets) are never written here: the writer redacts them.
  before jsonb,
  after jsonb,
  request_id text,
  ip text,
  created_at timestamptz not null default now()
);
-- The audit page pages newest first by (created_at, id), narrowed by actor, action or target.
create index audit_log_created_idx on public.audit_log (created_at desc, id desc);
create index audit_log_action_idx on public.audit_log (action, created_at desc);
create index audit_log_target_idx on public.audit_log (target_type, target_id, created_at desc);
create index audit_log_actor_idx on public.audit_log (actor_id, created_at desc);

-- Admin-only: no policies, so closed to anon and authenticated; the server reads it.
alter table public.audit_log enable row level security;
revoke all on public.audit_log from anon, authenticated;
