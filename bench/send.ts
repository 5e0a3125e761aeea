// Send-path benchmarks against the production build, on the embedded default (PGlite) and on
// PostgreSQL, side by side in one run. Prints figures; asserts nothing.
//   npm run build && npm run bench:send
// ingest:          accepted POST /api/v1/notifications per second, with p50/p99 latency (autocannon)
// in-app latency:  at a fixed 100 requests/s, time from the row being accepted to its inbox item
//                  existing (both timestamps from the database clock), p50/p95/p99
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { openDatabase, type Database } from "@/lib/db/client";
import { createScratchDatabase } from "../tests/support/scratch-database";
import { createApiKeyAsAdmin } from "../tests/support/http-session";
import { startApp } from "../tests/support/start-app";
import { percentile } from "./percentile";

const root = path.resolve(import.meta.dirname, "..");
const INGEST_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
// 100 requests/s is the goal's rate; 20/s shows the latency of a run when the executor keeps up.
const RATES = [100, 20];

if (!fs.existsSync(path.join(root, ".next/BUILD_ID"))) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}

const body = JSON.stringify({ to: ["alice"], content: { in_app: { title: "Benchmark", body: "Hello from the load test" } } });

async function ingest(base: string, key: string) {
  const result = await autocannon({
    url: `${base}/api/v1/notifications`,
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body,
    connections: 20,
    duration: INGEST_SECONDS,
  });
  const accepted = result.statusCodeStats?.["202"]?.count ?? 0;
  return { rps: accepted / INGEST_SECONDS, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors };
}

/** Sends in-app notifications titled `latency-<rate>-…` at a fixed rate; returns how many were accepted. */
async function sendAtRate(base: string, key: string, rate: number) {
  const result = await autocannon({
    url: `${base}/api/v1/notifications`,
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ to: ["bob"], content: { in_app: { title: `latency-${rate}-${Date.now()}` } } }),
    connections: 10,
    overallRate: rate,
    duration: LATENCY_SECONDS,
  });
  return result.statusCodeStats?.["202"]?.count ?? 0;
}

/** Waits (at most 3 minutes) for the backlog to be delivered, so it does not skew what comes next. */
async function drain(base: string) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const health = await (await fetch(`${base}/api/health`)).json();
    const queue = health.durable?.executor?.queue;
    if ((queue && queue.depth === 0 && queue.leased === 0) || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Ingest, then each latency rate, on a fresh app, delivering the backlog after every phase so it
 * does not skew the next; then accepted→inbox times per rate, both timestamps from the database
 * clock, read once the app has stopped (PGlite serves one process).
 */
async function bench(label: string, env: Record<string, string>, open: () => Promise<Database>) {
  // The limiter still counts every request (its statement is part of the figure) but never refuses.
  const app = await startApp({ LOG_LEVEL: "error", HERALD_RATE_LIMIT_INTAKE: "10000000", ...env }, { echoStderr: true });
  const key = await createApiKeyAsAdmin(app.baseUrl, "bench", ["notifications:write"]);
  const ingested = await ingest(app.baseUrl, key);
  await drain(app.baseUrl);
  const sent = new Map<number, number>();
  for (const rate of RATES) {
    sent.set(rate, await sendAtRate(app.baseUrl, key, rate));
    await drain(app.baseUrl);
  }
  await app.stop(10_000);

  const database = await open();
  const rows = await database.query<{ rate: number; ms: number }>(
    `select split_part(i.title, '-', 2)::int as rate, (extract(epoch from (i.created_at - n.created_at)) * 1000)::float8 as ms
       from inbox_items i join notifications n on n.id = i.notification_id where i.title like 'latency-%'`,
  );
  await database.close();

  console.log(
    `${label.padEnd(9)} ingest ${ingested.rps.toFixed(0).padStart(5)} accepted/s  p50 ${ingested.p50} ms  p99 ${ingested.p99} ms  (non-2xx/errors ${ingested.errors})`,
  );
  for (const [rate, count] of sent) {
    const ms = rows.filter((row) => row.rate === rate).map((row) => row.ms);
    const at = (p: number) => percentile(ms, p).toFixed(1);
    console.log(
      `${"".padEnd(9)} in-app at ${rate} req/s: ${ms.length}/${count} delivered, accepted→inbox p50 ${at(50)} ms  p95 ${at(95)} ms  p99 ${at(99)} ms`,
    );
  }
}

console.log(`send path: ingest for ${INGEST_SECONDS} s (20 connections), then in-app latency at 100 requests/s for ${LATENCY_SECONDS} s`);

// Embedded default: PGlite in a fresh folder, executor in the app process.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-bench-"));
await bench("pglite", { HERALD_DATA_DIR: dir, DATABASE_URL: "" }, () => openDatabase({ kind: "pglite", dataDir: path.join(dir, "pglite") }));
fs.rmSync(dir, { recursive: true, force: true });

// PostgreSQL: the same app pointed at a server.
const scratch = await createScratchDatabase("herald_bench");
if (!scratch) {
  console.log("postgres  skipped: no PostgreSQL server (install postgresql or set TEST_DATABASE_URL)");
  process.exit(0);
}
await bench("postgres", { DATABASE_URL: scratch.url, HERALD_SEED_DEMO: "true" }, () => openDatabase({ kind: "postgres", url: scratch.url, poolMax: 2 }));
await scratch.drop();
