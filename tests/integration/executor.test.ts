import { NonRetriableError, RetryAfterError } from "inngest";
import { describe, expect, it } from "vitest";
import type { EmbeddedExecutor } from "@/inngest/executor/embedded-executor";
import { getRun, listRuns, queueStats } from "@/inngest/executor/run-queries";
import { testDatabaseKinds } from "../support/databases";
import { createTestApp, executorTestBed, runsOf, waitFor, waitForRun } from "../support/executor-harness";

describe.each(testDatabaseKinds())("embedded executor on %s", (kind) => {
  const t = executorTestBed(kind);
  const start = async (executor: EmbeddedExecutor) => {
    t.track(executor);
    await executor.start();
    return executor;
  };

  it("memoizes: a step that succeeded never runs again when a later step fails and retries", async () => {
    const app = createTestApp();
    const calls = { first: 0, second: 0 };
    const fn = app.client.createFunction({ id: "memo", retries: 3, triggers: [{ event: "test/memo" }] }, async ({ step }) => {
      const a = await step.run("first", () => ++calls.first);
      const b = await step.run("second", () => {
        calls.second++;
        if (calls.second < 3) throw new Error(`flaky ${calls.second}`);
        return "ok";
      });
      return { a, b };
    });
    await start(app.executor(t.database, [fn]));
    await app.client.send({ name: "test/memo", data: {} });
    const [run] = await waitForRun(t.database, "test-memo");
    expect(run).toMatchObject({ status: "completed", output: { a: 1, b: "ok" } });
    expect(calls).toEqual({ first: 1, second: 3 });
    const detail = await getRun(t.database.db, run!.id);
    const second = detail!.steps.find((s) => s.stepId === "second")!;
    expect(second.attempts).toBe(3);
    expect(second.error).toMatchObject({ message: "flaky 2" });
    expect(detail!.steps.find((s) => s.stepId === "first")).toMatchObject({ attempts: 1, outputBytes: 10 });
  });

  it("retries a failing function with backoff until its retries run out, then fails and calls onFailure", async () => {
    const app = createTestApp();
    const seen: { attempt: number; at: number }[] = [];
    const failures: unknown[] = [];
    const fn = app.client.createFunction(
      {
        id: "always-fails",
        retries: 2,
        triggers: [{ event: "test/fail" }],
        onFailure: async ({ error, event }) => {
          failures.push({ message: error.message, original: event.data.event.data });
        },
      },
      async ({ attempt }) => {
        seen.push({ attempt, at: Date.now() });
        throw new Error(`attempt ${attempt} failed`);
      },
    );
    await start(app.executor(t.database, [fn], { backoffScale: 0.002 }));
    await app.client.send({ name: "test/fail", data: { n: 1 } });
    const [run] = await waitForRun(t.database, "test-always-fails");
    expect(run!.status).toBe("failed");
    expect(run!.error).toMatchObject({ message: "attempt 2 failed" });
    expect(seen.map((s) => s.attempt)).toEqual([0, 1, 2]);
    // Inngest's schedule (15 s, 30 s, ...) scaled by 0.002: at least 30 ms, then 60 ms.
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(25);
    expect(seen[2]!.at - seen[1]!.at).toBeGreaterThanOrEqual(55);
    await waitFor(async () => failures.length === 1, { what: "onFailure" });
    expect(failures[0]).toEqual({ message: "attempt 2 failed", original: { n: 1 } });
  });

  it("NonRetriableError fails at once and runs onFailure; RetryAfterError waits as asked", async () => {
    const app = createTestApp();
    let nonRetriableCalls = 0;
    const failures: string[] = [];
    const fatal = app.client.createFunction(
      { id: "fatal", retries: 5, triggers: [{ event: "test/fatal" }], onFailure: async ({ error }) => void failures.push(error.message) },
      async ({ step }) => {
        await step.run("boom", () => {
          nonRetriableCalls++;
          throw new NonRetriableError("bad input, do not retry");
        });
      },
    );
    const times: number[] = [];
    const later = app.client.createFunction({ id: "later", retries: 1, triggers: [{ event: "test/later" }] }, async ({ attempt }) => {
      times.push(Date.now());
      if (attempt === 0) throw new RetryAfterError("rate limited", 400);
      return "done";
    });
    await start(app.executor(t.database, [fatal, later]));
    await app.client.send([{ name: "test/fatal", data: {} }, { name: "test/later", data: {} }]);
    const [fatalRun] = await waitForRun(t.database, "test-fatal");
    expect(fatalRun!.status).toBe("failed");
    expect(nonRetriableCalls).toBe(1);
    await waitFor(async () => failures.length === 1, { what: "onFailure" });
    expect(failures).toEqual(["bad input, do not retry"]);
    const [laterRun] = await waitForRun(t.database, "test-later");
    expect(laterRun).toMatchObject({ status: "completed", output: "done" });
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(380);
  });

  it("sleeps durably: a run asleep when its executor stops wakes under a new one", async () => {
    const app = createTestApp();
    const fn = app.client.createFunction({ id: "sleeper", triggers: [{ event: "test/sleep" }] }, async ({ step }) => {
      const before = await step.run("before", () => Date.now());
      await step.sleep("nap", "1s");
      const after = await step.run("after", () => Date.now());
      return { slept: after - before };
    });
    const first = await start(app.executor(t.database, [fn]));
    await app.client.send({ name: "test/sleep", data: {} });
    await waitForRun(t.database, "test-sleeper", ["sleeping"]);
    await first.stop();
    await start(app.executor(t.database, [fn], { workerId: "second" }));
    const [run] = await waitForRun(t.database, "test-sleeper");
    expect(run!.status).toBe("completed");
    expect((run!.output as { slept: number }).slept).toBeGreaterThanOrEqual(950);
  });

  it("sleepUntil wakes at the given time", async () => {
    const app = createTestApp();
    const fn = app.client.createFunction({ id: "until", triggers: [{ event: "test/until" }] }, async ({ event, step }) => {
      await step.sleepUntil("until-then", new Date(event.data.at as string));
      return Date.now();
    });
    await start(app.executor(t.database, [fn]));
    const at = Date.now() + 700;
    await app.client.send({ name: "test/until", data: { at: new Date(at).toISOString() } });
    const [run] = await waitForRun(t.database, "test-until");
    expect(run!.output as number).toBeGreaterThanOrEqual(at - 5);
  });

  it("stopping lets an in-flight step finish, and another executor carries the run on", async () => {
    const app = createTestApp();
    const ran: string[] = [];
    const fn = app.client.createFunction({ id: "graceful", triggers: [{ event: "test/graceful" }] }, async ({ step }) => {
      await step.run("slow", async () => {
        ran.push("slow");
        await new Promise((r) => setTimeout(r, 400));
      });
      await step.run("after", () => void ran.push("after"));
    });
    const first = app.executor(t.database, [fn]);
    await first.start();
    await app.client.send({ name: "test/graceful", data: {} });
    await waitFor(async () => ran.length === 1, { what: "slow step to start" });
    await first.stop(5_000);
    const [held] = await t.database.query<{ n: number }>("select count(*)::int as n from executor.jobs where lease_owner is not null");
    expect(held!.n).toBe(0);
    await start(app.executor(t.database, [fn], { workerId: "successor" }));
    const [run] = await waitForRun(t.database, "test-graceful");
    expect(run!.status).toBe("completed");
    expect(ran).toEqual(["slow", "after"]);
  });

  it("waitForEvent resumes on a matching event, ignores others, and times out to null", async () => {
    const app = createTestApp();
    const fn = app.client.createFunction({ id: "waiter", triggers: [{ event: "test/order.created" }] }, async ({ event, step }) => {
      const paid = await step.waitForEvent("wait-for-payment", {
        event: "test/order.paid",
        timeout: event.data.timeout,
        if: "async.data.orderId == event.data.orderId",
      });
      return paid ? { paidBy: paid.data.method } : { timedOut: true };
    });
    await start(app.executor(t.database, [fn]));
    await app.client.send([
      { name: "test/order.created", data: { orderId: "A", timeout: "10s" } },
      { name: "test/order.created", data: { orderId: "B", timeout: "300ms" } },
    ]);
    await waitFor(async () => (await t.database.query("select 1 from executor.waits")).length === 2, { what: "two waits" });
    await app.client.send({ name: "test/order.paid", data: { orderId: "Z", method: "wrong" } });
    await app.client.send({ name: "test/order.paid", data: { orderId: "A", method: "card" } });
    const runs = await waitForRun(t.database, "test-waiter", ["completed"], 2);
    expect(runs.map((r) => r.output)).toEqual(expect.arrayContaining([{ paidBy: "card" }, { timedOut: true }]));
  });

  it("runs parallel steps, each once, and continues when all are done", async () => {
    const app = createTestApp();
    const ran: string[] = [];
    const fn = app.client.createFunction({ id: "fan", triggers: [{ event: "test/fan" }] }, async ({ step }) => {
      const results = await Promise.all(
        ["email", "sms", "push"].map((channel) =>
          step.run(`send-${channel}`, async () => {
            ran.push(channel);
            await new Promise((r) => setTimeout(r, 50));
            return channel.toUpperCase();
          }),
        ),
      );
      const total = await step.run("summarize", () => results.join(","));
      return total;
    });
    await start(app.executor(t.database, [fn]));
    const started = Date.now();
    await app.client.send({ name: "test/fan", data: {} });
    const [run] = await waitForRun(t.database, "test-fan");
    expect(run).toMatchObject({ status: "completed", output: "EMAIL,SMS,PUSH" });
    expect(ran.sort()).toEqual(["email", "push", "sms"]);
    // Three 50 ms steps on four workers overlap.
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("cancelOn stops a run parked on a sleep", async () => {
    const app = createTestApp();
    let finished = false;
    const fn = app.client.createFunction(
      { id: "cancellable", cancelOn: [{ event: "test/cancel", match: "data.id" }], triggers: [{ event: "test/start" }] },
      async ({ step }) => {
        await step.sleep("long", "1h");
        await step.run("never", () => (finished = true));
      },
    );
    await start(app.executor(t.database, [fn]));
    await app.client.send([{ name: "test/start", data: { id: "keep" } }, { name: "test/start", data: { id: "stop" } }]);
    await waitForRun(t.database, "test-cancellable", ["sleeping"], 2);
    await app.client.send({ name: "test/cancel", data: { id: "stop" } });
    const [cancelled] = await waitForRun(t.database, "test-cancellable", ["cancelled"]);
    const runs = await runsOf(t.database, "test-cancellable");
    expect(runs.map((r) => r.status).sort()).toEqual(["cancelled", "sleeping"]);
    const [jobs] = await t.database.query<{ n: number }>("select count(*)::int as n from executor.jobs where run_id = $1", [cancelled!.id]);
    expect(jobs!.n).toBe(0);
    expect(finished).toBe(false);
  });

  it("deduplicates event ids and honours idempotency keys", async () => {
    const app = createTestApp();
    let runs = 0;
    const fn = app.client.createFunction({ id: "once", idempotency: "event.data.orderId", triggers: [{ event: "test/once" }] }, async () => ++runs);
    const ex = await start(app.executor(t.database, [fn]));
    const ids1 = await app.client.send({ id: "evt-1", name: "test/once", data: { orderId: "o1" } });
    const ids2 = await app.client.send({ id: "evt-1", name: "test/once", data: { orderId: "o1" } });
    expect(ids1.ids).toEqual(ids2.ids);
    await app.client.send({ id: "evt-2", name: "test/once", data: { orderId: "o1" } });
    await app.client.send({ id: "evt-3", name: "test/once", data: { orderId: "o2" } });
    await waitForRun(t.database, "test-once", ["completed"], 2);
    await new Promise((r) => setTimeout(r, 200));
    expect((await runsOf(t.database, "test-once")).length).toBe(2);
    expect(runs).toBe(2);
    expect(ex.functions.map((f) => f.id)).toEqual(["test-once"]);
  });

  it("limits concurrency per key", async () => {
    const app = createTestApp();
    const active = new Map<string, number>();
    let maxSeen = 0;
    const fn = app.client.createFunction(
      { id: "serial", concurrency: [{ limit: 1, key: "event.data.user" }], triggers: [{ event: "test/serial" }] },
      async ({ event, step }) => {
        await step.run("work", async () => {
          const user = event.data.user as string;
          active.set(user, (active.get(user) ?? 0) + 1);
          maxSeen = Math.max(maxSeen, active.get(user)!);
          await new Promise((r) => setTimeout(r, 40));
          active.set(user, active.get(user)! - 1);
        });
      },
    );
    await start(app.executor(t.database, [fn], { concurrency: 6 }));
    await app.client.send(["a", "a", "a", "b", "b", "b"].map((user) => ({ name: "test/serial", data: { user } })));
    await waitForRun(t.database, "test-serial", ["completed"], 6);
    expect(maxSeen).toBe(1);
  });

  it("invokes another function and gets its result", async () => {
    const app = createTestApp();
    const child = app.client.createFunction({ id: "child", triggers: [{ event: "test/child" }] }, async ({ event, step }) =>
      step.run("double", () => (event.data.x as number) * 2),
    );
    const parent = app.client.createFunction({ id: "parent", triggers: [{ event: "test/parent" }] }, async ({ step }) => {
      const doubled = await step.invoke("call-child", { function: child, data: { x: 21 } });
      return { doubled };
    });
    await start(app.executor(t.database, [child, parent]));
    await app.client.send({ name: "test/parent", data: {} });
    const [run] = await waitForRun(t.database, "test-parent");
    expect(run).toMatchObject({ status: "completed", output: { doubled: 42 } });
  });

  it("fires cron triggers once per due time, whichever executor gets there", async () => {
    const app = createTestApp();
    const fn = app.client.createFunction({ id: "cron", triggers: [{ cron: "0 0 1 1 *" }] }, async ({ event }) => event.name);
    await start(app.executor(t.database, [fn]));
    await start(app.executor(t.database, [fn], { workerId: "other" }));
    await waitFor(async () => (await t.database.query("select 1 from executor.crons")).length === 1, { what: "cron row" });
    await t.database.query("update executor.crons set next_at = now() - interval '1 second'");
    const [run] = await waitForRun(t.database, "test-cron");
    expect(run).toMatchObject({ status: "completed", output: "inngest/scheduled.timer" });
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await runsOf(t.database, "test-cron")).length).toBe(1);
  });

  it("two executors racing on one database run every step exactly once", async () => {
    const app = createTestApp();
    const counts = new Map<string, number>();
    const fn = app.client.createFunction({ id: "race", triggers: [{ event: "test/race" }] }, async ({ event, step }) => {
      for (const name of ["a", "b", "c"]) {
        await step.run(name, async () => {
          const key = `${event.data.n}:${name}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
          await new Promise((r) => setTimeout(r, 2));
        });
      }
    });
    await start(app.executor(t.database, [fn], { workerId: "one" }));
    await start(app.executor(t.database, [fn], { workerId: "two" }));
    const n = 30;
    await app.client.send(Array.from({ length: n }, (_, i) => ({ name: "test/race", data: { n: i } })));
    await waitForRun(t.database, "test-race", ["completed"], n);
    expect(counts.size).toBe(n * 3);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
  });

  it("keeps the lease while one worker drives a run for longer than the lease", async () => {
    const app = createTestApp();
    const counts = new Map<string, number>();
    const fn = app.client.createFunction({ id: "long", triggers: [{ event: "test/long" }] }, async ({ step }) => {
      for (const name of ["a", "b", "c", "d"]) {
        await step.run(name, async () => {
          counts.set(name, (counts.get(name) ?? 0) + 1);
          await new Promise((r) => setTimeout(r, 250));
        });
      }
    });
    await start(app.executor(t.database, [fn], { leaseMs: 400, workerId: "one" }));
    await start(app.executor(t.database, [fn], { leaseMs: 400, workerId: "two" }));
    await app.client.send({ name: "test/long", data: {} });
    const [run] = await waitForRun(t.database, "test-long");
    expect(run!.status).toBe("completed");
    expect(Object.fromEntries(counts)).toEqual({ a: 1, b: 1, c: 1, d: 1 });
  });

  it("counts attempts per parallel step, not per run", async () => {
    const app = createTestApp();
    const failures = new Map<string, number>();
    const flaky = (name: string, times: number) => async () => {
      const n = (failures.get(name) ?? 0) + 1;
      failures.set(name, n);
      if (n <= times) throw new Error(`${name} failed ${n}`);
      return name;
    };
    const fn = app.client.createFunction({ id: "parallel-retries", retries: 2, triggers: [{ event: "test/pr" }] }, async ({ step }) =>
      Promise.all([step.run("left", flaky("left", 2)), step.run("right", flaky("right", 2))]),
    );
    await start(app.executor(t.database, [fn]));
    await app.client.send({ name: "test/pr", data: {} });
    const [run] = await waitForRun(t.database, "test-parallel-retries");
    expect(run).toMatchObject({ status: "completed", output: ["left", "right"] });
    expect(Object.fromEntries(failures)).toEqual({ left: 3, right: 3 });
  });

  it("reports runs, steps and queue statistics", async () => {
    const app = createTestApp();
    const fn = app.client.createFunction({ id: "visible", triggers: [{ event: "test/visible" }] }, async ({ step }) => {
      await step.run("one", () => "x".repeat(100));
      await step.sleep("rest", "1h");
    });
    await start(app.executor(t.database, [fn]));
    await app.client.send({ name: "test/visible", data: {} });
    const [run] = await waitForRun(t.database, "test-visible", ["sleeping"]);
    const [listed] = await listRuns(t.database.db, { functionId: "test-visible" });
    expect(listed!.id).toBe(run!.id);
    const detail = await getRun(t.database.db, run!.id);
    expect(detail!.steps.map((s) => [s.stepId, s.op])).toEqual([
      ["one", "StepRun"],
      ["rest", "Sleep"],
    ]);
    expect(detail!.steps[0]!.outputBytes).toBe(111);
    expect(detail!.steps[0]!.durationMs).toBeGreaterThanOrEqual(0);
    const stats = await queueStats(t.database.db);
    expect(stats).toMatchObject({ depth: 0, sleeping: 1 });
  });
});
