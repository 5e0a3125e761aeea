// Send-path benchmarks against the production build, on the embedded default (PGlite) and on
// PostgreSQL, side by side in one run. Prints figures; asserts nothing.
//   npm run build && npm run bench:send
// ingest:          accepted POST /api/v1/notifications per second, with p50/p99 latency (autocannon)
// in-app latency:  at a fixed 100 and 500 requests/s, time from the row being accepted to its
//                  inbox item existing (both timestamps from the database clock), p50/p95/p99
//                  (goals: p95 < 50 ms at 100/s, < 250 ms at 500/s)
// statements:      (PostgreSQL) SQL statements per in-app-only notification, from the HTTP
//                  request to its final status, the executor's work included
import path from "node:path";
import { performance } from "node:perf_hooks";
import { openDatabase, type Database } from "@/lib/db/client";
import { createApiKeyAsAdmin } from "../tests/support/http-session";
import { startApp } from "../tests/support/start-app";
import { startStatementCounter } from "./statement-counter";
import { benchPostgres, dataDir, drain, hammer, inboxLatencies, paced, percentiles, requireBuild, tracked } from "./support";

const INGEST_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
const STATEMENT_SENDS = Number(process.env.BENCH_STATEMENT_SENDS ?? 100);
const RATES = (process.env.BENCH_RATES ?? "100,500").split(",").filter(Boolean).map(Number);
// BENCH_ONLY=statements runs the statement count alone.
const ONLY = process.env.BENCH_ONLY;

requireBuild();

const body = JSON.stringify({ to: ["alice"], content: { in_app: { title: "Benchmark", body: "Hello from the load test" } } });
// The limiter still counts every request (its statement is part of the figure) but never refuses.
const appEnv = { LOG_LEVEL: "error", HERALD_RATE_LIMIT_INTAKE: "10000000" };

const post = (base: string, key: string, payload: string) => ({
  url: `${base}/api/v1/notifications`,
  method: "POST" as const,
  headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
  body: payload,
  status: 202,
});

/** Sends in-app notifications titled `latency-<rate>-…` at a fixed rate; returns how many were accepted. */
async function sendAtRate(base: string, key: string, rate: number) {
  const payload = JSON.stringify({ to: ["bob"], content: { in_app: { title: `latency-${rate}-${Date.now()}` } } });
  // Open loop, one request every 1/rate s: the latency a steady stream of senders sees.
  return paced({ ...post(base, key, payload), rate, seconds: LATENCY_SECONDS });
}

/**
 * Ingest, then each latency rate, on a fresh app, delivering the backlog after every phase so it
 * does not skew the next; then accepted→inbox times per rate, read once the app has stopped
 * (PGlite serves one process).
 */
async function bench(label: string, env: Record<string, string>, open: () => Promise<Database>) {
  const app = tracked(await startApp({ ...appEnv, ...env }, { echoStderr: true }), "stop");
  const key = await createApiKeyAsAdmin(app.baseUrl, "bench", ["notifications:write"]);
  const ingested = await hammer({ ...post(app.baseUrl, key, body), connections: 20, seconds: INGEST_SECONDS });
  await drain(app.baseUrl);
  const sent = new Map<number, Awaited<ReturnType<typeof sendAtRate>>>();
  for (const rate of RATES) {
    sent.set(rate, await sendAtRate(app.baseUrl, key, rate));
    await drain(app.baseUrl);
  }
  await app.stop(10_000);

  const database = await open();
  const latencies = await inboxLatencies(database, "latency-");
  await database.close();

  console.log(
    `${label.padEnd(9)} ingest ${ingested.rps.toFixed(0).padStart(5)} accepted/s  p50 ${ingested.p50} ms  p99 ${ingested.p99} ms  (other answers/errors ${ingested.errors})`,
  );
  for (const [rate, answered] of sent) {
    const { accepted, ms } = latencies.get(String(rate)) ?? { accepted: 0, ms: [] };
    // The accept transaction writes the inbox item: request → item visible is at most the
    // request's own time to its 202 (measured by the load generator).
    console.log(
      `${"".padEnd(9)} in-app at ${rate} req/s: ${ms.length}/${accepted} accepted have their inbox item (${(answered.count / LATENCY_SECONDS).toFixed(0)}/s answered 202 in the window); ` +
        `request → inbox item (≤ request → 202) ${percentiles(answered.times)}; accepted→inbox on the database clock ${percentiles(ms)}`,
    );
  }
}

