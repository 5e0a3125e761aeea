import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { toHeraldApiError } from "@/lib/api/errors";
import { discardDeadLetters } from "@/lib/admin/discard-dead-letters";
import { cliActor, type AuditActor } from "@/lib/audit/audit-actor";
import { getDeliveryStats } from "@/lib/admin/get-delivery-stats";
import { getNotificationDetail, resolveNotificationId } from "@/lib/admin/get-notification-detail";
import { listNotificationRuns } from "@/inngest/list-notification-runs";
import { listDeadLetters } from "@/lib/admin/list-dead-letters";
import { listDeliveries } from "@/lib/admin/list-deliveries";
import { releaseReplayClaims, requestDeliveryReplays } from "@/lib/admin/request-delivery-replays";
import { announceReplays } from "@/inngest/announce-replays";
import { createApiKey } from "@/lib/auth/api-keys";
import { authorizeMetrics } from "@/lib/metrics/authorize-metrics";
import { getMetrics } from "@/lib/metrics/metrics-registry";
import { acceptNotifications } from "@/lib/send/accept-notifications";
import { replayDelivery } from "@/lib/send/replay-delivery";
import { sendNotificationEvents } from "@/inngest/send-notification-events";
import { inngest } from "@/inngest/client";
import { deliveryReplayRequested } from "@/inngest/events";
import { apiErrorOf } from "../support/api-error-of";
import { testDatabaseKinds } from "../support/databases";
import { waitFor, waitForNotification } from "../support/executor-harness";
import { startAppRuntime } from "../support/app-runtime";
import { parsePrometheusText } from "../support/prometheus-text";

// Read once, when the environment is first validated: set before any import runs.
const METRICS_TOKEN = vi.hoisted(() => (process.env.HERALD_METRICS_TOKEN = "metrics-token-for-tests-0123456789"));

