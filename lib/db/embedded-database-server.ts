import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { logger } from "@/lib/logger";

/**
 * PGlite serves one process. So that the operator CLI works while the app runs on the embedded
 * default, the process that opened it also serves it over the Postgres protocol on 127.0.0.1
 * (a free port), and says where in a file in the data directory, readable by its owner only.
 */
export const portFileName = "herald-socket.json";

export type ServedDatabase = { port: number; pid: number };

export function portFilePath(dataDir: string): string {
  return path.join(dataDir, portFileName);
}

/** Where the embedded database in `dataDir` is served, if a port file says so (it may be stale). */
export function readPortFile(dataDir: string): ServedDatabase | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(portFilePath(dataDir), "utf8")) as Partial<ServedDatabase>;
    if (Number.isInteger(parsed.port) && Number.isInteger(parsed.pid)) return { port: parsed.port!, pid: parsed.pid! };
  } catch {
    // Missing or unreadable: not served.
  }
  return undefined;
}

/** The connection string a local client uses for a served embedded database. */
export function servedDatabaseUrl(served: ServedDatabase): string {
  return `postgresql://postgres:postgres@127.0.0.1:${served.port}/postgres?sslmode=disable`;
}

/**
 * Serves `pglite` on 127.0.0.1 and writes the port file; the returned function stops serving and
 * removes the file. One client connection at a time: pglite-socket runs every statement on the
 * single PGlite session, so a second connection could see (or end) the first one's transaction;
 * it is turned away and the CLI waits for its turn (see openCliDatabase).
 */
export async function serveEmbeddedDatabase(pglite: PGlite, dataDir: string): Promise<() => Promise<void>> {
  const server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: 0, maxConnections: 1 });
  await server.start();
  // The app's other work keeps the process alive, not this socket.
  (server as unknown as { server?: { unref(): void } }).server?.unref();
  const port = Number(server.getServerConn().split(":").at(-1));
  const file = portFilePath(dataDir);
  const body = JSON.stringify({ port, pid: process.pid } satisfies ServedDatabase);
  fs.writeFileSync(file, body, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  const removeFile = () => {
    try {
      if (fs.readFileSync(file, "utf8") === body) fs.unlinkSync(file);
    } catch {
      // Already gone.
    }
  };
  process.once("exit", removeFile);
  logger.debug("database: the embedded database is served to local processes", { port });
  return async () => {
    process.removeListener("exit", removeFile);
    removeFile();
    await server.stop();
  };
}
