import http from "node:http";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKeyAsAdmin } from "../support/http-session";
import { freePort } from "../support/postgres-server";
import { createScratchDatabase } from "../support/scratch-database";
import { startApp, type RunningApp } from "../support/start-app";
import { waitFor } from "../support/wait-for";

const DELAY_MS = 2_500;

/**
 * Two app processes on one PostgreSQL database, webhooks to a slow receiver so calls are in
 * flight, and no HTTP request open when one process gets SIGTERM: it must finish or hand back
 * every lease before it exits, and the other must carry on at once.
 */
describe("SIGTERM with no open requests", () => {
  let a: RunningApp;
  let b: RunningApp;
  let sql: postgres.Sql;
  let drop: () => Promise<void>;
  let receiver: http.Server;
  const received: string[] = [];

  beforeAll(async () => {
    const scratch = await createScratchDatabase("herald_shutdown");
    if (!scratch) throw new Error("These tests need PostgreSQL: install postgresql or set TEST_DATABASE_URL.");
    drop = scratch.drop;
    sql = postgres(scratch.url, { max: 2, onnotice: () => {} });
    const port = await freePort();
    receiver = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => setTimeout(() => {
        received.push(String(req.headers["webhook-id"]));
        res.writeHead(200).end("ok");
      }, DELAY_MS));
    });
    await new Promise<void>((resolve) => receiver.listen(port, "127.0.0.1", resolve));
    const env = { LOG_LEVEL: "info", DATABASE_URL: scratch.url, HERALD_UNSAFE_LOCAL_SIGN_IN: "true", WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${port}`, HERALD_SHUTDOWN_GRACE_MS: "8000" };
    a = await startApp({ ...env, HERALD_SEED_DEMO: "true" });
    b = await startApp(env);
    const key = await createApiKeyAsAdmin(a.baseUrl, "shutdown", ["notifications:write", "webhooks:write"]);
    const api = (path: string, body: unknown) =>
      fetch(`${a.baseUrl}${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await api("/api/v1/webhook-endpoints", { url: `http://127.0.0.1:${port}/hooks`, recipientId: "alice" })).status).toBe(201);
    const sent = await api("/api/v1/notifications", { to: ["alice"], channels: ["webhook"], content: { webhook: { payload: { n: 1 } } } });
    expect(sent.status).toBe(202);
    for (let i = 2; i <= 12; i++) await api("/api/v1/notifications", { to: ["alice"], channels: ["webhook"], content: { webhook: { payload: { n: i } } } });
  }, 120_000);
  afterAll(async () => {
    await a?.stop(1_000);
    await b?.stop(1_000);
    await sql?.end();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
    await drop?.();
  });

  it("hands back every lease before exiting, and the other process goes on within a second", async () => {
    const workerA = (await (await fetch(`${a.baseUrl}/api/health`)).json()).durable.executor.workerId as string;
    const workerB = (await (await fetch(`${b.baseUrl}/api/health`)).json()).durable.executor.workerId as string;
    const leasedBy = async (worker: string) =>
      (await sql<{ n: number }[]>`select count(*)::int as n from executor.jobs where lease_owner = ${worker} and lease_until > now()`)[0]!.n;
    // A has calls in flight (each waits on the slow receiver).
    await waitFor(async () => ((await leasedBy(workerA)) > 0 ? true : null), { what: "process A working", timeoutMs: 20_000 });

    const stopping = performance.now();
    await a.stop(20_000);
    const took = performance.now() - stopping;
    const exitedAt = performance.now();
    expect(took).toBeLessThan(8_000 + DELAY_MS + 2_000);
    // Nothing left for B to wait out: before, leases stayed for their full 30 s.
    expect(await leasedBy(workerA)).toBe(0);
    expect(a.output()).toMatch(/shutdown: work handed back/);

    // B carries on at once with whatever A did not finish.
    const pending = async () => (await sql<{ n: number }[]>`select count(*)::int as n from executor.jobs`)[0]!.n;
    if ((await pending()) > 0) {
      await waitFor(async () => ((await leasedBy(workerB)) > 0 || (await pending()) === 0 ? true : null), { what: "process B claiming", timeoutMs: 5_000, intervalMs: 25 });
      expect(performance.now() - exitedAt).toBeLessThan(1_000);
    }
    // Every webhook went out exactly once.
    await waitFor(async () => (new Set(received).size >= 12 ? true : null), { what: "all 12 webhooks", timeoutMs: 30_000 });
    expect(new Set(received).size).toBe(12);
    expect(received).toHaveLength(12);
  });
});
