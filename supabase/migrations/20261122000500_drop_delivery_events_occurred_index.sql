-- No query reads delivery events by time alone: the latency figures find each delivery's first
-- sent/delivered event through delivery_events_outcome_idx, the timelines go by delivery. The
-- index only cost every status write.
drop index if exists public.delivery_events_occurred_idx;
