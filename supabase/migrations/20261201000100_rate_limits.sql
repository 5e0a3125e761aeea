-- Rate limits shared by every process on this database: one row per (bucket, key) holding the
-- current fixed window and the requests counted in it, moved forward in place by the upsert
-- that counts each request. Keys are SHA-256 digests, so the table holds no addresses, emails or
-- key ids. Rows whose window ended over an hour ago are deleted hourly.
create table public.rate_limits (
  bucket text not null,
  key text not null,
  window_start timestamptz not null,
  count integer not null,
  primary key (bucket, key)
);
create index rate_limits_window_start_idx on public.rate_limits (window_start);

alter table public.rate_limits enable row level security;
revoke all on public.rate_limits from anon, authenticated;
