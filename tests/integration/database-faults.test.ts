import pg from "pg";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { toHeraldApiError } from "@/lib/api/errors";
import { openDatabase } from "@/lib/db/client";
import { setProcessDatabase } from "@/lib/db/get-database";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { checkHealth } from "@/lib/health/check-health";
import { inboxTopic } from "@/lib/realtime/inbox-topic";
import { RealtimeHub, type RealtimeMessage } from "@/lib/realtime/realtime-hub";
import { acceptNotifications } from "@/lib/send/accept-notifications";
import { sendNotificationEvents } from "@/inngest/send-notification-events";
import { setProcessExecutor } from "@/inngest/executor/embedded-fetch";
import { startEmbeddedExecutor } from "@/inngest/executor/start-embedded-executor";
import { registerEmbeddedExecutorFigures } from "@/inngest/register-executor-figures";
import { createTestDatabase } from "../support/databases";
import { startFaultProxy } from "../support/fault-proxy";
import { waitFor } from "../support/wait-for";

// These tests fail things on purpose: what they provoke is asserted, not logged.
vi.hoisted(() => {
  process.env.LOG_LEVEL = "silent";
});

// Short timeouts through configuration: a statement gives up after 1.5 s (the client after
// 2.5 s), a connection attempt or a wait for a pooled one after 1 s.
const STATEMENT_MS = 1_500;
const CONNECT_MS = 1_000;
// No request may take longer than its timeouts allow: a wait for a connection, one statement
// that times out on the client, and slack for a loaded machine.
const REQUEST_BOUND_MS = CONNECT_MS + STATEMENT_MS + CONNECT_MS + 1_500;

type Attempt = { ms: number; status: number; retryAfter?: string };

/**
 * The app's runtime on PostgreSQL through a fault proxy: Herald's functions on the embedded
 * executor, with the retry schedule shrunk (0.02 × Inngest's: about 5 s over 4 retries) so a
 * run's retries outlast a cut, as the real schedule outlasts a real failover.
 */
async function startFaultyRuntime() {
  const direct = await createTestDatabase("postgres");
  await seedDemoData(direct.database);
  const proxy = await startFaultProxy({ port: Number(new URL(direct.url!).port) });
  const database = await openDatabase({
    kind: "postgres",
    url: proxy.urlFor(direct.url!),
    poolMax: 8,
    statementTimeoutMs: STATEMENT_MS,
    connectTimeoutMs: CONNECT_MS,
    listenHeartbeatMs: 300,
  });
  setProcessDatabase(database);
  registerEmbeddedExecutorFigures();
  const executor = await startEmbeddedExecutor(database, { backoffScale: 0.02, pollMs: 100, leaseMs: 3_000 });
  // Terminates backends from outside the app, as an operator (or a failover) would.
  const killer = new pg.Client({ connectionString: direct.url!, application_name: "herald-fault-test" });
  await killer.connect();
  const databaseName = new URL(direct.url!).pathname.slice(1);
  const attempts: Attempt[] = [];

  /** One POST /api/v1/notifications, as the route runs it: the answer's status and how long it took. */
  const request = async (body: unknown, idempotencyKey: string) => {
    const started = performance.now();
    try {
      const { accepted } = await acceptNotifications(database.db, body, { scope: "fault-test", idempotencyKey, send: sendNotificationEvents });
      attempts.push({ ms: performance.now() - started, status: 202 });
      return accepted.notifications.map((n) => n.id);
    } catch (error) {
      const answer = toHeraldApiError(error);
      attempts.push({ ms: performance.now() - started, status: answer.status, retryAfter: answer.headers?.["Retry-After"] });
      return null;
    }
  };

  /** A client that honours 503: it tries again (a little later) with the same idempotency key. */
  const send = async (body: unknown, key: string) => {
    for (let i = 0; i < 40; i++) {
      const ids = await request(body, key);
      if (ids) return ids;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`request ${key} was never accepted`);
  };

  return {
    database,
    direct: direct.database,
    proxy,
    executor,
    attempts,
    request,
    send,
    terminateBackends: async () => {
      const [row] = (
        await killer.query<{ n: number }>(
          "select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
          [databaseName],
        )
      ).rows;
      return row?.n ?? 0;
    },
    healthOk: async () => (await checkHealth(database)).database.ok,
    stop: async () => {
      await proxy.heal();
      await executor.stop(2_000);
      setProcessExecutor(undefined);
      await killer.end().catch(() => {});
      await database.close().catch(() => {});
      await proxy.close();
      await direct.drop();
    },
  };
}