/**
 * Statements per in-app-only notification on PostgreSQL: the app reaches the database through a
 * counting proxy; STATEMENT_SENDS notifications, one request at a time, until each has its final
 * status, less what the app runs when idle (timers, heartbeats) over the same time.
 */
async function statements(url: string) {
  const counter = await startStatementCounter(url);
  const env = { ...appEnv, DATABASE_URL: counter.url, HERALD_SEED_DEMO: "true", HERALD_UNSAFE_LOCAL_SIGN_IN: "true" };
  const app = tracked(await startApp(env, { echoStderr: true }), "stop");
  const key = await createApiKeyAsAdmin(app.baseUrl, "bench-statements", ["notifications:write"]);
  // Observed straight from the server, not through the proxy.
  const direct = await openDatabase({ kind: "postgres", url, poolMax: 1 });
  const pending = async (tag: string) =>
    (await direct.query<{ n: number }>(
      "select count(*)::int as n from notifications where content->'in_app'->>'title' = $1 and status not in ('delivered', 'failed', 'skipped', 'partial')",
      [tag],
    ))[0]!.n;
  const send = (tag: string) =>
    fetch(`${app.baseUrl}/api/v1/notifications`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ to: ["bob"], content: { in_app: { title: tag } } }),
    });
  // A warm-up, so first-use costs are not counted.
  await send("statements-warmup");
  await new Promise((r) => setTimeout(r, 2_000));

  let started = performance.now();
  let before = counter.count();
  await new Promise((r) => setTimeout(r, 5_000));
  const idlePerMs = (counter.count() - before) / (performance.now() - started);

  started = performance.now();
  before = counter.count();
  const deadline = Date.now() + 60_000;
  for (let i = 0; i < STATEMENT_SENDS; i++) await send("statements");
  while ((await pending("statements")) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  // The run's last statements (its completion) come just after the final status.
  await new Promise((r) => setTimeout(r, 1_000));
  const ms = performance.now() - started;
  const counted = counter.count() - before;
  const left = await pending("statements");
  console.log(
    `postgres  statements per in-app notification (request → final status): ${((counted - idlePerMs * ms) / STATEMENT_SENDS).toFixed(1)}` +
      `  (${STATEMENT_SENDS} sent one at a time, ${left} not final; ${counted} statements in ${(ms / 1000).toFixed(1)} s,` +
      ` less ${(idlePerMs * 1000).toFixed(1)}/s counted while idle)`,
  );
  await direct.close();
  await app.stop(10_000);
  await counter.close();
}

console.log(
  `send path: ingest for ${INGEST_SECONDS} s (20 connections), then in-app latency at ${RATES.join(" and ")} requests/s for ${LATENCY_SECONDS} s each`,
);

// Embedded default: PGlite in a fresh folder, executor in the app process.
if (ONLY !== "statements") {
  const { dir, remove } = dataDir();
  await bench("pglite", { HERALD_DATA_DIR: dir, DATABASE_URL: "" }, () => openDatabase({ kind: "pglite", dataDir: path.join(dir, "pglite") }));
  await remove();
}

// PostgreSQL: the same app pointed at a server (local sign-in for the seeded admin, who creates the key).
const scratch = await benchPostgres();
if (ONLY !== "statements") {
  await bench("postgres", { DATABASE_URL: scratch.url, HERALD_SEED_DEMO: "true", HERALD_UNSAFE_LOCAL_SIGN_IN: "true" }, () =>
    openDatabase({ kind: "postgres", url: scratch.url, poolMax: 2 }),
  );
}
if (STATEMENT_SENDS > 0) await statements(scratch.url);
await scratch.drop();
