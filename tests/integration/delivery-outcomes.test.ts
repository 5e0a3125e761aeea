import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { cliActor } from "@/lib/audit/audit-actor";
import { listDeadLetters } from "@/lib/admin/list-dead-letters";
import { requestDeliveryReplays } from "@/lib/admin/request-delivery-replays";
import { announceReplays } from "@/inngest/announce-replays";
import { createChannelProviders, setChannelProviders } from "@/lib/channels/get-channel-providers";
import { createWebhookEndpoint, deleteWebhookEndpoint, updateWebhookEndpoint } from "@/lib/channels/webhooks/manage-webhook-endpoints";
import { parseEnv } from "@/lib/env";
import { acceptNotifications } from "@/lib/send/accept-notifications";
import { deliverChannel } from "@/lib/send/deliver-channel";
import { finishNotification } from "@/lib/send/delivery-ledger";
import { loadDeliveryContext } from "@/lib/send/load-delivery-context";
import { sendNotificationEvents } from "@/inngest/send-notification-events";
import { startAppRuntime } from "../support/app-runtime";
import { testDatabaseKinds } from "../support/databases";
import { waitFor, waitForNotification } from "../support/executor-harness";
import { startProviderStandIns } from "../support/provider-stand-ins";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

// These tests fail things on purpose: what they provoke is asserted, not logged.
vi.hoisted(() => {
  process.env.LOG_LEVEL = "silent";
});

type Outcome = { channel: string; status: string; code: string | null; reason: string | null };

