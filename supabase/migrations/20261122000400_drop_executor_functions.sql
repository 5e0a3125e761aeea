-- The executor reads function configurations from the serve endpoint on every start; the copy it
-- kept here was never read.
drop table if exists executor.functions;
