-- Attempts belong to the job (one step, or the function body), not the run: parallel steps
-- retry independently, and an executor error on a job is retried a bounded number of times.
alter table executor.jobs add column attempt integer not null default 0;