// Every way a delivery can end — in lib/send/deliver-channel.ts, in the durable function
// (inngest/functions/deliver-notification.ts: planning, a channel's step failing for good, the
// run failing) and in a replay — leaves a delivery row with a reason; every failed one is a
// dead letter; no notification ends failed (or stays processing) without one.
describe.each(testDatabaseKinds())("every way a delivery ends, on %s", (kind) => {
  let app: Awaited<ReturnType<typeof startAppRuntime>>;
  let standIns: Awaited<ReturnType<typeof startProviderStandIns>>;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    app = await startAppRuntime(kind);
    [standIns, receiver] = await Promise.all([startProviderStandIns(), startWebhookReceiver()]);
    await app.database.query(`insert into notification_types (key, name, default_channels) values ('outcome.test', 'Outcome test', '{in_app,email}')`);
  });
  afterAll(async () => {
    setChannelProviders(null);
    await Promise.all([standIns.close(), receiver.close()]);
    await app.stop();
  });
  beforeEach(async () => {
    standIns.reset();
    receiver.received.length = 0;
    receiver.outage = null;
    await app.database.query("delete from webhook_endpoints");
    setChannelProviders(
      createChannelProviders(
        parseEnv({
          RESEND_API_KEY: "re_test_key",
          RESEND_BASE_URL: standIns.baseUrl,
          EMAIL_FROM: "Herald <herald@example.com>",
          HERALD_BREAKER_THRESHOLD: "1000",
          HERALD_RETRY_SCHEDULE: "0,10ms,20ms",
          WEBHOOK_ALLOWED_HOSTS: new URL(receiver.url).host,
        }),
      ),
    );
  });

  const accept = async (body: Record<string, unknown>, send = true) =>
    (await acceptNotifications(app.db, { to: ["alice"], type: "outcome.test", priority: "high", ...body }, { scope: "test", send: send ? sendNotificationEvents : null })).accepted
      .notifications[0]!.id;

  /** The notification has ended, and each of its deliveries says how and why. */
  const accountFor = async (notificationId: string): Promise<Outcome[]> => {
    const status = await waitForNotification(app.database, notificationId, 20_000);
    const rows = await app.database.query<Outcome & { id: string }>(
      `select d.id, d.channel, d.status, d.last_error_code as code,
              (select e.reason from delivery_events e where e.delivery_id = d.id and e.reason is not null order by e.id desc limit 1) as reason
         from deliveries d where d.notification_id = $1 order by d.channel`,
      [notificationId],
    );
    const dead = new Set((await listDeadLetters(app.database, { limit: 100 })).items.map((d) => d.id));
    for (const row of rows) {
      expect(row.status, `${row.channel} is still queued`).not.toBe("queued");
      if (row.status === "failed" || row.status === "skipped") expect(row.reason, `${row.channel} ${row.status} without a reason`).toBeTruthy();
      expect(dead.has(row.id), `${row.channel} ${row.status}: dead letter?`).toBe(row.status === "failed");
    }
    if (status === "failed" || status === "partial") expect(rows.some((r) => r.status === "failed")).toBe(true);
    if (status === "skipped") expect(rows.length).toBeGreaterThan(0);
    return rows.map(({ channel, status: s, code, reason }) => ({ channel, status: s, code, reason }));
  };
  const hook = { webhook: { payload: { order: 1 } } };
  const only = (rows: Outcome[], channel: string) => rows.find((r) => r.channel === channel)!;
  /** Runs `during` with a table renamed away, so statements on it fail as a broken database would. */
  const withoutTable = async <T>(table: string, during: () => Promise<T>): Promise<T> => {
    await app.database.query(`alter table public.${table} rename to ${table}_away`);
    try {
      return await during();
    } finally {
      await app.database.query(`alter table public.${table}_away rename to ${table}`);
    }
  };

  it("delivered in-app and sent by email", async () => {
    const rows = await accountFor(await accept({ content: { in_app: { title: "Hi" }, email: { subject: "Hi", text: "Hello" } } }));
    expect(rows.map((r) => [r.channel, r.status])).toEqual([["email", "sent"], ["in_app", "delivered"]]);
  });

  it("skipped by the planner (no address) and at delivery (no content), each with why", async () => {
    const { accepted } = await acceptNotifications(
      app.db,
      { to: [{ id: "no-phone", email: "np@example.com" }], type: "outcome.test", channels: ["sms", "email"], content: { in_app: { title: "x" } } },
      { scope: "test", send: sendNotificationEvents },
    );
    const rows = await accountFor(accepted.notifications[0]!.id);
    expect(only(rows, "sms")).toMatchObject({ status: "skipped", reason: "no_phone" });
    expect(only(rows, "email")).toMatchObject({ status: "skipped", reason: "no_content" });
  });

  it("failed: a template that cannot render, a permanent provider answer, a schedule run out", async () => {
    const template = await accountFor(await accept({ channels: ["email"], content: { email: { subject: "{{ missing }}", text: "x" } } }));
    expect(only(template, "email")).toMatchObject({ status: "failed", code: "template_error", reason: expect.stringMatching(/^template: /) });

    standIns.scripts.resend.push({ status: 422, body: { statusCode: 422, name: "validation_error", message: "Invalid `to` field." } });
    const permanent = await accountFor(await accept({ channels: ["email"], content: { email: { subject: "A", text: "x" } } }));
    expect(only(permanent, "email")).toMatchObject({ status: "failed", code: "validation_error", reason: "Invalid `to` field." });

    standIns.outages.resend = { status: 503 };
    const exhausted = await accountFor(await accept({ channels: ["email", "in_app"], content: { in_app: { title: "x" }, email: { subject: "B", text: "x" } } }));
    expect(only(exhausted, "email")).toMatchObject({ status: "failed", code: "application_error", reason: expect.stringMatching(/^retries exhausted after 3 attempts over 30ms: /) });
    expect(only(exhausted, "in_app")).toMatchObject({ status: "delivered" });
  });

  it("a replay that runs out of retries is a dead letter again; one that succeeds is not", async () => {
    standIns.outages.resend = { status: 503 };
    const id = await accept({ channels: ["email"], content: { email: { subject: "Replay me", text: "x" } } });
    await accountFor(id);
    const [delivery] = await app.database.query<{ id: string }>("select id from deliveries where notification_id = $1", [id]);
    await requestDeliveryReplays(app.database, { ids: [delivery!.id] }, cliActor, announceReplays);
    await waitFor(async () => (await app.database.query<{ n: number }>("select count(*)::int as n from delivery_events where delivery_id = $1 and status = 'failed'", [delivery!.id]))[0]!.n === 2, { what: "the replay to fail" });
    expect(only(await accountFor(id), "email")).toMatchObject({ status: "failed", reason: expect.stringMatching(/^retries exhausted/) });

    standIns.outages.resend = null;
    await requestDeliveryReplays(app.database, { ids: [delivery!.id] }, cliActor, announceReplays);
    await waitFor(async () => (await app.database.query<{ status: string }>("select status from deliveries where id = $1", [delivery!.id]))[0]!.status === "sent", { what: "the second replay" });
    expect(only(await accountFor(id), "email")).toMatchObject({ status: "sent" });
  });

  it("webhooks: a 410, a disabled endpoint, a paused one (held as a dead letter until resumed), one deleted after planning", async () => {
    const { endpoint } = await createWebhookEndpoint(app.db, { url: receiver.url, recipientId: "alice" }, cliActor);
    receiver.outage = { status: 410 };
    expect(only(await accountFor(await accept({ channels: ["webhook"], content: hook })), "webhook")).toMatchObject({ status: "failed", code: "410" });
    receiver.outage = null;
    expect(only(await accountFor(await accept({ channels: ["webhook"], content: hook })), "webhook")).toMatchObject({ status: "failed", code: "endpoint_disabled" });

    await updateWebhookEndpoint(app.database, endpoint.id, { enabled: true, paused: true }, cliActor, announceReplays);
    const held = await accept({ channels: ["webhook"], content: hook });
    expect(only(await accountFor(held), "webhook")).toMatchObject({ status: "failed", code: "endpoint_paused", reason: expect.stringContaining("is paused") });
    await expect(updateWebhookEndpoint(app.database, endpoint.id, { replayFailed: true }, cliActor, announceReplays)).rejects.toMatchObject({ code: "unprocessable_entity", issues: [{ path: "replayFailed" }] });
    // Resuming replays what the pause held (and only that: the two above stay dead letters).
    const { replays } = await updateWebhookEndpoint(app.database, endpoint.id, { paused: false }, cliActor, announceReplays);
    expect(replays).toEqual({ replayed: 1, skipped: 0 });
    await waitFor(async () => (await app.database.query<{ status: string }>("select status from deliveries where notification_id = $1", [held]))[0]!.status === "sent", { what: "the held delivery" });
    expect(only(await accountFor(held), "webhook")).toMatchObject({ status: "sent" });

    // Planned for an endpoint that is deleted before the channel is delivered.
    const id = await accept({ channels: ["webhook"], content: hook }, false);
    const ctx = (await loadDeliveryContext(app.db, id))!;
    await deleteWebhookEndpoint(app.db, endpoint.id, cliActor);
    expect(await deliverChannel(app.db, ctx, "webhook")).toMatchObject({ status: "failed", reason: "no_endpoint" });
    await finishNotification(app.db, id);
    expect(only(await accountFor(id), "webhook")).toMatchObject({ status: "failed", code: "no_endpoint" });
  });

  // Intake writes in-app items itself; a notification due a moment later leaves all of it to the
  // run, so the table can break between the two.
  const soon = () => new Date(Date.now() + 400).toISOString();

  it("a channel's step failing for good on the database: that delivery fails with the error, the others still go out", async () => {
    const sent = await accept({ channels: ["in_app", "email"], sendAt: soon(), content: { in_app: { title: "x" }, email: { subject: "C", text: "x" } } });
    const id = await withoutTable("inbox_items", async () => {
      await waitForNotification(app.database, sent, 20_000);
      return sent;
    });
    const rows = await accountFor(id);
    expect(only(rows, "in_app")).toMatchObject({ status: "failed", code: "executor_error", reason: expect.stringMatching(/^retries exhausted: .*inbox_items/) });
    expect(only(rows, "email")).toMatchObject({ status: "sent" });
  });

  it("a run failing before it could plan (executor error): every channel it was for is a dead letter", async () => {
    const sent = await accept({ sendAt: soon(), content: { in_app: { title: "x" }, email: { subject: "D", text: "x" } } });
    const id = await withoutTable("webhook_endpoints", async () => {
      await waitForNotification(app.database, sent, 20_000);
      return sent;
    });
    const rows = await accountFor(id);
    expect(rows.map((r) => [r.channel, r.status, r.code])).toEqual([
      ["email", "failed", "executor_error"],
      ["in_app", "failed", "executor_error"],
    ]);
    expect(rows[0]!.reason).toMatch(/^executor error: .*webhook_endpoints/);
  });
});
