import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import pg from "pg";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzleNodePostgres } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { logger } from "@/lib/logger";
import { isConnectionError } from "./is-connection-error";
import { PgListener } from "./pg-listener";
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
  /**
   * LISTEN on a channel; the returned function stops listening. On a server the connection
   * comes back by itself after a cut; `onReconnect` is told, since NOTIFYs sent meanwhile are lost.
   */
  listen(channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** The embedded engine itself (PGlite only), for serving it to other local processes. */
  pglite?: PGlite;
}

/**
 * Sees every statement a Database sends (its text), whichever driver and whatever path (drizzle,
 * `query`, `transaction`). For tests that count what a path costs (tests/integration/query-budget
 * .test.ts); unset, it costs one check per statement.
 */
export type StatementObserver = (text: string) => void;
let statementObserver: StatementObserver | undefined;

export function observeStatements(observer: StatementObserver | undefined): void {
  statementObserver = observer;
}

function statementText(query: unknown): string {
  return typeof query === "string" ? query : String((query as { text?: unknown } | null)?.text ?? "");
}

export type PostgresConfig = {
  kind: "postgres";
  url: string;
  poolMax?: number;
  /** Server-side statement_timeout; the client gives up on a silent connection shortly after. */
  statementTimeoutMs?: number;
  /** Connecting, and waiting for a free pooled connection. */
  connectTimeoutMs?: number;
  /** How often the LISTEN connection checks that it is still alive. */
  listenHeartbeatMs?: number;
};

export type DatabaseConfig =
  | PostgresConfig
  // dataDir "memory://" keeps everything in memory (tests).
  | { kind: "pglite"; dataDir: string };

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === "postgres" ? openPostgres(config) : openPglite(config.dataDir);
}

