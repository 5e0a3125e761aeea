// Send-path benchmarks against the production build, on the embedded default (PGlite) and on
// PostgreSQL, side by side in one run. Prints figures; asserts nothing.
//   npm run build && npm run bench:send
// ingest:          accepted POST /api/v1/notifications per second, with p50/p99 latency (autocannon)
// in-app latency:  at a fixed 100 requests/s, time from the row being accepted to its inbox item
//                  existing (both timestamps from the database clock), p50/p95/p99
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import postgres from "postgres";
import { freePort, stopProcessGroup } from "../tests/support/postgres-server";
import { createScratchDatabase } from "../tests/support/scratch-database";
import { createApiKeyAsAdmin } from "../tests/support/http-session";

const root = path.resolve(import.meta.dirname, "..");
const INGEST_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
// 100 requests/s is the goal's rate; 20/s shows the latency of a run when the executor keeps up.
const RATES = [100, 20];

if (!fs.existsSync(path.join(root, ".next/BUILD_ID"))) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}

async function startApp(env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "error", ...env },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await fetch(`${base}/api/health`).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error("app did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  const key = await createApiKeyAsAdmin(base, "bench", ["notifications:write"]);
  return { base, key, stop: () => stopProcessGroup(child, "SIGTERM", 10_000) };
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

async function inAppLatency(base: string, key: string, query: (sql: string) => Promise<{ ms: number }[]>, rate = 100) {
  const marker = `latency-${rate}-${Date.now()}`;
  const result = await autocannon({
    url: `${base}/api/v1/notifications`,
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ to: ["bob"], content: { in_app: { title: marker } } }),
    connections: 10,
    overallRate: rate,
    duration: LATENCY_SECONDS,
  });
  await drain(base);
  const rows = await query(
    `select extract(epoch from (i.created_at - n.created_at)) * 1000 as ms
       from inbox_items i join notifications n on n.id = i.notification_id where i.title = '${marker}'`,
  );
  return { sent: result.statusCodeStats?.["202"]?.count ?? 0, ...percentiles(rows.map((r) => Number(r.ms))) };
}

function percentiles(values: number[]) {
  const ms = [...values].sort((a, b) => a - b);
  const pct = (p: number) => ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))] ?? NaN;
  return { delivered: ms.length, p50: pct(50), p95: pct(95), p99: pct(99) };
}

/** Waits (at most 3 minutes) for the ingest backlog to be delivered, so it does not skew latency. */
async function drain(base: string) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const health = await (await fetch(`${base}/api/health`)).json();
    const queue = health.durable?.executor?.queue;
    if ((queue && queue.depth === 0 && queue.leased === 0) || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

type Latency = Awaited<ReturnType<typeof inAppLatency>>;
const report = (label: string, i: Awaited<ReturnType<typeof ingest>>, latencies: [number, Latency][]) => {
  console.log(`${label.padEnd(9)} ingest ${i.rps.toFixed(0).padStart(5)} accepted/s  p50 ${i.p50} ms  p99 ${i.p99} ms  (non-2xx/errors ${i.errors})`);
  for (const [rate, l] of latencies) {
    console.log(
      `${"".padEnd(9)} in-app at ${rate} req/s: ${l.delivered}/${l.sent} delivered, accepted→inbox p50 ${l.p50.toFixed(1)} ms  p95 ${l.p95.toFixed(1)} ms  p99 ${l.p99.toFixed(1)} ms`,
    );
  }
};

console.log(`send path: ingest for ${INGEST_SECONDS} s (20 connections), then in-app latency at 100 requests/s for ${LATENCY_SECONDS} s`);

// Embedded default: PGlite in a fresh folder, executor in the app process. PGlite serves one
// process, so the timestamps are read after the app has stopped.
{
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-bench-"));
  const app = await startApp({ HERALD_DATA_DIR: dir, DATABASE_URL: "" });
  const i = await ingest(app.base, app.key);
  const latencies: [number, Latency][] = [];
  for (const rate of RATES) {
    await drain(app.base);
    latencies.push([rate, await inAppLatency(app.base, app.key, async () => [], rate)]);
  }
  await drain(app.base);
  await app.stop();
  const { PGlite } = await import("@electric-sql/pglite");
  const pg = new PGlite(path.join(dir, "pglite"));
  for (const [rate, l] of latencies) {
    const rows = await pg.query<{ ms: number }>(
      `select extract(epoch from (i.created_at - n.created_at)) * 1000 as ms from inbox_items i join notifications n on n.id = i.notification_id where i.title like 'latency-${rate}-%'`,
    );
    Object.assign(l, percentiles(rows.rows.map((r) => Number(r.ms))));
  }
  await pg.close();
  report("pglite", i, latencies);
  fs.rmSync(dir, { recursive: true, force: true });
}

// PostgreSQL: the same app pointed at a server.
{
  const scratch = await createScratchDatabase("herald_bench");
  if (!scratch) {
    console.log("postgres  skipped: no PostgreSQL server (install postgresql or set TEST_DATABASE_URL)");
    process.exit(0);
  }
  const dbUrl = scratch.url;
  const app = await startApp({ DATABASE_URL: dbUrl, HERALD_SEED_DEMO: "true" });
  const sql = postgres(dbUrl, { max: 2 });
  const i = await ingest(app.base, app.key);
  const latencies: [number, Latency][] = [];
  for (const rate of RATES) {
    await drain(app.base);
    latencies.push([rate, await inAppLatency(app.base, app.key, (q) => sql.unsafe(q) as unknown as Promise<{ ms: number }[]>, rate)]);
  }
  await app.stop();
  await sql.end();
  await scratch.drop();
  report("postgres", i, latencies);
}
