import { describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { testDatabaseKinds } from "../support/databases";
import { createTestApp, executorTestBed, waitFor, waitForRun } from "../support/executor-harness";

/** The database, with every claim statement and the size of its batch recorded. */
function recordingClaims(database: Database) {
  const claims: number[] = [];
  const wrapped: Database = {
    ...database,
    query: async <Row,>(text: string, params?: unknown[]) => {
      const rows = await database.query<Row>(text, params);
      if (text.includes("claimed as (")) claims.push(((rows[0] as { jobs?: unknown[] | null } | undefined)?.jobs ?? []).length);
      return rows;
    },
  };
  return { database: wrapped, claims };
}

describe.each(testDatabaseKinds())("executor claims on %s", (kind) => {
  const t = executorTestBed(kind);

  it("claims as many due jobs as there are free workers in one statement, and one NOTIFY costs one claim, not one per worker", async () => {
    const app = createTestApp();
    const fn = app.client.createFunction({ id: "one-step", triggers: [{ event: "test/one" }] }, async ({ step }) => {
      await step.run("work", () => new Promise((resolve) => setTimeout(resolve, 30)));
      return "ok";
    });
    const recorded = recordingClaims(t.database);
    const executor = app.executor(recorded.database, [fn], { concurrency: 8, pollMs: 10_000 });
    t.track(executor);
    await executor.start();
    await new Promise((resolve) => setTimeout(resolve, 200));

    recorded.claims.length = 0;
    await app.client.send({ name: "test/one", data: {} });
    await waitForRun(t.database, "test-one-step");
    // The NOTIFY of the new job wakes the claimer once (8 workers used to claim 8 times).
    expect(recorded.claims.length).toBeLessThanOrEqual(2);

    recorded.claims.length = 0;
    await app.client.send(Array.from({ length: 40 }, () => ({ name: "test/one", data: {} })));
    await waitForRun(t.database, "test-one-step", ["completed"], 41);
    // A batch fills every free worker at once, and never claims more than there are workers.
    expect(Math.max(...recorded.claims)).toBe(8);
    expect(recorded.claims.reduce((a, b) => a + b, 0)).toBe(40);
  });

  it("starts a critical run before a 5,000-run low-priority backlog drains", async () => {
    const app = createTestApp();
    const backlog = app.client.createFunction({ id: "fan-out", priority: { run: "0" }, triggers: [{ event: "test/fan-out" }] }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
    let startedAt = 0;
    const deliver = app.client.createFunction(
      { id: "deliver", priority: { run: 'event.data.priority == "critical" ? 600 : 100' }, triggers: [{ event: "test/deliver" }] },
      async () => {
        startedAt ||= Date.now();
      },
    );
    const executor = app.executor(t.database, [backlog, deliver], { concurrency: 4 });
    t.track(executor);
    await executor.sync();
    await executor.send(Array.from({ length: 5_000 }, () => ({ name: "test/fan-out", data: {} })));
    await executor.start();
    await waitFor(async () => (await t.database.query("select 1 from executor.runs where function_id = 'test-fan-out' and status = 'completed' limit 1")).length > 0, {
      what: "the backlog to start",
    });
    const sentAt = Date.now();
    await app.client.send({ name: "test/deliver", data: { priority: "critical" } });
    await waitForRun(t.database, "test-deliver");
    expect(startedAt - sentAt).toBeLessThan(1_000);
    const [left] = await t.database.query<{ n: number }>(
      "select count(*)::int as n from executor.runs where function_id = 'test-fan-out' and status not in ('completed', 'failed')",
    );
    expect(left!.n).toBeGreaterThan(1_000);
  });
});
