// Live-feed fan-out: STREAMS concurrent Server-Sent Events streams on one app process
// (production build, PostgreSQL), then inbox items inserted straight into the database; the time
// from each insert's commit to the event reaching each client, p50/p95/p99. Prints figures.
//   npm run build && npm run bench:sse
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { createScratchDatabase } from "../tests/support/scratch-database";
import { signInCookie } from "../tests/support/http-session";
import { parseSseFrames } from "../tests/support/sse-frames";
import { startApp } from "../tests/support/start-app";
import { percentile } from "./percentile";

const root = path.resolve(import.meta.dirname, "..");
const STREAMS = Number(process.env.BENCH_STREAMS ?? 1000);
const INSERTS = Number(process.env.BENCH_INSERTS ?? 20);
const ALICE = "a1111111-1111-4111-8111-111111111111";

if (!fs.existsSync(path.join(root, ".next/BUILD_ID"))) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}

const scratch = await createScratchDatabase("herald_sse");
if (!scratch) {
  console.log("skipped: no PostgreSQL server (install postgresql or set TEST_DATABASE_URL)");
  process.exit(0);
}
const dbUrl = scratch.url;

// Local sign-in, for the seeded demo user whose streams these are.
const app = await startApp({ LOG_LEVEL: "error", DATABASE_URL: dbUrl, HERALD_SEED_DEMO: "true", HERALD_UNSAFE_LOCAL_SIGN_IN: "true" }, { echoStderr: true });
const base = app.baseUrl;

const cookie = await signInCookie(base, "alice@example.com");
const arrivals = new Map<string, number[]>(); // title → arrival times (performance.now)
const controllers: AbortController[] = [];
let open = 0;

async function stream() {
  const controller = new AbortController();
  controllers.push(controller);
  // Node's fetch keeps no per-origin connection cap, so each stream gets its own connection.
  const response = await fetch(`${base}/api/inbox/stream`, { headers: { cookie }, signal: controller.signal });
  open++;
  const decoder = new TextDecoder();
  let text = "";
  try {
    const reader = response.body!.getReader();
    for (;;) {
      const { value: chunk, done } = await reader.read();
      if (done) break;
      const parsed = parseSseFrames(text + decoder.decode(chunk, { stream: true }));
      text = parsed.rest;
      const now = performance.now();
      for (const frame of parsed.frames) {
        if (frame.event !== "INSERT") continue;
        const list = arrivals.get(frame.data.item.title) ?? [];
        list.push(now);
        arrivals.set(frame.data.item.title, list);
      }
    }
  } catch {
    // Aborted at the end.
  }
}

const started = performance.now();
const streams = Array.from({ length: STREAMS }, () => stream());
while (open < STREAMS && performance.now() - started < 60_000) await new Promise((r) => setTimeout(r, 50));
console.log(`sse fan-out: ${open}/${STREAMS} streams open on one process in ${((performance.now() - started) / 1000).toFixed(1)} s`);
await new Promise((r) => setTimeout(r, 1_000));

const client = new pg.Client({ connectionString: dbUrl });
await client.connect();
const latencies: number[] = [];
for (let i = 0; i < INSERTS; i++) {
  const title = `fanout-${i}`;
  await client.query("insert into inbox_items (recipient_id, type_key, title) values ($1, 'default', $2)", [ALICE, title]);
  const committed = performance.now();
  const until = performance.now() + 10_000;
  while ((arrivals.get(title)?.length ?? 0) < open && performance.now() < until) await new Promise((r) => setTimeout(r, 5));
  // Measured from the moment the insert's commit returned to this process.
  for (const at of arrivals.get(title) ?? []) latencies.push(Math.max(0, at - committed));
  await new Promise((r) => setTimeout(r, 200));
}
const pct = (p: number) => percentile(latencies, p).toFixed(1);
console.log(
  `${INSERTS} inserts × ${open} streams: ${latencies.length} deliveries; insert→client p50 ${pct(50)} ms  p95 ${pct(95)} ms  p99 ${pct(99)} ms`,
);

for (const c of controllers) c.abort();
await Promise.allSettled(streams);
await client.end();
await app.stop(10_000);
await scratch.drop();
