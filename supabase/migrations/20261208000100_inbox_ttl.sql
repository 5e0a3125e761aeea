-- Inbox retention per notification type: a type with inbox_ttl_days loses its inbox items that
-- are older than that (lib/retention/prune-expired-inbox-items.ts, in the hourly retention run).
-- Null keeps them for as long as the recipient exists, as before.
alter table public.notification_types
  add column if not exists inbox_ttl_days integer
    constraint notification_types_inbox_ttl_days_range check (inbox_ttl_days is null or inbox_ttl_days between 1 and 3650);

-- The pruning walks one type's items oldest first and stops at its cut-off, so it needs them in
-- that order; no other index of inbox_items leads with the type.
create index if not exists inbox_items_type_created_idx on public.inbox_items (type_key, created_at);
