import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type Database, type DatabaseConfig } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate-database";
import { crashFunction } from "../support/crash-function";
import { createEmptyDatabase, testDatabaseKinds } from "../support/databases";
import { createTestApp, waitFor, waitForRun } from "../support/executor-harness";

const root = path.resolve(import.meta.dirname, "../..");

describe.each(testDatabaseKinds())("a process killed mid-run, on %s", (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("is resumed by another executor from its last memoized step: no step lost, none completed twice", async () => {
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
    await database.query("create table crash_log (id serial primary key, run_id text, step text, phase text)");
    // PGlite is single-process: hand the data directory to the child while it runs.
    if (kind === "pglite") await database.close();

    // Node itself with tsx as a loader: the tsx wrapper runs the script in a grandchild, which
    // a SIGKILL to the wrapper would leave running.
    const child = spawn(process.execPath, ["--import", "tsx", "tests/support/executor-child.ts"], {
      cwd: root,
      env: { ...process.env, HERALD_CHILD_DB: JSON.stringify(config) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    cleanups.push(async () => void child.kill("SIGKILL"));
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));

    if (kind === "pglite") {
      // The child owns the files; wait for its own word that the run started, then for step two.
      await waitFor(async () => output.includes("started"), { timeoutMs: 30_000, what: "child start" });
      await new Promise((r) => setTimeout(r, 1_000));
    } else {
      await waitFor(
        async () => (await database.query("select 1 from crash_log where step = 'two' and phase = 'start'")).length > 0,
        { timeoutMs: 30_000, what: "step two to start in the child" },
      );
    }
    child.kill("SIGKILL");
    await new Promise((r) => (child.exitCode !== null || child.signalCode ? r(null) : child.once("exit", r)));

    if (kind === "pglite") {
      database = await openDatabase(config);
      cleanups.push(() => database.close());
    }
    const before = await database.query<{ step: string; phase: string }>("select step, phase from crash_log order by id");
    expect(before).toEqual([
      { step: "one", phase: "done" },
      { step: "two", phase: "start" },
    ]);

    const app = createTestApp();
    const executor = app.executor(database, [crashFunction(app.client, database, { blockInStepTwo: false })], { leaseMs: 1_000 });
    cleanups.push(() => executor.stop(2_000));
    await executor.start();
    const [run] = await waitForRun(database, "test-crash");
    expect(run).toMatchObject({ status: "completed", output: "survived" });
    const log = await database.query<{ step: string; phase: string }>("select step, phase from crash_log order by id");
    expect(log).toEqual([
      { step: "one", phase: "done" },
      { step: "two", phase: "start" },
      { step: "two", phase: "start" },
      { step: "two", phase: "done" },
      { step: "three", phase: "done" },
    ]);
  });
});
