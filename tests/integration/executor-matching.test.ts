import { describe, expect, it } from "vitest";
import { testDatabaseKinds } from "../support/databases";
import { createTestApp, executorTestBed, runsOf, waitFor, waitForRun } from "../support/executor-harness";

describe.each(testDatabaseKinds())("waits and cancellations matched by key on %s", (kind) => {
  const t = executorTestBed(kind);

  it("finds the one wait and the one cancellation an event's match key names among many, and still checks `if`", async () => {
    const app = createTestApp();
    const waiting = app.client.createFunction(
      { id: "waiting", triggers: [{ event: "test/start" }], cancelOn: [{ event: "test/cancel", match: "data.id" }] },
      async ({ step }) => {
        const read = await step.waitForEvent("wait-read", { event: "test/read", match: "data.id", timeout: "1h" });
        return read?.data ?? null;
      },
    );
    const filtered = app.client.createFunction({ id: "filtered", triggers: [{ event: "test/begin" }] }, async ({ step }) => {
      const read = await step.waitForEvent("wait-read", { event: "test/read", if: "async.data.id == event.data.id && async.data.ok == true", timeout: "1h" });
      return read?.data ?? null;
    });
    const executor = app.executor(t.database, [waiting, filtered]);
    t.track(executor);
    await executor.start();
    await app.client.send(Array.from({ length: 60 }, (_, i) => ({ name: "test/start", data: { id: `n${i}` } })));
    await app.client.send({ name: "test/begin", data: { id: "n7" } });
    await waitFor(async () => (await t.database.query("select 1 from executor.waits")).length === 61, { what: "61 waits" });
    const keyed = await t.database.query<{ match_path: string[]; match_value: string }>("select match_path, match_value from executor.waits where match_value = 'n7'");
    expect(keyed).toHaveLength(2);
    expect(keyed[0]!.match_path).toEqual(["data", "id"]);

    await app.client.send({ name: "test/read", data: { id: "n7", ok: false } });
    const [done] = await waitForRun(t.database, "test-waiting");
    expect(done!.output).toEqual({ id: "n7", ok: false });
    // The `if` beyond the key still decides: ok is false, so the other function keeps waiting.
    expect((await runsOf(t.database, "test-filtered"))[0]!.status).toBe("waiting");
    await app.client.send({ name: "test/read", data: { id: "n7", ok: true } });
    await waitForRun(t.database, "test-filtered");

    await app.client.send({ name: "test/cancel", data: { id: "n3" } });
    const [cancelled] = await waitForRun(t.database, "test-waiting", ["cancelled"]);
    expect(cancelled).toBeDefined();
    const runs = await runsOf(t.database, "test-waiting");
    expect(runs.filter((r) => r.status === "waiting")).toHaveLength(58);
  });
});
