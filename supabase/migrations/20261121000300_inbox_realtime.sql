-- Live inbox: every change to an inbox item is published on its owner's private topic with
-- realtime.send — Realtime Broadcast on Supabase, NOTIFY + Server-Sent Events elsewhere.
-- Items of recipients without a user account go to a recipient topic instead.

create or replace function public.inbox_items_broadcast() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  item public.inbox_items;
  owner uuid;
  topic text;
begin
  item := case when tg_op = 'DELETE' then old else new end;
  select r.user_id into owner from public.recipients r where r.id = item.recipient_id;
  topic := case when owner is null then 'recipient:' || item.recipient_id || ':notifications'
                else 'user:' || owner || ':notifications' end;
  perform realtime.send(
    jsonb_build_object('op', tg_op, 'item', to_jsonb(item)),
    tg_op,
    topic,
    true
  );
  return null;
end
$$;

create trigger inbox_items_broadcast
  after insert or update or delete on public.inbox_items
  for each row execute function public.inbox_items_broadcast();

-- On Supabase, a signed-in user may join only their own private topic.
create policy "realtime: own inbox topic" on realtime.messages
  for select to authenticated
  using (realtime.topic() = 'user:' || (select auth.uid()) || ':notifications');
