-- What a Supabase project already provides, created here only where it is absent, so that the
-- files in supabase/migrations run unchanged on PGlite, on a plain PostgreSQL server and on
-- Supabase. Mirrors the parts of supabase/postgres's initial schema that Herald relies on.
-- Safe to run any number of times, from several processes at once.

-- Roles are cluster-wide: another database on the same server may have created them already,
-- possibly a moment ago, so a duplicate is not an error.
do $$
begin
  begin create role anon nologin noinherit; exception when duplicate_object or unique_violation then null; end;
  begin create role authenticated nologin noinherit; exception when duplicate_object or unique_violation then null; end;
  begin create role service_role nologin noinherit bypassrls; exception when duplicate_object or unique_violation then null; end;
end
$$;

grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant execute on functions to anon, authenticated, service_role;

-- auth: the users table that sessions point at, and the helpers RLS policies call.
create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

create table if not exists auth.users (
  id uuid primary key default gen_random_uuid(),
  aud varchar(255) default 'authenticated',
  role varchar(255) default 'authenticated',
  email varchar(255) unique,
  email_confirmed_at timestamptz,
  raw_app_meta_data jsonb default '{}',
  raw_user_meta_data jsonb default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

do $$
begin
  if to_regprocedure('auth.uid()') is null then
    create function auth.uid() returns uuid language sql stable as $fn$
      select coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
      )::uuid
    $fn$;
  end if;
  if to_regprocedure('auth.role()') is null then
    create function auth.role() returns text language sql stable as $fn$
      select coalesce(
        nullif(current_setting('request.jwt.claim.role', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
      )::text
    $fn$;
  end if;
  if to_regprocedure('auth.jwt()') is null then
    create function auth.jwt() returns jsonb language sql stable as $fn$
      select coalesce(
        nullif(current_setting('request.jwt.claim', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')
      )::jsonb
    $fn$;
  end if;
end
$$;

grant execute on function auth.uid(), auth.role(), auth.jwt() to anon, authenticated, service_role;

-- realtime: on Supabase, `realtime.send` feeds Realtime Broadcast. Here it keeps the message in
-- `realtime.messages` (its id is the resume point for Server-Sent Events) and raises a NOTIFY
-- that every app process on this database can LISTEN to.
create schema if not exists realtime;
grant usage on schema realtime to anon, authenticated, service_role;

create table if not exists realtime.messages (
  id bigserial primary key,
  topic text not null,
  extension text not null default 'broadcast',
  payload jsonb,
  event text,
  private boolean not null default true,
  inserted_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists messages_topic_id_idx on realtime.messages (topic, id);
alter table realtime.messages enable row level security;
-- As on Supabase: signed-in users may read it, and the policies decide which rows (Realtime
-- authorizes a channel join by reading a probe message on its topic as the joining user).
grant select on realtime.messages to authenticated;

do $$
begin
  if to_regprocedure('realtime.topic()') is null then
    create function realtime.topic() returns text language sql stable as $fn$
      select nullif(current_setting('realtime.topic', true), '')::text
    $fn$;
  end if;
  if to_regprocedure('realtime.send(jsonb, text, text, boolean)') is null then
    create function realtime.send(payload jsonb, event text, topic text, private boolean default true)
    returns void language plpgsql security definer set search_path = '' as $fn$
    declare
      message_id bigint;
      note jsonb;
    begin
      insert into realtime.messages (payload, event, topic, private, extension)
      values (payload, event, topic, private, 'broadcast')
      returning id into message_id;
      note := jsonb_build_object('id', message_id, 'topic', topic, 'event', event);
      -- NOTIFY payloads stop at 8000 bytes; listeners read large messages from the table.
      if octet_length(payload::text) < 7000 then
        note := note || jsonb_build_object('payload', payload);
      end if;
      perform pg_notify('realtime', note::text);
    end
    $fn$;
  end if;
  if to_regprocedure('realtime.broadcast_changes(text, text, text, text, text, record, record, text)') is null then
    create function realtime.broadcast_changes(
      topic_name text, event_name text, operation text, table_name text, table_schema text,
      new record, old record, level text default 'ROW'
    ) returns void language plpgsql security definer set search_path = '' as $fn$
    begin
      perform realtime.send(
        jsonb_build_object(
          'operation', operation, 'table', table_name, 'schema', table_schema,
          'record', case when new is null then null else to_jsonb(new) end,
          'old_record', case when old is null then null else to_jsonb(old) end
        ),
        event_name, topic_name, true
      );
    end
    $fn$;
  end if;
end
$$;

do $$
begin
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
exception when duplicate_object then null;
end
$$;
