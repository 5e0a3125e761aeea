-- State of the embedded durable executor, which runs Herald's Inngest functions when no Inngest
-- server is configured. Its own schema keeps it out of Supabase's Data API (which serves
-- `public`). Every row here is what lets any process on this database pick up a run where a
-- dead one left it.

create schema if not exists executor;
revoke all on schema executor from anon, authenticated;

-- The function configurations last synced from the serve endpoint.
create table executor.functions (
  id text primary key,
  config jsonb not null,
  updated_at timestamptz not null default now()
);

-- Events received; the id deduplicates for 24 hours (as Inngest does).
create table executor.events (
  id text primary key,
  name text not null,
  payload jsonb not null,
  received_at timestamptz not null default now()
);
create index events_received_idx on executor.events (received_at);

create table executor.runs (
  id uuid primary key default gen_random_uuid(),
  function_id text not null,
  status text not null default 'queued'
    check (status in ('queued', 'running', 'sleeping', 'waiting', 'completed', 'failed', 'cancelled')),
  event jsonb not null,
  events jsonb not null,
  -- Completed step hashes in completion order: the SDK's `ctx.stack.stack`.
  stack text[] not null default '{}',
  -- Attempt of whatever is being executed now (a step, or the function body); 0-based.
  attempt integer not null default 0,
  idempotency_key text,
  concurrency_key text,
  output jsonb,
  error jsonb,
  -- For runs started by step.invoke: where to put the result.
  parent jsonb,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  ended_at timestamptz,
  updated_at timestamptz not null default now()
);
create index runs_function_created_idx on executor.runs (function_id, created_at desc);
create index runs_created_idx on executor.runs (created_at desc, id desc);
create index runs_status_idx on executor.runs (status) where status not in ('completed', 'failed', 'cancelled');
create unique index runs_idempotency_idx on executor.runs (function_id, idempotency_key) where idempotency_key is not null;

-- Memoized step results, keyed by the SDK's hashed step id.
create table executor.steps (
  run_id uuid not null references executor.runs (id) on delete cascade,
  hash text not null,
  step_id text,
  name text,
  op text not null,
  -- Exactly what the SDK receives back: { "data": ... } or { "error": ... }.
  result jsonb,
  attempts integer not null default 1,
  output_bytes integer,
  error jsonb,
  started_at timestamptz,
  ended_at timestamptz,
  primary key (run_id, hash)
);

-- Work to do: call the function (optionally to run one planned step), wake a sleep, time out a
-- wait. Claimed with FOR UPDATE SKIP LOCKED and a lease that a dead process lets expire.
create table executor.jobs (
  id bigint generated always as identity primary key,
  run_id uuid not null references executor.runs (id) on delete cascade,
  kind text not null check (kind in ('call', 'wake', 'wait-timeout')),
  step_hash text,
  function_id text not null,
  concurrency_key text,
  run_at timestamptz not null default now(),
  lease_owner text,
  lease_until timestamptz,
  -- Set once the job passed its function's concurrency gate; only admitted jobs count against it.
  admitted boolean not null default false,
  created_at timestamptz not null default now()
);
create index jobs_due_idx on executor.jobs (run_at, id);
create index jobs_run_idx on executor.jobs (run_id);
create index jobs_concurrency_idx on executor.jobs (function_id, concurrency_key) where admitted;

-- A run parked on step.waitForEvent (until a matching event or the timeout) or on step.invoke
-- (until the child run, whose id is then in event_name, ends).
create table executor.waits (
  run_id uuid not null references executor.runs (id) on delete cascade,
  hash text not null,
  kind text not null default 'event' check (kind in ('event', 'invoke')),
  event_name text not null,
  condition text,
  expires_at timestamptz not null,
  primary key (run_id, hash)
);
create index waits_event_idx on executor.waits (event_name);

-- cancelOn: events that cancel a run while it is unfinished.
create table executor.cancellations (
  run_id uuid not null references executor.runs (id) on delete cascade,
  event_name text not null,
  condition text,
  expires_at timestamptz,
  primary key (run_id, event_name)
);
create index cancellations_event_idx on executor.cancellations (event_name);

-- Cron triggers: the next due time per (function, schedule); whoever advances it fires it.
create table executor.crons (
  function_id text not null,
  schedule text not null,
  next_at timestamptz not null,
  primary key (function_id, schedule)
);

-- Wakes idle workers in every process as soon as work is queued.
create or replace function executor.notify_job() returns trigger language plpgsql as $$
begin
  perform pg_notify('executor_jobs', '');
  return null;
end
$$;
create trigger jobs_notify after insert on executor.jobs
  for each statement execute function executor.notify_job();
