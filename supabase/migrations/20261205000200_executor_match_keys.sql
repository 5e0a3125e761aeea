-- Waits (step.waitForEvent) and cancelOn with `match` are found by an index on the match key
-- instead of evaluating every pending one: the expression's `event.<path> == async.<path>` is
-- kept as the incoming event's path and the value the run's own event has there. `if` is
-- still evaluated (CEL), on the candidates the index finds.
alter table executor.waits add column match_path text[], add column match_value text;
alter table executor.cancellations add column match_path text[], add column match_value text;
create index waits_match_idx on executor.waits (event_name, match_path, match_value) where match_path is not null;
create index cancellations_match_idx on executor.cancellations (event_name, match_path, match_value) where match_path is not null;

-- The match paths in use per event name: what an incoming event is looked up by.
create table executor.match_paths (
  event_name text not null,
  match_path text[] not null,
  primary key (event_name, match_path)
);
