import { afterEach, describe, expect, it } from "vitest";
import { listMigrations, migrateDatabase } from "@/lib/db/migrate-database";
import { openDatabase } from "@/lib/db/client";
import { createEmptyDatabase, testDatabaseKinds } from "../support/databases";

describe.each(testDatabaseKinds())("migrations on %s", (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("apply every file from empty, record them, and a second run is a no-op", async () => {
    const { database, drop } = await createEmptyDatabase(kind);
    cleanups.push(drop);
    const versions = listMigrations().map((m) => m.version);
    expect(versions.length).toBeGreaterThan(0);

    expect(await migrateDatabase(database)).toEqual(versions);
    const recorded = await database.query<{ version: string }>(
      "select version from supabase_migrations.schema_migrations order by version",
    );
    expect(recorded.map((r) => r.version)).toEqual(versions);

    expect(await migrateDatabase(database)).toEqual([]);
    const [row] = await database.query<{ count: number }>(
      "select count(*)::int as count from supabase_migrations.schema_migrations",
    );
    expect(row!.count).toBe(versions.length);
  });

  it("create what Supabase provides: roles, auth helpers, realtime and the publication", async () => {
    const { database, drop } = await createEmptyDatabase(kind);
    cleanups.push(drop);
    await migrateDatabase(database);
    const roles = await database.query<{ rolname: string; rolbypassrls: boolean }>(
      "select rolname, rolbypassrls from pg_roles where rolname in ('anon', 'authenticated', 'service_role') order by rolname",
    );
    expect(roles).toEqual([
      { rolname: "anon", rolbypassrls: false },
      { rolname: "authenticated", rolbypassrls: false },
      { rolname: "service_role", rolbypassrls: true },
    ]);
    const [pub] = await database.query("select pubname from pg_publication where pubname = 'supabase_realtime'");
    expect(pub).toBeDefined();

    const uid = await database.transaction(async (tx) => {
      await tx.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: "11111111-1111-4111-8111-111111111111" })]);
      return tx.query<{ uid: string; jwt: { sub: string } }>("select auth.uid() as uid, auth.jwt() as jwt");
    });
    expect(uid[0]).toEqual({ uid: "11111111-1111-4111-8111-111111111111", jwt: { sub: "11111111-1111-4111-8111-111111111111" } });
  });

  it("realtime.send keeps the message and raises a NOTIFY that LISTEN receives", async () => {
    const { database, drop } = await createEmptyDatabase(kind);
    cleanups.push(drop);
    await migrateDatabase(database);
    const received: string[] = [];
    const stop = await database.listen("realtime", (payload) => received.push(payload));
    await database.query("select realtime.send($1::jsonb, 'INSERT', 'user:abc:notifications', true)", [JSON.stringify({ hello: "world" })]);
    for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await stop();
    expect(received).toHaveLength(1);
    const note = JSON.parse(received[0]!);
    expect(note).toMatchObject({ topic: "user:abc:notifications", event: "INSERT", payload: { hello: "world" } });
    const [row] = await database.query<{ id: number; topic: string }>("select id, topic from realtime.messages");
    expect(Number(row!.id)).toBe(Number(note.id));
  });

  it("leaves objects that already exist alone (as on a Supabase project)", async () => {
    const { database, drop } = await createEmptyDatabase(kind);
    cleanups.push(drop);
    await database.transaction((tx) =>
      tx.exec(`create schema auth;
        create table auth.users (id uuid primary key, email text, raw_app_meta_data jsonb not null default '{}',
          raw_user_meta_data jsonb not null default '{}', created_at timestamptz not null default now(), extra text default 'kept');
        create function auth.uid() returns uuid language sql stable as $$ select '00000000-0000-4000-8000-000000000001'::uuid $$;`),
    );
    await migrateDatabase(database);
    const [row] = await database.query<{ uid: string }>("select auth.uid() as uid");
    expect(row!.uid).toBe("00000000-0000-4000-8000-000000000001");
    const [col] = await database.query("select 1 from information_schema.columns where table_schema = 'auth' and table_name = 'users' and column_name = 'extra'");
    expect(col).toBeDefined();
  });

  if (kind === "postgres") {
    it("two processes starting at once apply each migration exactly once", async () => {
      const { database, url, drop } = await createEmptyDatabase(kind);
      cleanups.push(drop);
      const other = await openDatabase({ kind: "postgres", url: url!, poolMax: 2 });
      cleanups.unshift(() => other.close());
      const [a, b] = await Promise.all([migrateDatabase(database), migrateDatabase(other)]);
      expect([...a, ...b].sort()).toEqual(listMigrations().map((m) => m.version));
    });
  }
});
