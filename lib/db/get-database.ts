import path from "node:path";
import { getEnv, runtimeModes, type Env } from "@/lib/env";
import { openDatabase, type Database, type DatabaseConfig } from "./client";
import { migrateDatabase } from "./migrate-database";
import { seedDemoData } from "./seed-demo-data";

export function databaseConfig(env: Env = getEnv()): DatabaseConfig {
  if (env.DATABASE_URL) {
    return {
      kind: "postgres",
      url: env.DATABASE_URL,
      poolMax: env.HERALD_DB_POOL_MAX,
      statementTimeoutMs: env.HERALD_DB_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: env.HERALD_DB_CONNECT_TIMEOUT_MS,
    };
  }
  const dir = env.HERALD_DATA_DIR;
  return { kind: "pglite", dataDir: dir === "memory://" ? dir : path.resolve(dir, "pglite") };
}

/** Opens the database, applies pending migrations and, on the embedded default's first start, seeds demo data. */
export async function startDatabase(env: Env = getEnv()): Promise<Database> {
  const database = await openDatabase(databaseConfig(env));
  try {
    await migrateDatabase(database);
    const seed = env.HERALD_SEED_DEMO === "true" || (env.HERALD_SEED_DEMO === "auto" && runtimeModes(env).database === "pglite");
    if (seed) {
      const [seeded] = await database.query("select 1 from public.settings where key = 'demo_seeded_at'");
      if (!seeded) await seedDemoData(database);
    }
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

// Next.js may load this module more than once per process (instrumentation, route bundles,
// dev reloads); the process-wide handle lives on globalThis so there is exactly one.
const holder = globalThis as typeof globalThis & { __heraldDatabase?: Promise<Database> };

/** The process's database, ready to use. */
export function getDatabase(): Promise<Database> {
  holder.__heraldDatabase ??= startDatabase().catch((error: unknown) => {
    holder.__heraldDatabase = undefined;
    throw error;
  });
  return holder.__heraldDatabase;
}

/** Makes an already open database the process's one (tests that run app code on their own database). */
export function setProcessDatabase(database: Database): void {
  holder.__heraldDatabase = Promise.resolve(database);
}

export async function closeDatabase(): Promise<void> {
  const pending = holder.__heraldDatabase;
  holder.__heraldDatabase = undefined;
  if (pending) await (await pending).close();
}
