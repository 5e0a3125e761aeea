// Embedded executor benchmark: throughput of a 3-step function and the executor's overhead per
// step, on PGlite and on PostgreSQL. Prints figures; asserts nothing.
//   npm run bench:executor            (starts Debian's PostgreSQL if TEST_DATABASE_URL is unset)
import { performance } from "node:perf_hooks";
import { openDatabase, type Database } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate-database";
import { createTestApp, waitFor } from "../tests/support/executor-harness";
import { createScratchDatabase } from "../tests/support/scratch-database";
import { percentile } from "./percentile";

const THROUGHPUT_RUNS = Number(process.env.BENCH_RUNS ?? 400);
const LATENCY_RUNS = Number(process.env.BENCH_LATENCY_RUNS ?? 100);
const DEADLINE_MS = 90_000;
const WORKERS = Number(process.env.BENCH_WORKERS ?? 8);

async function completed(database: Database, fnId: string) {
  const [row] = await database.query<{ n: number }>("select count(*)::int as n from executor.runs where function_id = $1 and status = 'completed'", [fnId]);
  return row!.n;
}

async function bench(label: string, database: Database) {
  await migrateDatabase(database);
  const app = createTestApp("bench");
  // Step boundaries, per run: [start of step body, end of step body] for each of the 3 steps.
  const marks = new Map<string, number[]>();
  const mark = (runId: string) => {
    const list = marks.get(runId) ?? [];
    list.push(performance.now());
    marks.set(runId, list);
  };
  const fn = app.client.createFunction({ id: "three-steps", retries: 0, triggers: [{ event: "bench/go" }] }, async ({ runId, step }) => {
    for (const name of ["one", "two", "three"]) {
      await step.run(name, () => {
        mark(runId);
        mark(runId);
        return name;
      });
    }
  });
  const executor = app.executor(database, [fn], { concurrency: WORKERS, backoffScale: 1, pollMs: 200, leaseMs: 30_000 });
  // Intake: events in (deduplicated, matched to triggers, runs and jobs created), 100 per send.
  await executor.sync();
  let started = performance.now();
  for (let i = 0; i < THROUGHPUT_RUNS; i += 100) {
    await app.client.send(Array.from({ length: Math.min(100, THROUGHPUT_RUNS - i) }, () => ({ name: "bench/go", data: {} })));
  }
  const intakeSeconds = (performance.now() - started) / 1000;

  // Throughput: the queued runs, executed.
  started = performance.now();
  await executor.start();
  await waitFor(async () => (await completed(database, "bench-three-steps")) >= THROUGHPUT_RUNS, { timeoutMs: DEADLINE_MS, intervalMs: 20, what: "throughput runs" });
  const seconds = (performance.now() - started) / 1000;

  // Overhead: one run at a time; the gap between one step's end and the next one's start is
  // all executor (persist the result, call the SDK again, replay memoized steps).
  marks.clear();
  const gaps: number[] = [];
  const firstStep: number[] = [];
  for (let i = 0; i < LATENCY_RUNS; i++) {
    const before = performance.now();
    const done = (await completed(database, "bench-three-steps")) + 1;
    await app.client.send({ name: "bench/go", data: {} });
    await waitFor(async () => (await completed(database, "bench-three-steps")) >= done, { timeoutMs: 10_000, intervalMs: 1, what: "latency run" });
    const run = [...marks.values()].at(-1)!;
    firstStep.push(run[0]! - before);
    gaps.push(run[2]! - run[1]!, run[4]! - run[3]!);
  }
  await executor.stop();
  console.log(
    `${label.padEnd(10)} intake ${(THROUGHPUT_RUNS / intakeSeconds).toFixed(0)} events/s (batches of 100)`,
  );
  console.log(
    `${label.padEnd(10)} ${(THROUGHPUT_RUNS / seconds).toFixed(0).padStart(6)} runs/s  ${((THROUGHPUT_RUNS * 3) / seconds).toFixed(0).padStart(6)} steps/s` +
      `   per-step overhead p50 ${percentile(gaps, 50).toFixed(2)} ms, p99 ${percentile(gaps, 99).toFixed(2)} ms` +
      `   send→first step p50 ${percentile(firstStep, 50).toFixed(2)} ms`,
  );
}

console.log(`embedded executor: ${THROUGHPUT_RUNS} runs of a 3-step function at once (${WORKERS} workers), then ${LATENCY_RUNS} runs one at a time`);
const pglite = await openDatabase({ kind: "pglite", dataDir: "memory://" });
await bench("pglite", pglite);
await pglite.close();

const scratch = await createScratchDatabase("herald_bench");
if (!scratch) {
  console.log("postgres   skipped: no PostgreSQL server (install postgresql or set TEST_DATABASE_URL)");
  process.exit(0);
}
const pg = await openDatabase({ kind: "postgres", url: scratch.url, poolMax: 16 });
await bench("postgres", pg);
await pg.close();
await scratch.drop();