type Runtime = Awaited<ReturnType<typeof startFaultyRuntime>>;

/** The sweeper's work, without its one-minute grace: events that were never sent go out now. */
async function resendUnsent(rt: Runtime) {
  const unsent = await rt.direct.query<{ id: string }>("select id from notifications where event_sent_at is null and started_at is null");
  if (unsent.length > 0) await sendNotificationEvents(unsent.map(({ id }) => ({ id, sendAt: null })));
}

/** Every notification in the database, with what it produced. */
async function outcomes(rt: Runtime) {
  return rt.direct.query<{ id: string; excerpt: string; status: string; inbox: number; deliveries: number; perChannelMax: number; outbox: number; deadLetters: number }>(
    `select n.id, n.data->>'excerpt' as excerpt, n.status,
            (select count(*)::int from inbox_items i where i.notification_id = n.id) as inbox,
            (select count(*)::int from deliveries d where d.notification_id = n.id) as deliveries,
            (select coalesce(max(c), 0)::int from (select count(*) as c from deliveries d where d.notification_id = n.id group by d.channel) per) as "perChannelMax",
            (select count(*)::int from outbox_messages o join deliveries d on d.id = o.delivery_id where d.notification_id = n.id) as outbox,
            (select count(*)::int from deliveries d where d.notification_id = n.id
                and d.status in ('failed', 'bounced', 'undelivered') and d.discarded_at is null) as "deadLetters"
       from notifications n`,
  );
}

/** Waits for every notification to settle, then counts the lost and the duplicated. */
async function settle(rt: Runtime, acceptedByKey: Map<string, string[]>) {
  await resendUnsent(rt);
  const drainStarted = Date.now();
  await waitFor(
    async () => {
      const [row] = await rt.direct.query<{ n: number }>("select count(*)::int as n from notifications where status in ('accepted', 'processing')");
      return row!.n === 0;
    },
    { timeoutMs: 60_000, intervalMs: 200, what: "every notification to settle" },
  );
  const rows = await outcomes(rt);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const accepted = [...acceptedByKey.values()].flat();
  const perKey = new Map<string, number>();
  for (const r of rows) perKey.set(r.excerpt, (perKey.get(r.excerpt) ?? 0) + 1);
  return {
    drainMs: Date.now() - drainStarted,
    accepted: accepted.length,
    delivered: accepted.filter((id) => byId.get(id)?.status === "delivered").length,
    inDeadLetters: accepted.filter((id) => byId.get(id)?.status !== "delivered" && (byId.get(id)?.deadLetters ?? 0) > 0).length,
    // Accepted with a 202, yet neither delivered nor replayable from the dead letters.
    lost: accepted.filter((id) => byId.get(id)?.status !== "delivered" && !((byId.get(id)?.deadLetters ?? 0) > 0)).length,
    // Twice in an inbox, twice on a channel, twice in the outbox, or a request accepted twice.
    duplicated:
      rows.filter((r) => r.inbox > 1 || r.perChannelMax > 1 || r.outbox > r.deliveries).length +
      [...acceptedByKey.keys()].filter((key) => (perKey.get(key) ?? 0) > 2).length,
  };
}

function summarize(attempts: Attempt[]) {
  const failed = attempts.filter((a) => a.status !== 202);
  return {
    requests: attempts.length,
    byStatus: Object.fromEntries([...new Set(attempts.map((a) => a.status))].map((s) => [s, attempts.filter((a) => a.status === s).length])),
    withoutRetryAfter: failed.filter((a) => !a.retryAfter).length,
    maxMs: Math.round(Math.max(0, ...attempts.map((a) => a.ms))),
    overBound: attempts.filter((a) => a.ms > REQUEST_BOUND_MS).length,
  };
}

const body = (key: string) => ({ to: ["alice", "bob"], type: "comment.created", data: { author: "Fault", excerpt: key, url: "/f" } });

