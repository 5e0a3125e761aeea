import fs from "node:fs";
import path from "node:path";
import type { Database } from "./client";

// Read at run time from the project folder; not something the bundler should trace.
const supabaseDir = path.join(/*turbopackIgnore: true*/ process.cwd(), "supabase");
// One advisory lock id for schema changes, so concurrent starts apply each migration once.
const MIGRATION_LOCK = 7_243_001;

export type MigrationFile = { version: string; name: string; file: string };

/** Files named like the Supabase CLI's: `<14-digit timestamp>_<name>.sql`, in version order. */
export function listMigrations(dir = path.join(supabaseDir, "migrations")): MigrationFile[] {
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir)
    .map((file) => /^(\d{14})_(.+)\.sql$/.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([file, version, name]) => ({ version: version!, name: name!, file: path.join(dir, file!) }))
    .sort((a, b) => a.version.localeCompare(b.version));
}

/**
 * Creates what Supabase provides when it is absent, then applies pending migrations, each in
 * its own transaction and recorded in the Supabase CLI's own table — so `supabase db push` and
 * Herald agree on what has been applied. Returns the versions applied by this call.
 */
export async function migrateDatabase(database: Database, migrations = listMigrations()): Promise<string[]> {
  const bootstrap = fs.readFileSync(/*turbopackIgnore: true*/ path.join(supabaseDir, "bootstrap.sql"), "utf8");
  await database.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await tx.exec(bootstrap);
    await tx.exec(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (
        version text primary key, statements text[], name text
      );`);
  });

  const applied: string[] = [];
  for (const migration of migrations) {
    const script = fs.readFileSync(/*turbopackIgnore: true*/ migration.file, "utf8");
    const ran = await database.transaction(async (tx) => {
      await tx.query("select pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      const done = await tx.query("select 1 from supabase_migrations.schema_migrations where version = $1", [
        migration.version,
      ]);
      if (done.length > 0) return false;
      await tx.exec(script);
      await tx.query(
        "insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)",
        [migration.version, migration.name, [script]],
      );
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}
