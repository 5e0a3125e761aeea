-- Executor-side failures on a job (the database went away, a malformed option) are counted apart
-- from the function's attempts: they are retried without limit on their own backoff and never use
-- up the retries the function was given.
alter table executor.jobs add column executor_errors integer not null default 0;
