-- Retention (lib/retention/prune-old-rows.ts): finished executor runs are pruned in order of
-- their end, so that order needs an index of its own; only finished runs are in it.
create index if not exists runs_finished_ended_idx on executor.runs (ended_at)
  where status in ('completed', 'failed', 'cancelled');
