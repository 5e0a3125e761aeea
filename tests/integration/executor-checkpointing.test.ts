import type { Inngest } from "inngest";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/db/client";
import { crashFunction } from "../support/crash-function";
import { crashTestDatabase, killNow, spawnChild } from "../support/crash-process";
import { testDatabaseKinds } from "../support/databases";
import { createTestApp, executorTestBed, runsOf, waitFor, waitForRun } from "../support/executor-harness";

vi.hoisted(() => {
  // A step fails on purpose here, and a child process is killed: keep the output readable.
  process.env.LOG_LEVEL = "silent";
});


/** Four steps with results of every JSON shape, one of them failing its first attempt. */
function fourSteps(client: Inngest.Any, ran: string[]) {
  let flaky = 0;
  return client.createFunction({ id: "four-steps", retries: 3, triggers: [{ event: "test/four" }] }, async ({ event, step }) => {
    const user = await step.run("load-user", () => {
      ran.push("load-user");
      return { id: event.data.user as string, tags: ["a", "b"], score: 1.5 };
    });
    const nothing = await step.run("check-quiet-hours", () => {
      ran.push("check-quiet-hours");
      return undefined;
    });
    const rendered = await step.run("render", () => {
      ran.push("render");
      if (event.data.flaky && ++flaky === 1) throw new Error("renderer warming up");
      return `Hello ${user.id}`;
    });
    const sent = await step.run("send", () => {
      ran.push("send");
      return 42;
    });
    return { user, nothing, rendered, sent };
  });
}

/** A run's history as a user of the admin sees it: its steps in completion order, and its end. */
async function historyOf(database: Database, runId: string) {
  const [run] = await database.query<{ status: string; output: unknown; stack: string[] }>(
    "select status, output, stack from executor.runs where id = $1",
    [runId],
  );
  const steps = await database.query<{ hash: string; step_id: string; name: string; op: string; result: unknown; attempts: number }>(
    "select hash, step_id, name, op, result, attempts from executor.steps where run_id = $1",
    [runId],
  );
  const byHash = new Map(steps.map((s) => [s.hash, s]));
  return { status: run!.status, output: run!.output, steps: run!.stack.map((hash) => byHash.get(hash)), count: steps.length };
}

