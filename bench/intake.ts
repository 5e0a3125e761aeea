// Intake against the cheapest route, on the production build, PGlite and PostgreSQL side by side.
// Prints figures; asserts nothing.
//   npm run build && npm run bench:intake
// cheapest route:  GET /api/inbox/counts signed out (401), through the same auth wrapper as intake
// intake:          accepted POST /api/v1/notifications (in-app only, API key) per second, same
//                  load generator, connections and duration; the ratio intake / cheapest (goal ≥ 0.5)
// steady:          p50/p99 of intake at a fixed 100 requests/s (goal p99 < 50 ms)
// web + worker:    (PostgreSQL) the same with HERALD_EXECUTOR=off on the web process and one
//                  `npm run worker` process delivering
// two processes:   (PostgreSQL) two `next start` processes on one database, the load split
//                  between them: accepted/s the machine reaches
import os from "node:os";
import { createApiKeyAsAdmin } from "../tests/support/http-session";
import { startApp, type RunningApp } from "../tests/support/start-app";
import { openDatabase } from "@/lib/db/client";
import { benchPostgres, dataDir, drain, hammer, paced, percentiles, requireBuild, startWorker, tracked } from "./support";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const STEADY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const STEADY_RATE = 100;

requireBuild();

const body = JSON.stringify({ to: ["alice"], content: { in_app: { title: "Benchmark", body: "Hello from the load test" } } });
// The limiter still counts every request (its statement is part of the figure) but never refuses.
const appEnv = { LOG_LEVEL: "error", HERALD_RATE_LIMIT_INTAKE: "10000000" };

const cheapest = (app: RunningApp, seconds = SECONDS, connections = CONNECTIONS) =>
  hammer({ url: `${app.baseUrl}/api/inbox/counts`, connections, seconds, status: 401 });
const intake = (app: RunningApp, key: string, seconds = SECONDS, connections = CONNECTIONS) =>
  hammer({
    url: `${app.baseUrl}/api/v1/notifications`,
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body,
    connections,
    seconds,
    status: 202,
  });

/** Cheapest route, then intake, on one app (after a short warm-up of both); the backlog delivered before returning. */
async function ratio(label: string, app: RunningApp, key: string) {
  await cheapest(app, 2);
  await intake(app, key, 2);
  await drain(app.baseUrl);
  const floor = await cheapest(app);
  const accepted = await intake(app, key);
  console.log(
    `${label.padEnd(28)} cheapest ${floor.rps.toFixed(0).padStart(5)} req/s (p50 ${floor.p50} ms, p99 ${floor.p99} ms)` +
      `  intake ${accepted.rps.toFixed(0).padStart(5)} accepted/s (p50 ${accepted.p50} ms, p99 ${accepted.p99} ms)` +
      `  ratio ${(accepted.rps / floor.rps).toFixed(2)}  (other answers/errors ${floor.errors}/${accepted.errors})`,
  );
  await drain(app.baseUrl);
}

async function steady(label: string, app: RunningApp, key: string) {
  // Open loop, one request every 10 ms: the latency a steady stream of senders sees.
  const result = await paced({
    url: `${app.baseUrl}/api/v1/notifications`,
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body,
    rate: STEADY_RATE,
    seconds: STEADY_SECONDS,
    status: 202,
  });
  console.log(
    `${label.padEnd(28)} intake at ${STEADY_RATE} req/s (paced): ${result.count} accepted (${result.rps.toFixed(0)}/s held)` +
      `  ${percentiles(result.times)}  (other answers/errors ${result.errors})`,
  );
  await drain(app.baseUrl);
}

console.log(
  `intake vs cheapest route: autocannon, ${CONNECTIONS} connections, ${SECONDS} s each; steady ${STEADY_RATE} req/s for ${STEADY_SECONDS} s; ${os.cpus().length} cores`,
);

// Embedded default: PGlite in a fresh folder, executor in the app process.
const { dir, remove } = dataDir();
{
  const app = tracked(await startApp({ ...appEnv, HERALD_DATA_DIR: dir, DATABASE_URL: "" }, { echoStderr: true }), "stop");
  const key = await createApiKeyAsAdmin(app.baseUrl, "bench", ["notifications:write"]);
  await ratio("pglite", app, key);
  await steady("pglite", app, key);
  await app.stop(10_000);
}
await remove();

const scratch = await benchPostgres();
// Local sign-in for the seeded admin, who creates the API key.
const pgEnv = { ...appEnv, DATABASE_URL: scratch.url, HERALD_SEED_DEMO: "true", HERALD_UNSAFE_LOCAL_SIGN_IN: "true" };
let key: string;
{
  const app = tracked(await startApp(pgEnv, { echoStderr: true }), "stop");
  key = await createApiKeyAsAdmin(app.baseUrl, "bench", ["notifications:write"]);
  await ratio("postgres", app, key);
  await steady("postgres", app, key);
  await app.stop(10_000);
}
{
  // The web process takes events in; a worker process (started first: a web process with its
  // executor off is healthy only while one runs) delivers them.
  const database = await openDatabase({ kind: "postgres", url: scratch.url, poolMax: 1 });
  const worker = await startWorker(pgEnv, database);
  const app = tracked(await startApp({ ...pgEnv, HERALD_EXECUTOR: "off" }, { echoStderr: true }), "stop");
  await ratio("postgres, web + worker", app, key);
  await app.stop(10_000);
  await worker.stop();
  await database.close();
}
{
  // One web process per core, each with its executor, on one database; the load split in two.
  const apps = (await Promise.all([startApp(pgEnv, { echoStderr: true }), startApp(pgEnv, { echoStderr: true })])).map((app) => tracked(app, "stop"));
  await Promise.all(apps.map((app) => intake(app, key, 2, CONNECTIONS / 2)));
  await Promise.all(apps.map((app) => drain(app.baseUrl)));
  const results = await Promise.all(apps.map((app) => intake(app, key, SECONDS, Math.max(1, Math.round(CONNECTIONS / 2)))));
  const total = results.reduce((n, r) => n + r.rps, 0);
  console.log(
    `${"postgres, 2 web processes".padEnd(28)} intake ${total.toFixed(0).padStart(5)} accepted/s in all (` +
      results.map((r) => `${r.rps.toFixed(0)}/s p50 ${r.p50} ms p99 ${r.p99} ms`).join("; ") +
      `)  (other answers/errors ${results.reduce((n, r) => n + r.errors, 0)})`,
  );
  await Promise.all(apps.map((app) => app.stop(10_000)));
}
await scratch.drop();
