-- The inbox topic policy checked only the topic being joined (realtime.topic()), so a session
-- that set `realtime.topic` to its own topic could read every topic's rows. Realtime authorizes a
-- join by reading back a probe message on the joined topic, so also requiring the row's own topic
-- to be that topic keeps joins working and leaves other users' messages unreadable.
drop policy if exists "realtime: own inbox topic" on realtime.messages;
create policy "realtime: own inbox topic" on realtime.messages
  for select to authenticated
  using (
    realtime.topic() = 'user:' || (select auth.uid()) || ':notifications'
    and topic = realtime.topic()
  );
