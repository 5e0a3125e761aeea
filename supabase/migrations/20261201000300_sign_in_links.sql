-- Operator sign-in by emailed link (deployments without Supabase Auth). Only a SHA-256 of each
-- link's token is kept, so a copy of the table signs nobody in; a link works once, briefly.
create table public.sign_in_links (
  token_hash text primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index sign_in_links_expires_idx on public.sign_in_links (expires_at);

alter table public.sign_in_links enable row level security;
revoke all on public.sign_in_links from anon, authenticated;
