import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/db/client";
import type { EmbeddedExecutor } from "@/inngest/executor/embedded-executor";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";
import { createTestApp, waitFor, waitForRun } from "../support/executor-harness";

// These tests fail things on purpose: what they provoke is asserted, not logged.
vi.hoisted(() => {
  process.env.LOG_LEVEL = "silent";
});

/**
 * The executor's database, with the statement that loads a job's run failing the first `times`
 * times it is sent: an error on the executor's side, not the function's.
 */
function failingRunLoads(database: Database, times: number): Database & { failed: () => number } {
  let failed = 0;
  return {
    ...database,
    query: async (text, params) => {
      if (failed < times && /from executor\.runs r where id = \$1/.test(text)) {
        failed++;
        throw new Error("injected: the executor lost its database for a moment");
      }
      return database.query(text, params);
    },
    failed: () => failed,
  };
}

describe.each(testDatabaseKinds())("executor-side errors on %s", (kind) => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let executor: EmbeddedExecutor | undefined;
  beforeEach(async () => {
    t = await createTestDatabase(kind);
  });
  afterEach(async () => {
    await executor?.stop(2_000);
    executor = undefined;
    await t.drop();
  });

  it("are retried past 10 times without using up the function's attempts, and a run that then fails runs its onFailure", async () => {
    const app = createTestApp();
    let calls = 0;
    const failures: string[] = [];
    const fn = app.client.createFunction(
      {
        id: "fails-after-executor-errors",
        retries: 1,
        triggers: [{ event: "test/executor-errors" }],
        onFailure: async ({ error }) => {
          failures.push(error.message);
        },
      },
      async () => {
        calls++;
        throw new Error(`the function's own failure ${calls}`);
      },
    );
    const database = failingRunLoads(t.database, 15);
    executor = app.executor(database, [fn]);
    await executor.start();
    await app.client.send({ name: "test/executor-errors", data: {} });

    const [run] = await waitForRun(t.database, "test-fails-after-executor-errors", ["failed"]);
    expect(database.failed()).toBe(15);
    // Two calls: both of the function's attempts (retries: 1), none lost to the executor's errors.
    expect(calls).toBe(2);
    expect(run).toMatchObject({ status: "failed", error: { message: "the function's own failure 2" } });
    await waitFor(async () => failures.length > 0, { what: "onFailure to run" });
    expect(failures).toEqual(["the function's own failure 2"]);
  });

  it("never fail a run by themselves: a job whose run cannot be loaded keeps being retried", async () => {
    const app = createTestApp();
    const fn = app.client.createFunction({ id: "patient", triggers: [{ event: "test/patient" }] }, async () => "done");
    const database = failingRunLoads(t.database, 1_000_000);
    executor = app.executor(database, [fn]);
    await executor.start();
    await app.client.send({ name: "test/patient", data: {} });
    await waitFor(async () => database.failed() > 12, { what: "more than 12 executor-side errors" });
    const [job] = await t.database.query<{ executor_errors: number; attempt: number }>(
      "select j.executor_errors, j.attempt from executor.jobs j join executor.runs r on r.id = j.run_id where r.function_id = 'test-patient'",
    );
    const [run] = await t.database.query<{ status: string }>("select status from executor.runs where function_id = 'test-patient'");
    expect(job!.executor_errors).toBeGreaterThan(10);
    expect(job!.attempt).toBe(0);
    expect(run!.status).not.toBe("failed");
  });
});
