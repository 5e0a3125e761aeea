-- One row per running executor (a web process's or a `npm run worker` process's), renewed while it
-- runs: health and metrics list the live ones. A row not seen for a while is a dead process.
create table executor.workers (
  id text primary key,
  kind text not null check (kind in ('web', 'worker')),
  started_at timestamptz not null default now(),
  seen_at timestamptz not null default now()
);
