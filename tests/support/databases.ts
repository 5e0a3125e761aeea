import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type Database } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate-database";

export type TestDatabaseKind = "pglite" | "postgres";

/** The databases every integration test runs against: PGlite always, PostgreSQL when available. */
export function testDatabaseKinds(): TestDatabaseKind[] {
  return inject("postgresUrl") ? ["pglite", "postgres"] : ["pglite"];
}

/** A fresh, empty database of the given kind: in-memory PGlite, or a new database on the server. */
export async function createEmptyDatabase(kind: TestDatabaseKind): Promise<{ database: Database; url: string | null; drop: () => Promise<void> }> {
  if (kind === "pglite") {
    const database = await openDatabase({ kind: "pglite", dataDir: "memory://" });
    return { database, url: null, drop: () => database.close() };
  }
  const serverUrl = inject("postgresUrl")!;
  const name = `herald_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = serverUrl.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  const database = await openDatabase({ kind: "postgres", url, poolMax: 5 });
  return {
    database,
    url,
    drop: async () => {
      await database.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A fresh database with Herald's schema applied. */
export async function createTestDatabase(kind: TestDatabaseKind) {
  const created = await createEmptyDatabase(kind);
  await migrateDatabase(created.database);
  return created;
}
