// What the benches against the production build share: the build check, a bounded autocannon
// run, waiting for the executor's backlog, worker processes, and the in-app latency query.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import type { Database } from "@/lib/db/client";
import { stopProcessGroup } from "../tests/support/postgres-server";
import { createScratchDatabase } from "../tests/support/scratch-database";
import { percentile } from "./percentile";

export const root = path.resolve(import.meta.dirname, "..");

/** A scratch PostgreSQL database, dropped when the bench ends; without a server the bench ends here. */
export async function benchPostgres() {
  const created = await createScratchDatabase("herald_bench");
  if (!created) {
    console.log("postgres  skipped: no PostgreSQL server (install postgresql or set TEST_DATABASE_URL)");
    process.exit(0);
  }
  return tracked(created, "drop");
}

/** Exits with a hint when there is no production build to start. */
export function requireBuild() {
  if (!fs.existsSync(path.join(root, ".next/BUILD_ID"))) {
    console.error("No production build: run `npm run build` first.");
    process.exit(1);
  }
}

export type Hammered = {
  count: number;
  rps: number;
  p50: number;
  p99: number;
  /** Every answer with `status`: its response time in ms (p95 and the like, exactly). */
  times: number[];
  errors: number;
  statuses: Record<string, number>;
};

/**
 * One autocannon run, bounded by `seconds`: how many answers had `status`, per second, with the
 * latency percentiles of every answer. `rate` fixes the request rate across all connections.
 */
export async function hammer(options: {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
  status: number;
  rate?: number;
}): Promise<Hammered> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: options.method ?? "GET",
        headers: options.headers,
        body: options.body,
        connections: options.connections,
        duration: options.seconds,
        ...(options.rate ? { overallRate: options.rate } : {}),
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === options.status) times.push(responseTime);
    });
  });
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats?.count ?? 0])) as Record<string, number>;
  const count = statuses[String(options.status)] ?? 0;
  const other = Object.entries(statuses).filter(([code]) => code !== String(options.status)).reduce((n, [, c]) => n + c, 0);
  return {
    count,
    rps: count / options.seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    times,
    errors: other + result.errors + result.timeouts,
    statuses,
  };
}

/**
 * An open-loop load at a steady rate: one request every 1/rate s (not bursts at the top of each
 * second, as autocannon's rate limit sends them), however long the answers take, over a pool of
 * keep-alive connections; at most `maxInFlight` outstanding. Each answer's time is recorded.
 */
export async function paced(options: {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  rate: number;
  seconds: number;
  status: number;
  maxInFlight?: number;
}): Promise<Hammered> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.maxInFlight ?? 256 });
  const url = new URL(options.url);
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let inFlight = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      inFlight++;
      const req = http.request(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, method: options.method ?? "GET", headers: options.headers, agent },
        (res) => {
          res.resume();
          res.on("end", () => {
            inFlight--;
            statuses[String(res.statusCode)] = (statuses[String(res.statusCode)] ?? 0) + 1;
            if (res.statusCode === options.status) times.push(performance.now() - started);
            resolve();
          });
        },
      );
      req.on("error", () => {
        inFlight--;
        errors++;
        resolve();
      });
      req.end(options.body);
    });
  const total = Math.round(options.rate * options.seconds);
  const start = performance.now();
  const sent: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (inFlight >= (options.maxInFlight ?? 256)) {
      errors++;
      continue;
    }
    sent.push(one());
  }
  await Promise.all(sent);
  agent.destroy();
  const count = statuses[String(options.status)] ?? 0;
  const other = Object.entries(statuses).filter(([code]) => code !== String(options.status)).reduce((n, [, c]) => n + c, 0);
  return {
    count,
    rps: count / options.seconds,
    p50: Math.round(percentile(times, 50)),
    p99: Math.round(percentile(times, 99)),
    times,
    errors: other + errors,
    statuses,
  };
}

