import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Database, type DatabaseConfig } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate-database";
import { createEmptyDatabase, type TestDatabaseKind } from "./databases";

const root = path.resolve(import.meta.dirname, "../..");
type Cleanups = (() => Promise<void>)[];

/**
 * A migrated database that a child process can open by its config: a fresh PostgreSQL database,
 * or PGlite in a folder of its own. PGlite is single-process: `handOver()` closes it here before
 * the child starts, `takeBack()` opens it again once the child is gone.
 */
export async function crashTestDatabase(kind: TestDatabaseKind, cleanups: Cleanups) {
  let config: DatabaseConfig;
  let database: Database;
  if (kind === "postgres") {
    const created = await createEmptyDatabase("postgres");
    cleanups.push(created.drop);
    config = { kind: "postgres", url: created.url!, poolMax: 4 };
    database = created.database;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-crash-"));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    config = { kind: "pglite", dataDir: dir };
    database = await openDatabase(config);
  }
  await migrateDatabase(database);
  return {
    config,
    get database() {
      return database;
    },
    handOver: async () => {
      if (kind === "pglite") await database.close();
    },
    takeBack: async () => {
      if (kind !== "pglite") return database;
      database = await openDatabase(config);
      cleanups.push(() => database.close());
      return database;
    },
  };
}

/**
 * A test script in a child process on that database (`HERALD_CHILD_DB`), its stdout collected.
 * Node itself with tsx as a loader: the tsx wrapper runs the script in a grandchild, which a
 * SIGKILL to the wrapper would leave running.
 */
export function spawnChild(script: string, config: DatabaseConfig, cleanups: Cleanups, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: root,
    env: { ...process.env, ...env, HERALD_CHILD_DB: JSON.stringify(config) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  cleanups.push(async () => void child.kill("SIGKILL"));
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  return { child, output: () => output };
}

/** kill -9, and wait until the process is gone. */
export async function killNow(child: ChildProcess): Promise<void> {
  child.kill("SIGKILL");
  await new Promise((r) => (child.exitCode !== null || child.signalCode ? r(null) : child.once("exit", r)));
}