describe.each(testDatabaseKinds())("checkpointing on %s", (kind) => {
  const t = executorTestBed(kind);

  async function runOnce(checkpointing: boolean, data: Record<string, unknown>) {
    const app = createTestApp();
    const ran: string[] = [];
    const executor = t.track(app.executor(t.database, [fourSteps(app.client, ran)], { checkpointing }));
    await executor.start();
    const before = (await runsOf(t.database, "test-four-steps")).length;
    await app.client.send({ name: "test/four", data });
    const runs = await waitForRun(t.database, "test-four-steps", ["completed", "failed"], before + 1);
    await executor.stop();
    const run = runs.at(-1)!;
    return { history: await historyOf(t.database, run.id), calls: app.calls, ran };
  }

  it("gives a run the same step history as a plain run: same steps, results, attempts and output", async () => {
    const plain = await runOnce(false, { user: "u1" });
    const checkpointed = await runOnce(true, { user: "u1" });
    expect(plain.history.status).toBe("completed");
    expect(plain.history.output).toEqual({ user: { id: "u1", tags: ["a", "b"], score: 1.5 }, nothing: null, rendered: "Hello u1", sent: 42 });
    expect(plain.history.steps.map((s) => s?.step_id)).toEqual(["load-user", "check-quiet-hours", "render", "send"]);
    expect(checkpointed.history).toEqual(plain.history);
    expect(checkpointed.ran).toEqual(plain.ran);
  });

  it("runs four steps in one call of the serve endpoint instead of five", async () => {
    const plain = await runOnce(false, { user: "u2" });
    const checkpointed = await runOnce(true, { user: "u2" });
    // Plain: each call runs one step inline and the last call returns the output.
    expect(plain.calls).toBe(5);
    expect(checkpointed.calls).toBe(1);
    expect(checkpointed.ran).toEqual(["load-user", "check-quiet-hours", "render", "send"]);
  });

  it("retries a failing step the same way, without repeating the steps checkpointed before it", async () => {
    const plain = await runOnce(false, { user: "u3", flaky: true });
    const checkpointed = await runOnce(true, { user: "u3", flaky: true });
    expect(checkpointed.history).toEqual(plain.history);
    expect(checkpointed.history.steps.find((s) => s?.step_id === "render")?.attempts).toBe(2);
    expect(checkpointed.ran).toEqual(["load-user", "check-quiet-hours", "render", "render", "send"]);
    // The call that failed in `render`, the retry of `render` alone, and one call for `send`.
    expect(checkpointed.calls).toBe(3);
  });

  it("keeps sleeps, parallel steps and events working between checkpointed steps", async () => {
    const app = createTestApp();
    const ran: string[] = [];
    const fn = app.client.createFunction({ id: "mixed", triggers: [{ event: "test/mixed" }] }, async ({ step }) => {
      const a = await step.run("a", () => (ran.push("a"), 1));
      await step.sleep("pause", "50ms");
      const [b, c] = await Promise.all([step.run("b", () => (ran.push("b"), 2)), step.run("c", () => (ran.push("c"), 3))]);
      await step.sendEvent("announce", { name: "test/mixed-done", data: { sum: a + b + c } });
      const d = await step.run("d", () => (ran.push("d"), 4));
      return a + b + c + d;
    });
    const executor = t.track(app.executor(t.database, [fn], { checkpointing: true }));
    await executor.start();
    await app.client.send({ name: "test/mixed", data: {} });
    const [run] = await waitForRun(t.database, "test-mixed");
    expect(run).toMatchObject({ status: "completed", output: 10 });
    expect(ran.sort()).toEqual(["a", "b", "c", "d"]);
    const [event] = await t.database.query<{ data: unknown }>("select payload -> 'data' as data from executor.events where name = 'test/mixed-done'");
    expect(event?.data).toEqual({ sum: 6 });
  });

  it("goes back to one step per call once a call has run for its maximum runtime, and still finishes", async () => {
    const app = createTestApp();
    const ran: string[] = [];
    const fn = app.client.createFunction(
      { id: "long-call", triggers: [{ event: "test/long-call" }], checkpointing: { maxRuntime: 60 } },
      async ({ step }) => {
        for (const name of ["a", "b", "c", "d"]) {
          await step.run(name, async () => {
            ran.push(name);
            await new Promise((r) => setTimeout(r, 40));
            return name;
          });
        }
        return "done";
      },
    );
    const executor = t.track(app.executor(t.database, [fn], { checkpointing: true }));
    await executor.start();
    await app.client.send({ name: "test/long-call", data: {} });
    const [run] = await waitForRun(t.database, "test-long-call");
    expect(run).toMatchObject({ status: "completed", output: "done" });
    expect(ran).toEqual(["a", "b", "c", "d"]);
    expect((await historyOf(t.database, run!.id)).steps.map((s) => [s?.step_id, s?.result, s?.attempts])).toEqual([
      ["a", { data: "a" }, 1],
      ["b", { data: "b" }, 1],
      ["c", { data: "c" }, 1],
      ["d", { data: "d" }, 1],
    ]);
    // Typically three calls: the first checkpoints "a" and "b" and, out of time, hands "c" back as
    // planned; "c" runs in a call of its own; the next checkpoints "d" and completes. How many
    // exactly depends on timing; that a call ran out of time does not.
    expect(app.calls).toBeGreaterThan(1);
  });

  it("stops a call whose lease went to another worker at its next checkpoint, and the run still finishes once", async () => {
    const app = createTestApp();
    const ran: string[] = [];
    let stolen = false;
    const fn = app.client.createFunction({ id: "stolen", retries: 0, triggers: [{ event: "test/stolen" }] }, async ({ runId, step }) => {
      await step.run("before", () => void ran.push("before"));
      await step.run("during", async () => {
        ran.push("during");
        if (!stolen) {
          stolen = true;
          // Another worker takes the job over (as if this one had stalled past its lease).
          await t.database.query("update executor.jobs set lease_owner = 'another-worker', lease_until = now() + interval '300 milliseconds' where run_id = $1", [runId]);
        }
      });
      await step.run("after", () => void ran.push("after"));
      return "done";
    });
    const executor = t.track(app.executor(t.database, [fn], { checkpointing: true }));
    await executor.start();
    await app.client.send({ name: "test/stolen", data: {} });
    const [run] = await waitForRun(t.database, "test-stolen");
    // Not failed by the refused checkpoint: the lease's new holder (here, this executor again once
    // the other's lapsed) ran "during" again, since its first result was never memoized.
    expect(run).toMatchObject({ status: "completed", output: "done" });
    expect(ran).toEqual(["before", "during", "during", "after"]);
    const steps = await t.database.query<{ step_id: string; attempts: number }>("select step_id, attempts from executor.steps where run_id = $1 order by ended_at", [run!.id]);
    expect(steps).toEqual([
      { step_id: "before", attempts: 1 },
      { step_id: "during", attempts: 1 },
      { step_id: "after", attempts: 1 },
    ]);
  });
});

describe.each(testDatabaseKinds())("a checkpointing process killed mid-call, on %s", (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("resumes after the last checkpointed step: none repeated, none lost", async () => {
    const crash = await crashTestDatabase(kind, cleanups);
    let database = crash.database;
    await database.query("create table crash_log (id serial primary key, run_id text, step text, phase text)");
    await crash.handOver();

    const { child, output } = spawnChild("tests/support/executor-child.ts", crash.config, cleanups, { HERALD_CHILD_CHECKPOINTING: "on" });
    if (kind === "pglite") {
      await waitFor(async () => output().includes("started"), { timeoutMs: 30_000, what: "child start" });
      await new Promise((r) => setTimeout(r, 1_000));
    } else {
      await waitFor(
        async () => (await database.query("select 1 from crash_log where step = 'two' and phase = 'start'")).length > 0,
        { timeoutMs: 30_000, what: "step two to start in the child" },
      );
    }
    // The child reports its call count every 20 ms: let it report once more while step two blocks.
    const mark = output().length;
    await waitFor(async () => /calls \d+\n/.test(output().slice(mark)), { timeoutMs: 10_000, what: "the child's call count" });
    await killNow(child);
    // Step one ran and step two started in the same, single call.
    expect([...output().matchAll(/calls (\d+)\n/g)].at(-1)?.[1]).toBe("1");
    database = await crash.takeBack();
    // Step one was checkpointed durably while the call went on.
    const memoized = await database.query<{ step_id: string; result: unknown }>("select step_id, result from executor.steps where result is not null");
    // (Its result is what the step returned: the rows of its insert, none.)
    expect(memoized).toEqual([{ step_id: "one", result: { data: [] } }]);

    const app = createTestApp();
    const executor = app.executor(database, [crashFunction(app.client, database, { blockInStepTwo: false })], { leaseMs: 1_000, checkpointing: true });
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
    const steps = await database.query<{ step_id: string; attempts: number }>("select step_id, attempts from executor.steps order by ended_at");
    expect(steps).toEqual([
      { step_id: "one", attempts: 1 },
      { step_id: "two", attempts: 1 },
      { step_id: "three", attempts: 1 },
    ]);
    expect(app.calls).toBe(1);
  });
});
