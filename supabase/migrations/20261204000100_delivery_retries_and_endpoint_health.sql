-- Outages lose nothing: a delivery waiting to retry says when, endpoints are judged by how long
-- they have failed (not how often), and Herald itself can be the actor of an audit entry.

-- When a delivery waiting on its retry schedule (or on a provider's circuit) is tried again.
alter table public.deliveries add column next_attempt_at timestamptz;

-- An endpoint fails from its first failure after a success until its next success; it is
-- disabled only once that has lasted WEBHOOK_DISABLE_AFTER (or at once on 410 Gone). A paused
-- endpoint receives nothing until it is resumed.
alter table public.webhook_endpoints
  add column failing_since timestamptz,
  add column paused_at timestamptz;
-- Endpoints failing now started no later than their last failure: nothing disables early.
update public.webhook_endpoints set failing_since = last_failure_at where consecutive_failures > 0 and enabled;

-- The dead letters an endpoint still owes: webhook deliveries list the endpoints they did not
-- reach in meta.webhook.pending, so "re-enable and replay" finds them by endpoint id.
create index deliveries_webhook_pending_idx on public.deliveries using gin ((meta -> 'webhook' -> 'pending'))
  where channel = 'webhook' and discarded_at is null;

-- Herald's own changes (an endpoint it disabled) are audited as the system.
alter table public.audit_log drop constraint audit_log_actor_type_check;
alter table public.audit_log add constraint audit_log_actor_type_check check (actor_type in ('user', 'api_key', 'cli', 'system'));