describe.runIf(inject("postgresUrl"))("database faults on PostgreSQL", () => {
  let rt: Runtime | undefined;
  afterEach(async () => {
    await rt?.stop();
    rt = undefined;
  });

  it("connections cut 10 times during a burst (5 × through the proxy, 5 × pg_terminate_backend): nothing lost, nothing twice, no request hangs", async () => {
    rt = await startFaultyRuntime();
    const runtime = rt;
    const acceptedByKey = new Map<string, string[]>();
    let faultsDone = false;
    const cuts = { proxy: 0, terminated: 0 };
    const faults = (async () => {
      try {
        for (let i = 0; i < 5; i++) {
          await new Promise((r) => setTimeout(r, 400));
          cuts.proxy += runtime.proxy.cutAll();
          await new Promise((r) => setTimeout(r, 400));
          cuts.terminated += await runtime.terminateBackends();
        }
      } finally {
        faultsDone = true;
      }
    })();
    // Six clients send until the faults are over, and at least 40 requests (at most 150 each).
    let next = 0;
    const clients = Array.from({ length: 6 }, async () => {
      for (let i = 0; i < 150 && (!faultsDone || next < 40); i++) {
        const key = `burst-${next++}`;
        acceptedByKey.set(key, await runtime.send(body(key), key));
      }
    });
    await Promise.all([faults, ...clients]);
    const requests = summarize(runtime.attempts);
    const result = await settle(runtime, acceptedByKey);
    console.log("[database-faults] burst", JSON.stringify({ cuts, ...requests, ...result }));

    expect(cuts.proxy).toBeGreaterThan(0);
    expect(cuts.terminated).toBeGreaterThan(0);
    expect(result.accepted).toBeGreaterThanOrEqual(80);
    expect(result.lost).toBe(0);
    expect(result.duplicated).toBe(0);
    expect(Object.keys(requests.byStatus).filter((s) => s !== "202" && s !== "503")).toEqual([]);
    expect(requests.withoutRetryAfter).toBe(0);
    expect(requests.overBound).toBe(0);
    expect(await runtime.healthOk()).toBe(true);
  }, 120_000);

  it("an outage (a partition, then a refusing server) answers 503 with Retry-After in time, turns health red, and heals by itself", async () => {
    rt = await startFaultyRuntime();
    const runtime = rt;
    const acceptedByKey = new Map<string, string[]>();
    const hub = new RealtimeHub(runtime.database);
    const live: RealtimeMessage[] = [];
    const [alice] = await runtime.direct.query<{ id: string; user_id: string | null }>("select id, user_id from recipients where external_id = 'alice'");
    await hub.subscribe(inboxTopic({ userId: alice!.user_id, recipientId: alice!.id }), (m) => live.push(m));
    acceptedByKey.set("before", await runtime.send(body("before"), "before"));
    await waitFor(async () => live.length > 0, { what: "the first live message" });
    expect(await runtime.healthOk()).toBe(true);

    for (const fault of ["drop", "refuse"] as const) {
      if (fault === "drop") runtime.proxy.drop();
      else {
        await runtime.proxy.refuse();
        runtime.proxy.cutAll();
      }
      const during = await Promise.all(Array.from({ length: 5 }, (_, i) => runtime.request(body(`${fault}-${i}`), `${fault}-${i}`)));
      expect(during.every((ids) => ids === null)).toBe(true);
      expect(await runtime.healthOk()).toBe(false);
      await runtime.proxy.heal();
      await waitFor(() => runtime.healthOk(), { timeoutMs: 10_000, intervalMs: 100, what: `health to turn green after the ${fault}` });
      // The same requests, retried, are accepted once each.
      for (let i = 0; i < 5; i++) acceptedByKey.set(`${fault}-${i}`, await runtime.send(body(`${fault}-${i}`), `${fault}-${i}`));
    }
    const requests = summarize(runtime.attempts);
    const result = await settle(runtime, acceptedByKey);
    console.log("[database-faults] outage", JSON.stringify({ ...requests, ...result }));

    expect(requests.byStatus["503"]).toBeGreaterThanOrEqual(10);
    expect(Object.keys(requests.byStatus).filter((s) => s !== "202" && s !== "503")).toEqual([]);
    expect(requests.withoutRetryAfter).toBe(0);
    expect(requests.overBound).toBe(0);
    expect(result).toMatchObject({ accepted: 22, delivered: 22, lost: 0, duplicated: 0 });
    // The live feed's LISTEN came back by itself: alice's items after the outage reached the hub.
    await waitFor(async () => live.length >= 11, { timeoutMs: 10_000, what: "alice's 11 inbox items on the live feed" });
  }, 120_000);
});
