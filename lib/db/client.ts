import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Plain SQL inside a transaction: scripts (several statements) and parameterised queries. */
export interface RawTransaction {
  exec(script: string): Promise<void>;
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
}

export interface Database {
  kind: "pglite" | "postgres";
  db: Db;
  transaction<T>(fn: (tx: RawTransaction) => Promise<T>): Promise<T>;
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** LISTEN on a channel; the returned function stops listening. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export type DatabaseConfig =
  | { kind: "postgres"; url: string; poolMax?: number }
  // dataDir "memory://" keeps everything in memory (tests).
  | { kind: "pglite"; dataDir: string };

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === "postgres" ? openPostgres(config.url, config.poolMax ?? 10) : openPglite(config.dataDir);
}

function openPostgres(url: string, max: number): Database {
  const sql = postgres(url, {
    max,
    // "already exists, skipping" notices from idempotent DDL are not worth a log line.
    onnotice: () => {},
    connection: { application_name: "herald" },
  });
  const raw = (tx: postgres.Sql | postgres.TransactionSql): RawTransaction => ({
    exec: async (script) => {
      await tx.unsafe(script);
    },
    query: async <Row,>(text: string, params: unknown[] = []) =>
      (await tx.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as Row[],
  });
  return {
    kind: "postgres",
    db: drizzlePostgres(sql, { schema }) as unknown as Db,
    transaction: (fn) => sql.begin((tx) => fn(raw(tx))) as Promise<Awaited<ReturnType<typeof fn>>>,
    query: (text, params) => raw(sql).query(text, params),
    listen: async (channel, onPayload) => {
      const { unlisten } = await sql.listen(channel, onPayload);
      return unlisten;
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir === "memory://";
  const release = inMemory ? () => {} : claimDataDir(dataDir);
  const pg = new PGlite(inMemory ? undefined : dataDir);
  try {
    await pg.waitReady;
  } catch (error) {
    release();
    throw error;
  }
  const raw = (tx: Pick<PGlite, "exec" | "query">): RawTransaction => ({
    exec: async (script) => {
      await tx.exec(script);
    },
    query: async <Row,>(text: string, params: unknown[] = []) => (await tx.query<Row>(text, params)).rows,
  });
  return {
    kind: "pglite",
    db: drizzlePglite(pg, { schema }) as unknown as Db,
    transaction: (fn) => pg.transaction((tx) => fn(raw(tx))),
    query: (text, params) => raw(pg).query(text, params),
    listen: (channel, onPayload) => pg.listen(channel, onPayload),
    close: async () => {
      await pg.close();
      release();
    },
  };
}

/**
 * PGlite is a single-process database: two processes writing one data directory corrupt it.
 * A pid file makes a second opener fail with a clear message instead.
 */
function claimDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const pidFile = path.join(dataDir, "herald.pid");
  const holder = Number(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, "utf8") : NaN);
  if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
    throw new Error(
      `The embedded database in ${dataDir} is open in another process (pid ${holder}). ` +
        "PGlite serves one process at a time: stop that process first, or set DATABASE_URL to share a PostgreSQL server.",
    );
  }
  fs.writeFileSync(pidFile, String(process.pid));
  const release = () => {
    try {
      if (fs.readFileSync(pidFile, "utf8") === String(process.pid)) fs.unlinkSync(pidFile);
    } catch {
      // Already gone: nothing to release.
    }
  };
  process.once("exit", release);
  return release;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