// node-postgres rather than postgres.js: under terminated connections (pg_terminate_backend, a
// failover, a cut network) postgres.js 3.4.9 throws uncaught TypeErrors from its write path and
// leaves pooled connections timing out for minutes (its issues #1154, #1208);
// tests/integration/database-faults.test.ts is the measure.
function openPostgres(config: PostgresConfig): Database {
  const statementTimeoutMs = config.statementTimeoutMs ?? 15_000;
  const connectTimeoutMs = config.connectTimeoutMs ?? 5_000;
  const clientConfig: pg.ClientConfig = {
    connectionString: config.url,
    application_name: "herald",
    connectionTimeoutMillis: connectTimeoutMs,
    statement_timeout: statementTimeoutMs,
    // The server's statement_timeout answers first; this one catches a connection gone silent
    // (a partition, a dead host), where no answer would ever come.
    query_timeout: statementTimeoutMs + connectTimeoutMs,
    keepAlive: true,
  };
  const pool = new pg.Pool({ ...clientConfig, Client: DroppingClient as unknown as typeof pg.Client, max: config.poolMax ?? 10, idleTimeoutMillis: 30_000 });
  // A connection that dies hands its error to its query and is dropped by the pool; these
  // listeners only keep the event from becoming an uncaught exception (an idle or checked-out
  // connection has no query to hand it to).
  // An idle connection that dies costs nothing (the next query gets a fresh one), so it is no
  // warning; a failing query is, and it reports itself.
  pool.on("error", (error) => logger.debug("database: an idle connection failed", { code: (error as { code?: string }).code }));
  pool.on("connect", (client) => client.on("error", () => {}));
  const listener = new PgListener(clientConfig, config.listenHeartbeatMs ?? 10_000);
  const raw = (client: pg.Pool | pg.PoolClient): RawTransaction => ({
    exec: async (script) => {
      await client.query(script);
    },
    query: async <Row,>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as Row[],
  });
  return {
    kind: "postgres",
    db: drizzleNodePostgres({ client: pool, schema }) as unknown as Db,
    transaction: async (fn) => {
      const client = await pool.connect();
      let broken: unknown;
      try {
        await client.query("begin");
        const result = await fn(raw(client));
        await client.query("commit");
        return result;
      } catch (error) {
        // A connection that failed, or cannot even roll back, is not given to anyone else.
        if (isConnectionError(error)) broken = error;
        else await client.query("rollback").catch((rollbackError: unknown) => (broken = rollbackError));
        throw error;
      } finally {
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
    query: (text, params) => raw(pool).query(text, params),
    listen: (channel, onPayload, onReconnect) => listener.listen(channel, { onPayload, onReconnect }),
    close: async () => {
      await listener.close();
      await pool.end();
    },
  };
}

/**
 * Two repairs for a pooled connection that fails mid-use:
 * - after a client-side timeout the connection is in an unknown state, and the next statement
 *   (a transaction's ROLLBACK) would queue behind a query that may never be answered: it is
 *   ended at once instead, which fails what is queued and lets the pool replace it;
 * - drizzle's transaction sends BEGIN before its try/finally (drizzle-orm 0.45), so a BEGIN
 *   that fails would keep the connection checked out forever and shrink the pool by one at
 *   every cut: it is given back (as broken) here, and drizzle's later release does nothing.
 */
class DroppingClient extends pg.Client {
  // @ts-expect-error -- one signature for pg's overloads; every form is passed through as it came.
  override query(...args: unknown[]): unknown {
    statementObserver?.(statementText(args[0]));
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) {
      result.catch((error: unknown) => {
        if (error instanceof Error && error.message === "Query read timeout") this.end().catch(() => {});
        const self = this as unknown as { release?: (error?: Error) => void };
        if (isBegin(args[0]) && typeof self.release === "function") {
          const release = self.release;
          self.release = () => {};
          release(error instanceof Error ? error : new Error(String(error)));
        }
      });
    }
    return result;
  }
}

function isBegin(query: unknown): boolean {
  const text = typeof query === "string" ? query : (query as { text?: unknown } | null)?.text;
  return typeof text === "string" && /^\s*begin\b/i.test(text);
}

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir === "memory://";
  const release = inMemory ? () => {} : claimDataDir(dataDir);
  // Extensions the migrations create must be loaded with the engine (recipient search: pg_trgm).
  const pg = new PGlite({ dataDir: inMemory ? undefined : dataDir, extensions: { pg_trgm } });
  try {
    await pg.waitReady;
  } catch (error) {
    release();
    throw error;
  }
  observePglite(pg);
  const raw = (tx: Pick<PGlite, "exec" | "query">): RawTransaction => ({
    exec: async (script) => {
      await tx.exec(script);
    },
    query: async <Row,>(text: string, params: unknown[] = []) => (await tx.query<Row>(text, params)).rows,
  });
  return {
    kind: "pglite",
    pglite: pg,
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

/** Routes every statement PGlite is sent (drizzle's included) past the statement observer. */
function observePglite(pg: PGlite): void {
  const observed = <T extends Pick<PGlite, "exec" | "query">>(target: T): T => {
    const query = target.query.bind(target);
    const exec = target.exec.bind(target);
    target.query = ((text: string, ...rest: unknown[]) => {
      statementObserver?.(text);
      return (query as (...a: unknown[]) => unknown)(text, ...rest);
    }) as T["query"];
    target.exec = ((text: string, ...rest: unknown[]) => {
      statementObserver?.(text);
      return (exec as (...a: unknown[]) => unknown)(text, ...rest);
    }) as T["exec"];
    return target;
  };
  observed(pg);
  const transaction = pg.transaction.bind(pg);
  pg.transaction = (<T,>(fn: (tx: Parameters<Parameters<PGlite["transaction"]>[0]>[0]) => Promise<T>) => {
    statementObserver?.("begin");
    return transaction((tx) => fn(observed(tx))).finally(() => statementObserver?.("commit"));
  }) as PGlite["transaction"];
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