/** Waits (at most `ms`) for the executor's queue to be empty, so a backlog does not skew what comes next. */
export async function drain(base: string, ms = 180_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const health = await fetch(`${base}/api/health`).then((r) => r.json(), () => null);
    const queue = health?.durable?.executor?.queue;
    if ((queue && queue.depth === 0 && queue.leased === 0) || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * A worker process (`bin/worker.ts`, as `npm run worker` starts it), ready once it has registered
 * in executor.workers (`database` is the one it works on, already migrated).
 */
export async function startWorker(env: Record<string, string>, database: Database) {
  const child = spawn(process.execPath, ["--import", "tsx", "bin/worker.ts"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "error", ...env },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const { stop } = tracked({ stop: () => stopProcessGroup(child, "SIGTERM", 10_000) }, "stop");
  const workers = async () => (await database.query<{ n: number }>("select count(*)::int as n from executor.workers where kind = 'worker'"))[0]!.n;
  const before = await workers();
  const deadline = Date.now() + 60_000;
  while ((await workers()) <= before) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(child.exitCode !== null ? `the worker exited during start-up (${child.exitCode})` : "the worker did not register in 60 s");
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { stop };
}

/**
 * Accepted → inbox times (both from the database clock) of the in-app notifications titled
 * `<prefix><group>-…`, grouped by `<group>`, with how many were accepted (some have no item yet).
 */
export async function inboxLatencies(database: Database, prefix: string): Promise<Map<string, { accepted: number; ms: number[] }>> {
  const rows = await database.query<{ grp: string; ms: number | null }>(
    `select split_part(substr(n.content->'in_app'->>'title', $2), '-', 1) as grp,
            (extract(epoch from (i.created_at - n.created_at)) * 1000)::float8 as ms
       from notifications n left join inbox_items i on i.notification_id = n.id
      where n.content->'in_app'->>'title' like $1`,
    [`${prefix}%`, prefix.length + 1],
  );
  const groups = new Map<string, { accepted: number; ms: number[] }>();
  for (const row of rows) {
    const group = groups.get(row.grp) ?? { accepted: 0, ms: [] };
    group.accepted++;
    if (row.ms !== null) group.ms.push(row.ms);
    groups.set(row.grp, group);
  }
  return groups;
}

/** "p50 1.2 ms  p95 3.4 ms  p99 5.6 ms" of `values`. */
export function percentiles(values: number[], ps = [50, 95, 99]) {
  return ps.map((p) => `p${p} ${percentile(values, p).toFixed(1)} ms`).join("  ");
}

const leftovers = new Set<() => Promise<void>>();

/** Stops what is still running (apps, workers, databases), last started first. */
async function stopLeftovers() {
  for (const stop of [...leftovers].reverse()) await stop().catch(() => undefined);
}

/**
 * `thing` with its `method` (stop, drop, close) run at most once: by the bench, or — when a step
 * throws or the run is interrupted — before the process exits, so no server outlives a failed run.
 */
export function tracked<T extends object>(thing: T, method: keyof T & string): T {
  const original = thing[method] as unknown as (...args: unknown[]) => Promise<unknown>;
  let done = false;
  const once = async (...args: unknown[]) => {
    if (done) return;
    done = true;
    leftovers.delete(once);
    await original.apply(thing, args);
  };
  if (leftovers.size === 0 && process.listenerCount("uncaughtException") === 0) {
    const fail = (error: unknown) => {
      console.error(error);
      void stopLeftovers().finally(() => process.exit(1));
    };
    process.on("uncaughtException", fail);
    process.on("unhandledRejection", fail);
    process.once("SIGINT", () => void stopLeftovers().finally(() => process.exit(130)));
  }
  leftovers.add(once);
  return Object.assign(thing, { [method]: once });
}

/** A fresh folder for an embedded (PGlite) app, removed by `remove` or when the run fails. */
export function dataDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-bench-"));
  return { dir, ...tracked({ remove: async () => fs.rmSync(dir, { recursive: true, force: true }) }, "remove") };
}
