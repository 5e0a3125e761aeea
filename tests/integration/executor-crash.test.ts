import { afterEach, describe, expect, it } from "vitest";
import { crashFunction } from "../support/crash-function";
import { crashTestDatabase, killNow, spawnChild } from "../support/crash-process";
import { testDatabaseKinds } from "../support/databases";
import { createTestApp, waitFor, waitForRun } from "../support/executor-harness";

describe.each(testDatabaseKinds())("a process killed mid-run, on %s", (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("is resumed by another executor from its last memoized step: no step lost, none completed twice", async () => {
    const crash = await crashTestDatabase(kind, cleanups);
    await crash.database.query("create table crash_log (id serial primary key, run_id text, step text, phase text)");
    await crash.handOver();
    const { child, output } = spawnChild("tests/support/executor-child.ts", crash.config, cleanups);
    // The child says when it is blocked inside step two, after logging that step's start.
    await waitFor(async () => output().includes("in step two"), { timeoutMs: 30_000, what: "step two to start in the child" });
    await killNow(child);

    const database = await crash.takeBack();
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