const ADMIN: AuditActor = { type: "user", id: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", email: "admin@example.com", role: "admin" };

describe.each(testDatabaseKinds())("admin observe on %s", (kind) => {
  let app: Awaited<ReturnType<typeof startAppRuntime>>;
  beforeAll(async () => {
    app = await startAppRuntime(kind);
    // A type whose templates need a variable the senders below leave out: its deliveries fail.
    await app.database.query(
      `insert into notification_types (key, name, default_channels) values ('test.replay', 'Replay test', '{in_app,email}')`,
    );
    await app.database.query(
      `insert into templates (notification_type_id, channel, locale, version, content)
       select id, 'in_app', 'en', 1, '{"title": "Hello {{ needed }}"}'::jsonb from notification_types where key = 'test.replay'
       union all
       select id, 'email', 'en', 1, '{"subject": "Hello {{ needed }}", "html": "<p>{{ needed }}</p>"}'::jsonb from notification_types where key = 'test.replay'`,
    );
  });
  afterAll(() => app.stop());

  const send = async (body: unknown) => {
    const { accepted } = await acceptNotifications(app.db, body, { scope: "test", send: sendNotificationEvents });
    return accepted.notifications.map((n) => n.id);
  };
  const finished = (id: string) => waitForNotification(app.database, id);
  const deliveryOf = async (notificationId: string, channel: string) => {
    const [row] = await app.database.query<{ id: string; status: string; replay_count: number }>(
      "select id, status, replay_count from deliveries where notification_id = $1 and channel = $2",
      [notificationId, channel],
    );
    return row!;
  };
  const fixTemplates = () =>
    app.database.query(
      `insert into templates (notification_type_id, channel, locale, version, content)
       select id, 'in_app', 'en', 2, '{"title": "Hello again"}'::jsonb from notification_types where key = 'test.replay'
       union all
       select id, 'email', 'en', 2, '{"subject": "Hello again", "html": "<p>again</p>"}'::jsonb from notification_types where key = 'test.replay'`,
    );
  const scrape = async () => parsePrometheusText(await getMetrics().registry.metrics());

  let okIds: string[] = [];
  let failedId = "";

  it("metrics count accepted notifications, deliveries by status and latency, and move after a send", async () => {
    const before = await scrape();
    okIds = await send({ to: ["alice", "bob"], type: "comment.created", data: { author: "Ann", excerpt: "hi", url: "/p/1" } });
    failedId = (await send({ to: "alice", type: "test.replay", data: {} }))[0]!;
    for (const id of [...okIds, failedId!]) await finished(id);
    const after = await scrape();

    const accepted = "herald_notifications_accepted_total";
    expect(after.get(accepted)! - (before.get(accepted) ?? 0)).toBe(3);
    const inApp = 'herald_deliveries{channel="in_app",provider="in-app",status="delivered"}';
    expect(after.get(inApp)! - (before.get(inApp) ?? 0)).toBe(2);
    expect(after.get('herald_deliveries{channel="in_app",provider="in-app",status="failed"}')).toBeGreaterThanOrEqual(1);
    const count = 'herald_delivery_latency_seconds_count{channel="in_app",provider="in-app"}';
    expect(after.get(count)! - (before.get(count) ?? 0)).toBe(2);
    const inf = 'herald_delivery_latency_seconds_bucket{le="+Inf",channel="in_app",provider="in-app"}';
    const slow = 'herald_delivery_latency_seconds_bucket{le="3600",channel="in_app",provider="in-app"}';
    expect(after.get(inf)).toBe(after.get(count));
    expect(after.get(slow)).toBe(after.get(count));
    expect(after.has("herald_executor_queue_depth")).toBe(true);
    expect(after.has("herald_executor_queue_lag_seconds")).toBe(true);
  });

  it("stats: volume per channel over time, totals, latency percentiles and failure reasons", async () => {
    const stats = await getDeliveryStats(app.database, "1h");
    expect(stats.series.length).toBeGreaterThanOrEqual(60);
    expect(stats.series.length).toBeLessThanOrEqual(62);
    expect(stats.channels).toEqual(expect.arrayContaining(["email", "in_app"]));
    const volume = stats.series.reduce((sum, p) => sum + (p.channels.in_app ?? 0), 0);
    expect(volume).toBe(3);
    expect(stats.totals).toMatchObject({ notifications: 3, failed: 2 });
    expect(stats.totals.delivered).toBe(4);
    const inApp = stats.latency.byChannel.find((l) => l.key === "in_app")!;
    expect(inApp.count).toBe(2);
    expect(inApp.p50).toBeLessThanOrEqual(inApp.p95);
    expect(inApp.p95).toBeLessThanOrEqual(inApp.p99);
    expect(stats.latency.byProvider.map((l) => l.key)).toEqual(["dev-outbox", "in-app"]);
    expect(stats.failureReasons.flatMap((r) => r.channels).sort()).toEqual(["email", "in_app"]);
    expect(stats.failureReasons.reduce((sum, r) => sum + r.count, 0)).toBe(2);
    for (const r of stats.failureReasons) expect(r.reason).toMatch(/^template: .*needed/);

    const month = await getDeliveryStats(app.database, "30d");
    expect(month.series.length).toBeGreaterThanOrEqual(30);
    expect(month.totals.deliveries).toBe(stats.totals.deliveries);
  });

  it("the delivery log filters by status, channel, provider, recipient, type and time, and pages by cursor without repeats", async () => {
    const all = await listDeliveries(app.database, { limit: 100 });
    expect(all.items).toHaveLength(6);
    const failed = await listDeliveries(app.database, { status: "failed" });
    expect(failed.items.map((d) => d.notificationId)).toEqual([failedId, failedId]);
    expect(failed.items[0]!.reason).toMatch(/^template:/);
    // The email whose template failed never reached a provider, so it names none.
    expect((await listDeliveries(app.database, { channel: "email", provider: "dev-outbox" })).items).toHaveLength(2);
    expect((await listDeliveries(app.database, { channel: "email", status: "delivered" })).items).toHaveLength(2);
    const bob = await listDeliveries(app.database, { recipient: "BOB@example" });
    expect(bob.items.map((d) => d.recipient.externalId)).toEqual(["bob", "bob"]);
    expect((await listDeliveries(app.database, { recipient: "Alice Mart", type: "comment.created" })).items).toHaveLength(2);
    expect((await listDeliveries(app.database, { recipient: "%" })).items).toHaveLength(0);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await listDeliveries(app.database, { from: future })).items).toHaveLength(0);
    expect((await listDeliveries(app.database, { to: future })).items).toHaveLength(6);

    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await listDeliveries(app.database, { limit: 4, after });
      seen.push(...page.items.map((d) => d.id));
      if (!page.hasMore) break;
      after = page.after!;
    }
    expect(seen).toEqual(all.items.map((d) => d.id));
    const created = all.items.map((d) => d.createdAt);
    expect([...created].sort().reverse()).toEqual(created);

    const problem = (filter: unknown) => apiErrorOf(listDeliveries(app.database, filter));
    expect(await problem({ status: "lost" })).toMatchObject({ code: "unprocessable_entity", issues: [{ path: "status" }] });
    expect(await problem({ after: "garbage" })).toMatchObject({ code: "unprocessable_entity", issues: [{ path: "after" }] });
    expect(await problem({ from: "yesterday" })).toMatchObject({ issues: [{ path: "from" }] });
    expect(await problem({ limit: "1000" })).toMatchObject({ issues: [{ path: "limit" }] });
  });

  it("replays a dead letter once: a duplicate request and a re-sent event send nothing twice", async () => {
    const dead = await listDeadLetters(app.database);
    expect(dead.items.map((d) => d.notificationId)).toEqual([failedId, failedId]);
    const inApp = await deliveryOf(failedId, "in_app");
    const email = await deliveryOf(failedId, "email");
    expect(inApp.status).toBe("failed");

    await fixTemplates();
    const ids = { ids: [inApp.id, email.id] };
    const [first, second] = await Promise.all([
      requestDeliveryReplays(app.database, ids, ADMIN, announceReplays),
      requestDeliveryReplays(app.database, ids, ADMIN, announceReplays),
    ]);
    const replayed = [...first.replayed, ...second.replayed];
    expect(replayed.map((r) => r.id).sort()).toEqual([inApp.id, email.id].sort());
    expect(replayed.every((r) => r.replay === 1)).toBe(true);
    expect([...first.skipped, ...second.skipped].map((s) => s.reason)).toEqual(["a replay is already under way", "a replay is already under way"]);

    await waitFor(async () => (await deliveryOf(failedId, "in_app")).status === "delivered" && (await deliveryOf(failedId, "email")).status === "delivered", {
      what: "the replays to deliver",
    });
    expect(await finished(failedId)).toBe("delivered");
    // The same event again (a re-sent request) is deduplicated; a direct second call finds nothing to do.
    await inngest.send(deliveryReplayRequested.create({ deliveryId: inApp.id, notificationId: failedId, replay: 1 }, { id: `delivery-replay-${inApp.id}-1` }));
    expect(await replayDelivery(app.db, inApp.id, 1)).toMatchObject({ skipped: expect.stringContaining("not pending") });
    await new Promise((r) => setTimeout(r, 500));

    const [items] = await app.database.query<{ n: number }>("select count(*)::int as n from inbox_items where notification_id = $1", [failedId]);
    expect(items!.n).toBe(1);
    const mails = await app.database.query<{ subject: string; key: string }>(
      "select subject, payload->>'idempotencyKey' as key from outbox_messages where delivery_id = $1",
      [email.id],
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ subject: "Hello again", key: expect.stringMatching(/:replay-1$/) });
    const runs = await app.database.query<{ n: number }>(
      "select count(*)::int as n from executor.runs where function_id = 'herald-replay-delivery' and event->'data'->>'deliveryId' = $1",
      [inApp.id],
    );
    expect(runs[0]!.n).toBe(1);
    expect((await listDeadLetters(app.database)).items).toHaveLength(0);

    // Replaying what is not a dead letter claims nothing.
    expect(await requestDeliveryReplays(app.database, { ids: [inApp.id] }, ADMIN, announceReplays)).toEqual({
      replayed: [],
      skipped: [{ id: inApp.id, reason: "not a dead letter (delivered)" }],
    });

    const detail = (await getNotificationDetail(app.db, failedId, listNotificationRuns))!;
    expect(detail.inProgress).toBe(false);
    const timeline = detail.deliveries.find((d) => d.channel === "in_app")!.events.map((e) => e.status);
    expect(timeline).toEqual(["queued", "failed", "replay_requested", "delivered"]);
    expect(detail.deliveries.find((d) => d.channel === "in_app")!.replayCount).toBe(1);
    expect(detail.durable.mode).toBe("embedded");
    const functions = detail.durable.runs!.map((r) => r.functionId);
    expect(functions.filter((f) => f === "herald-deliver-notification")).toHaveLength(1);
    expect(functions.filter((f) => f === "herald-replay-delivery")).toHaveLength(2);
    const replayRun = detail.durable.runs!.find((r) => r.functionId === "herald-replay-delivery")!;
    expect(replayRun.steps.map((s) => s.stepId)).toEqual(["replay-delivery", "finish"]);
    expect(await resolveNotificationId(app.db, inApp.id)).toEqual({ notificationId: failedId, via: "delivery" });
    expect(await resolveNotificationId(app.db, failedId)).toEqual({ notificationId: failedId, via: "notification" });
  });

  it("discards dead letters, keeping their history; bad ids are 422 and write nothing", async () => {
    const [id] = await send({ to: "bob", content: { in_app: { title: "Hi {{ missing }}" } } });
    await finished(id!);
    const dead = await deliveryOf(id!, "in_app");
    expect(dead.status).toBe("failed");

    const problem = (body: unknown) => apiErrorOf(discardDeadLetters(app.database, body, ADMIN));
    expect(await problem({ ids: [dead.id, "nope"] })).toMatchObject({ code: "unprocessable_entity", issues: [{ path: "ids[1]" }] });
    expect(await problem({ ids: [dead.id, "00000000-0000-4000-8000-000000000000"] })).toMatchObject({ issues: [{ path: "ids[1]" }] });
    expect(await problem({ ids: [] })).toMatchObject({ issues: [{ path: "ids" }] });
    expect(await problem({ ids: Array.from({ length: 501 }, () => dead.id) })).toMatchObject({ issues: [{ path: "ids" }] });
    expect((await listDeadLetters(app.database)).items.map((d) => d.id)).toEqual([dead.id]);

    // A claim whose event could not be sent is handed back as it was.
    await app.database.query("update deliveries set status = 'queued', replay_count = 1 where id = $1", [dead.id]);
    await releaseReplayClaims(app.database, [{ id: dead.id, replay: 1, previous: "failed" }]);
    expect((await deliveryOf(id!, "in_app")).status).toBe("failed");
    await app.database.query("delete from delivery_events where delivery_id = $1 and status = 'replay_failed'", [dead.id]);

    expect(await discardDeadLetters(app.database, { ids: [dead.id] }, ADMIN)).toEqual({ discarded: [dead.id], skipped: [] });
    expect(await discardDeadLetters(app.database, { ids: [dead.id] }, ADMIN)).toEqual({ discarded: [], skipped: [{ id: dead.id, reason: "not a dead letter" }] });
    expect((await listDeadLetters(app.database)).items).toHaveLength(0);
    expect((await requestDeliveryReplays(app.database, { ids: [dead.id] }, ADMIN, announceReplays)).skipped).toEqual([{ id: dead.id, reason: "discarded" }]);
    const events = await app.database.query<{ status: string; reason: string }>("select status, reason from delivery_events where delivery_id = $1 order by id", [dead.id]);
    expect(events.map((e) => e.status)).toEqual(["queued", "failed", "discarded"]);
    const [row] = await app.database.query<{ discarded_by: string }>("select discarded_by from deliveries where id = $1", [dead.id]);
    expect(row!.discarded_by).toBe(ADMIN.id);
  });

  it("/api/metrics takes the metrics token or an API key with metrics:read, and nothing else", async () => {
    const asked = (authorization: string) => authorizeMetrics(new Request("http://herald.test/api/metrics", { headers: { authorization } }), app.db);
    const failure = (authorization: string) => asked(authorization).then(() => null, (error) => toHeraldApiError(error).status);
    await expect(asked(`Bearer ${METRICS_TOKEN}`)).resolves.toBeUndefined();
    expect(await failure(`Bearer ${METRICS_TOKEN}x`)).toBe(401);
    expect(await failure("Basic abc")).toBe(401);
    const reader = await createApiKey(app.db, { name: "scraper", scopes: ["metrics:read"] }, cliActor);
    const sender = await createApiKey(app.db, { name: "sender", scopes: ["notifications:write"] }, cliActor);
    await expect(asked(`Bearer ${reader.key}`)).resolves.toBeUndefined();
    expect(await failure(`Bearer ${sender.key}`)).toBe(403);
  });
});
