import pg from "pg";
import { findPostgresBin, startPostgresServer } from "./postgres-server";

/**
 * A fresh, empty database on a PostgreSQL server — TEST_DATABASE_URL's, or Debian's started here
 * for the occasion — for benchmarks and the end-to-end apps. Null when no server is available.
 * `drop` removes the database (and stops the server if it was started here).
 */
export async function createScratchDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> } | null> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  let stopServer: (() => Promise<void>) | undefined;
  if (!serverUrl) {
    const bin = findPostgresBin();
    if (!bin) return null;
    ({ url: serverUrl, stop: stopServer } = await startPostgresServer(bin));
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const name = `${prefix}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  await admin.query(`create database ${name}`);
  return {
    url: serverUrl.replace(/\/[^/?]*(\?|$)/, `/${name}$1`),
    drop: async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      await stopServer?.();
    },
  };
}
