-- Priority lanes (Inngest's `priority.run`): a run's factor in seconds, -600..600, copied to each
-- of its jobs. Jobs are claimed in `sort_at` order — due time minus the factor, "as if enqueued
-- that much earlier" — and a negative factor also delays the job, as Inngest does.
alter table executor.runs add column priority integer not null default 0;
alter table executor.jobs add column priority integer not null default 0;
alter table executor.jobs add column sort_at timestamptz;

create or replace function executor.job_sort_at() returns trigger language plpgsql as $$
begin
  new.sort_at := new.run_at - make_interval(secs => new.priority);
  return new;
end
$$;
create trigger jobs_sort_at before insert or update of run_at, priority on executor.jobs
  for each row execute function executor.job_sort_at();

update executor.jobs set run_at = run_at;
alter table executor.jobs alter column sort_at set not null;
create index jobs_sort_idx on executor.jobs (sort_at, id);
