// Webhook deliveries per second, on the production build: PostgreSQL with one web process
// (HERALD_EXECUTOR=off) and worker processes (`npm run worker`), and PGlite with its one process
// (executor in the web process), side by side. A loopback receiver is every recipient's endpoint;
// it counts deliveries and duplicates by `webhook-id` (goals ≥ 300/s, 0 duplicates). Prints figures.
//   npm run build && npm run bench:webhooks
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { openDatabase } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate-database";
import { createApiKeyAsAdmin } from "../tests/support/http-session";
import { startApp } from "../tests/support/start-app";
import { startWebhookReceiver } from "../tests/support/webhook-receiver";
import { benchPostgres, dataDir, requireBuild, startWorker, tracked } from "./support";

const NOTIFICATIONS = Number(process.env.BENCH_WEBHOOKS ?? 3000);
const RECIPIENTS = Number(process.env.BENCH_WEBHOOK_RECIPIENTS ?? 20);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_SECONDS ?? 180) * 1000;
// How long to keep listening after the last delivery, for late duplicates.
const SETTLE_MS = 3_000;

requireBuild();

async function bench(label: string, env: Record<string, string>, workers: (env: Record<string, string>) => Promise<{ stop: () => Promise<void> }[]>) {
  const receiver = tracked(await startWebhookReceiver(), "close");
  const port = new URL(receiver.url).port;
  const shared = {
    LOG_LEVEL: "error",
    HERALD_RATE_LIMIT_INTAKE: "10000000",
    WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${port}`,
    HERALD_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ...env,
  };
  // Workers first: a web process with its executor off is healthy only while one runs.
  const running = await workers(shared);
  const app = tracked(await startApp(shared, { echoStderr: true }), "stop");
  const key = await createApiKeyAsAdmin(app.baseUrl, "bench", ["notifications:write", "recipients:write", "webhooks:write"]);
  const api = async (method: string, route: string, body: unknown) => {
    const response = await fetch(`${app.baseUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.status >= 300) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
    return response;
  };
  const ids = Array.from({ length: RECIPIENTS }, (_, i) => `hook-${String(i).padStart(4, "0")}`);
  for (const id of ids) {
    await api("PUT", `/api/v1/recipients/${id}`, { name: `Webhook recipient ${id}` });
    await api("POST", "/api/v1/webhook-endpoints", { url: receiver.url, recipientId: id });
  }

  // One request per round names every recipient; four requests in flight.
  const rounds = Math.ceil(NOTIFICATIONS / RECIPIENTS);
  const started = performance.now();
  let next = 0;
  let accepted = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < rounds) {
        const round = next++;
        const to = ids.slice(0, Math.min(RECIPIENTS, NOTIFICATIONS - round * RECIPIENTS));
        const response = await api("POST", "/api/v1/notifications", { to, channels: ["webhook"], content: { webhook: { payload: { round } } } });
        const { data } = await response.json();
        accepted += data.notifications.length;
      }
    }),
  );
  const sentSeconds = (performance.now() - started) / 1000;
  let doneAt = performance.now();
  while (receiver.acceptedById().size < accepted && performance.now() - started < DEADLINE_MS) {
    await new Promise((r) => setTimeout(r, 20));
    doneAt = performance.now();
  }
  const unique = receiver.acceptedById().size;
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const counts = receiver.acceptedById();
  const duplicates = [...counts.values()].reduce((n, c) => n + c - 1, 0);
  const refused = receiver.received.filter((r) => r.status >= 300).length;
  const seconds = (doneAt - started) / 1000;
  console.log(
    `${label.padEnd(30)} ${unique}/${accepted} delivered in ${seconds.toFixed(1)} s: ${(unique / seconds).toFixed(0).padStart(5)} deliveries/s` +
      `  (accepted in ${sentSeconds.toFixed(1)} s)  duplicates by webhook-id ${duplicates}  received ${receiver.received.length}, non-2xx ${refused}` +
      (unique < accepted ? `  (deadline of ${DEADLINE_MS / 1000} s reached)` : ""),
  );
  for (const worker of running) await worker.stop();
  await app.stop(10_000);
  await receiver.close();
}

console.log(`webhooks: ${NOTIFICATIONS} notifications on the webhook channel over ${RECIPIENTS} recipients, each with an endpoint on one loopback receiver`);

// Embedded default: PGlite, one process (the executor in the web process).
const { dir, remove } = dataDir();
await bench("pglite, 1 process", { HERALD_DATA_DIR: dir, DATABASE_URL: "" }, async () => []);
await remove();

const scratch = await benchPostgres();
// Local sign-in for the seeded admin, who creates the API key.
const database = await openDatabase({ kind: "postgres", url: scratch.url, poolMax: 1 });
await migrateDatabase(database);
await bench(
  `postgres, web + ${WORKERS} worker${WORKERS === 1 ? "" : "s"}`,
  { DATABASE_URL: scratch.url, HERALD_SEED_DEMO: "true", HERALD_UNSAFE_LOCAL_SIGN_IN: "true", HERALD_EXECUTOR: "off" },
  async (env) => {
    const { HERALD_EXECUTOR: _off, ...workerEnv } = env;
    void _off;
    const started = [];
    for (let i = 0; i < WORKERS; i++) started.push(await startWorker(workerEnv, database));
    return started;
  },
);
await database.close();
await scratch.drop();
