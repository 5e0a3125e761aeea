import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy";
import { createApiKeyAsAdmin } from "../support/http-session";
import { createScratchDatabase } from "../support/scratch-database";
import { startApp, type RunningApp } from "../support/start-app";
import { waitFor } from "../support/wait-for";

// The built app on PostgreSQL through a fault proxy, with short database timeouts.
const STATEMENT_MS = 2_000;
const CONNECT_MS = 1_000;
const REQUEST_BOUND_MS = STATEMENT_MS + 2 * CONNECT_MS + 3_000;

describe("the built app while its database goes away", () => {
  let app: RunningApp;
  let proxy: FaultProxy;
  let observer: pg.Client;
  let drop: () => Promise<void>;
  let key: string;

  beforeAll(async () => {
    const scratch = await createScratchDatabase("herald_outage");
    if (!scratch) throw new Error("These tests need PostgreSQL: install postgresql or set TEST_DATABASE_URL.");
    drop = scratch.drop;
    proxy = await startFaultProxy({ port: Number(new URL(scratch.url).port) });
    observer = new pg.Client({ connectionString: scratch.url, application_name: "herald-outage-test" });
    await observer.connect();
    app = await startApp({
      LOG_LEVEL: "error",
      DATABASE_URL: proxy.urlFor(scratch.url),
      HERALD_SEED_DEMO: "true",
      HERALD_UNSAFE_LOCAL_SIGN_IN: "true",
      HERALD_DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_MS),
      HERALD_DB_CONNECT_TIMEOUT_MS: String(CONNECT_MS),
    });
    key = await createApiKeyAsAdmin(app.baseUrl, "outage", ["notifications:write"]);
  }, 120_000);
  afterAll(async () => {
    await proxy?.heal();
    await app?.stop(2_000);
    await observer?.end().catch(() => {});
    await proxy?.close();
    await drop?.();
  });

  /** POST /api/v1/notifications; a request that outlives its timeouts is cut off and counted as a hang. */
  const send = async (idempotencyKey: string) => {
    const started = performance.now();
    const response = await fetch(`${app.baseUrl}/api/v1/notifications`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "idempotency-key": idempotencyKey },
      body: JSON.stringify({ to: ["alice"], content: { in_app: { title: `Outage ${idempotencyKey}` } } }),
      signal: AbortSignal.timeout(REQUEST_BOUND_MS),
    }).catch(() => null);
    return { status: response?.status ?? "hung", retryAfter: response?.headers.get("retry-after") ?? null, ms: performance.now() - started };
  };
  const health = () => fetch(`${app.baseUrl}/api/health`, { signal: AbortSignal.timeout(REQUEST_BOUND_MS) }).then((r) => r.status, () => "hung");

  it("answers 503 with Retry-After in time, turns health red and back, and delivers every accepted notification once", async () => {
    expect((await send("before")).status).toBe(202);
    const pending = new Set<string>();
    const answers: Awaited<ReturnType<typeof send>>[] = [];

    // Backends terminated and connections cut between requests, then a partition.
    for (let i = 0; i < 3; i++) {
      await observer.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()");
      proxy.cutAll();
      for (let j = 0; j < 3; j++) {
        const answer = await send(`cut-${i}-${j}`);
        answers.push(answer);
        if (answer.status !== 202) pending.add(`cut-${i}-${j}`);
      }
    }
    proxy.drop();
    for (let j = 0; j < 3; j++) {
      const answer = await send(`drop-${j}`);
      answers.push(answer);
      pending.add(`drop-${j}`);
      expect(answer.status).toBe(503);
    }
    expect(await health()).toBe(503);
    await proxy.heal();
    await waitFor(async () => (await health()) === 200, { timeoutMs: 20_000, intervalMs: 250, what: "health to turn green again" });

    expect(answers.filter((a) => a.status !== 202 && a.status !== 503)).toEqual([]);
    expect(answers.filter((a) => a.status === 503 && a.retryAfter === null)).toEqual([]);
    // The client retries what was refused, with the same Idempotency-Key.
    for (const idempotencyKey of pending) expect((await send(idempotencyKey)).status).toBe(202);

    const expected = 1 + answers.length;
    await waitFor(
      async () => {
        const { rows } = await observer.query<{ n: number }>(
          "select count(*)::int as n from notifications n join inbox_items i on i.notification_id = n.id where n.status = 'delivered' and i.title like 'Outage %'",
        );
        return rows[0]!.n >= expected;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: "every accepted notification to be delivered" },
    );
    const { rows } = await observer.query<{ title: string; n: number }>(
      "select title, count(*)::int as n from inbox_items where title like 'Outage %' group by title having count(*) > 1",
    );
    expect(rows).toEqual([]);
    const { rows: all } = await observer.query<{ n: number }>("select count(*)::int as n from inbox_items where title like 'Outage %'");
    expect(all[0]!.n).toBe(expected);
  }, 120_000);
});
