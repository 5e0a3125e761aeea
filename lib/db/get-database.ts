import path from "node:path";
import { getEnv, runtimeModes, type Env } from "@/lib/env";
import { openDatabase, type Database, type DatabaseConfig } from "./client";
import { migrateDatabase } from "./migrate-database";
import { seedDemoData } from "./seed-demo-data";
import { readPortFile, serveEmbeddedDatabase, servedDatabaseUrl } from "./embedded-database-server";

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
    return await serveToLocalProcesses(database, env);
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** On the embedded default with a data directory, also serves it to the CLI (embedded-database-server.ts). */
async function serveToLocalProcesses(database: Database, env: Env): Promise<Database> {
  const config = databaseConfig(env);
  if (config.kind !== "pglite" || config.dataDir === "memory://" || !database.pglite) return database;
  const stop = await serveEmbeddedDatabase(database.pglite, config.dataDir);
  const close = database.close;
  return Object.assign(database, {
    close: async () => {
      await stop();
      await close();
    },
  });
}

const busyRetryMs = 200;
const busyWaitMs = 15_000;

/**
 * The database for a short-lived local process (the CLI). On the embedded default, if the app
 * has it open and serves it (a live port file), connects to that over the Postgres protocol;
 * otherwise (PostgreSQL, or the app stopped) opens it as the app does.
 */
export async function openCliDatabase(env: Env = getEnv()): Promise<Database> {
  const config = databaseConfig(env);
  if (config.kind === "pglite" && config.dataDir !== "memory://") {
    const served = readPortFile(config.dataDir);
    if (served) {
      const remote = await connectToServed(servedDatabaseUrl(served));
      if (remote) return remote;
    }
  }
  return openDatabase(config);
}

/** undefined when nothing listens (a stale port file); waits while another client has the one connection. */
async function connectToServed(url: string): Promise<Database | undefined> {
  const started = Date.now();
  for (;;) {
    const remote = await openDatabase({ kind: "postgres", url, poolMax: 1, connectTimeoutMs: 2_000 });
    try {
      await remote.query("select 1");
      return remote;
    } catch (error) {
      await remote.close().catch(() => {});
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ECONNREFUSED") return undefined;
      if (Date.now() - started > busyWaitMs) {
        throw new Error("The embedded database is served by the running app but stayed busy with another client; try again.", { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, busyRetryMs));
    }
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
