import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listAuditLog } from "@/lib/audit/list-audit-log";
import { cliActor } from "@/lib/audit/audit-actor";
import { listDeadLetters } from "@/lib/admin/list-dead-letters";
import { getNotificationDetail } from "@/lib/admin/get-notification-detail";
import { listNotificationRuns } from "@/inngest/list-notification-runs";
import { createChannelProviders, setChannelProviders } from "@/lib/channels/get-channel-providers";
import { createWebhookEndpoint, getWebhookEndpoint, updateWebhookEndpoint } from "@/lib/channels/webhooks/manage-webhook-endpoints";
import { announceReplays } from "@/inngest/announce-replays";
import { parseEnv } from "@/lib/env";
import { acceptNotifications } from "@/lib/send/accept-notifications";
import { sendNotificationEvents } from "@/inngest/send-notification-events";
import { startAppRuntime } from "../support/app-runtime";
import { testDatabaseKinds } from "../support/databases";
import { waitFor, waitForNotification } from "../support/executor-harness";
import { startProviderStandIns, startSmtpStandIn } from "../support/provider-stand-ins";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

// Outages of an endpoint or a provider lose nothing and skip nothing: every schedule here is
// compressed through configuration (milliseconds instead of hours), and the outages end on
// what the stand-ins have seen, not after a sleep.
describe.each(testDatabaseKinds())("outages on %s", (kind) => {
  let app: Awaited<ReturnType<typeof startAppRuntime>>;
  let standIns: Awaited<ReturnType<typeof startProviderStandIns>>;
  let smtp: Awaited<ReturnType<typeof startSmtpStandIn>>;
  let receiver: WebhookReceiver;

  const configure = (overrides: Record<string, string> = {}) =>
    setChannelProviders(
      createChannelProviders(
        parseEnv({
          RESEND_API_KEY: "re_test_key",
          RESEND_BASE_URL: standIns.baseUrl,
          SMTP_URL: smtp.url,
          EMAIL_FROM: "Herald <herald@example.com>",
          EMAIL_PROVIDER_ORDER: "resend",
          TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`,
          TWILIO_AUTH_TOKEN: "twilio_test_token_123456",
          TWILIO_FROM: "+15005550006",
          TWILIO_API_BASE_URL: standIns.baseUrl,
          PROVIDER_TIMEOUT_MS: "2000",
          // Circuits stay closed unless a test is about them: each attempt really reaches the stand-in.
          HERALD_BREAKER_THRESHOLD: "1000",
          WEBHOOK_ALLOWED_HOSTS: new URL(receiver.url).host,
          WEBHOOK_TIMEOUT_MS: "2000",
          ...overrides,
        }),
      ),
    );

  beforeAll(async () => {
    app = await startAppRuntime(kind);
    [standIns, smtp, receiver] = await Promise.all([startProviderStandIns(), startSmtpStandIn(), startWebhookReceiver()]);
    await app.database.query(`insert into notification_types (key, name, default_channels) values ('outage.test', 'Outage test', '{webhook}')`);
  });
  afterAll(async () => {
    setChannelProviders(null);
    await Promise.all([standIns.close(), smtp.close(), receiver.close()]);
    await app.stop();
  });
  beforeEach(async () => {
    standIns.reset();
    receiver.received.length = 0;
    receiver.answers.length = 0;
    receiver.outage = null;
    await app.database.query("delete from provider_circuits");
    await app.database.query("delete from webhook_endpoints");
  });

  const send = async (channel: "email" | "sms" | "webhook", content: Record<string, unknown>) => {
    const { accepted } = await acceptNotifications(
      app.db,
      { to: ["alice"], type: "outage.test", channels: [channel], priority: "high", content: { [channel]: content } },
      { scope: "test", send: sendNotificationEvents },
    );
    return accepted.notifications[0]!.id;
  };
  const sendMany = (n: number, channel: "email" | "sms" | "webhook", content: (i: number) => Record<string, unknown>) =>
    Promise.all(Array.from({ length: n }, (_, i) => send(channel, content(i))));
  const finished = (ids: string[]) => Promise.all(ids.map((id) => waitForNotification(app.database, id, 25_000)));
  const deliveriesOf = (ids: string[]) =>
    app.database.query<{ id: string; notification_id: string; status: string; attempts: number; last_error_code: string | null; next_attempt_at: Date | null }>(
      "select id, notification_id, status, attempts, last_error_code, next_attempt_at from deliveries where notification_id = any($1::uuid[]) order by created_at",
      [ids],
    );
  const deadLettersOf = async (ids: string[]) => (await listDeadLetters(app.database, { limit: 100 })).items.filter((d) => ids.includes(d.notificationId));
  const refusedAtLeast = (refusals: string[], keys: number, times: number) => {
    const counts = new Map<string, number>();
    for (const key of refusals) counts.set(key, (counts.get(key) ?? 0) + 1);
    return counts.size >= keys && [...counts.values()].every((n) => n >= times);
  };
  /** Every one of these notifications' runs is parked on a timer (a job due later, leased by no one). */
  const allWaitingOnTimers = async (ids: string[]) => {
    const rows = await app.database.query<{ waiting: boolean }>(
      `select bool_and(j.run_at > now() and j.lease_owner is null) and count(*) = $2 as waiting
         from executor.runs r join executor.jobs j on j.run_id = r.id
        where r.function_id = 'herald-deliver-notification' and r.event -> 'data' ->> 'notificationId' = any($1::text[])`,
      [ids, ids.length],
    );
    return rows[0]?.waiting === true;
  };

  it("a webhook endpoint down for all but the last attempt of its schedule: every notification arrives once, none skipped or dead", async () => {
    configure({ HERALD_RETRY_SCHEDULE_WEBHOOK: "0,50ms,100ms,200ms,3s" });
    const { endpoint } = await createWebhookEndpoint(app.db, { url: receiver.url, recipientId: "alice" }, cliActor);
    receiver.outage = { status: 503 };
    const ids = await sendMany(20, "webhook", (i) => ({ payload: { n: i } }));

    // Down until every notification has been refused on each attempt but its last.
    const refusals = () => receiver.received.filter((r) => r.status === 503).map((r) => String(r.headers["webhook-id"]));
    await waitFor(async () => refusedAtLeast(refusals(), ids.length, 4), { what: "each notification refused 4 times", timeoutMs: 15_000 });
    // Waiting costs nothing: each run is a timer row, and the admin timeline says when it is due.
    await waitFor(() => allWaitingOnTimers(ids), { what: "every run parked on a timer" });
    const detail = await getNotificationDetail(app.db, ids[0]!, listNotificationRuns);
    expect(detail!.deliveries[0]).toMatchObject({ status: "queued" });
    expect(detail!.deliveries[0]!.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    expect(detail!.deliveries[0]!.events.some((e) => e.status === "retry_scheduled")).toBe(true);
    const failing = await getWebhookEndpoint(app.db, endpoint.id);
    expect(failing).toMatchObject({ enabled: true, failingSince: expect.any(String) });

    receiver.outage = null;
    expect(await finished(ids)).toEqual(ids.map(() => "delivered"));
    const accepted = receiver.acceptedById();
    expect(accepted.size).toBe(ids.length);
    expect([...accepted.values()].every((n) => n === 1)).toBe(true);
    expect((await deliveriesOf(ids)).map((d) => d.status)).toEqual(ids.map(() => "sent"));
    expect(await deadLettersOf(ids)).toEqual([]);
    expect(await getWebhookEndpoint(app.db, endpoint.id)).toMatchObject({ enabled: true, failingSince: null, deadLetters: 0 });
  });

  it.each([
    ["resend", false],
    ["resend", true],
    ["twilio", false],
    ["twilio", true],
  ] as const)("%s answering 503 (Retry-After given: %s) for all but the last attempt: every message goes out once", async (provider, retryAfter) => {
    // With Retry-After: 1 s, the larger of it and the schedule's wait applies.
    configure({ HERALD_RETRY_SCHEDULE: retryAfter ? "0,50ms,100ms,3s" : "0,50ms,100ms,200ms,3s" });
    standIns.outages[provider] = { status: 503, ...(retryAfter ? { headers: { "retry-after": "1" } } : {}) };
    const channel = provider === "resend" ? "email" : "sms";
    const ids = await sendMany(6, channel, (i) => (channel === "email" ? { subject: `Report ${i}`, text: `Report ${i} is ready` } : { body: `Code ${i}` }));

    await waitFor(async () => refusedAtLeast(standIns.refused[provider], ids.length, retryAfter ? 3 : 4), { what: "each message refused on all but its last attempt", timeoutMs: 20_000 });
    standIns.outages[provider] = null;
    expect(await finished(ids)).toEqual(ids.map(() => "delivered"));

    const sent = provider === "resend" ? standIns.resendEmails.map((e) => e.idempotencyKey) : standIns.twilioMessages.map((m) => m.body);
    expect(sent).toHaveLength(ids.length);
    expect(new Set(sent).size).toBe(ids.length);
    expect((await deliveriesOf(ids)).map((d) => d.status)).toEqual(ids.map(() => "sent"));
    expect(await deadLettersOf(ids)).toEqual([]);
    if (retryAfter) {
      const [first] = await deliveriesOf(ids.slice(0, 1));
      const failures = await app.database.query<{ occurred_at: Date }>(
        "select occurred_at from delivery_events where delivery_id = $1 and status = 'attempt_failed' order by id",
        [first!.id],
      );
      expect(failures[1]!.occurred_at.getTime() - failures[0]!.occurred_at.getTime()).toBeGreaterThanOrEqual(950);
    }
  });

  it("an endpoint answering 410 is disabled; what it misses is dead letters (endpoint_disabled) that re-enable-and-replay delivers once each", async () => {
    configure({ HERALD_RETRY_SCHEDULE_WEBHOOK: "0,50ms,100ms" });
    const { endpoint } = await createWebhookEndpoint(app.db, { url: receiver.url, recipientId: "alice" }, cliActor);
    receiver.outage = { status: 410 };
    const gone = await send("webhook", { payload: { n: 0 } });
    await finished([gone]);
    expect(await getWebhookEndpoint(app.db, endpoint.id)).toMatchObject({ enabled: false, disabledReason: "The endpoint answered 410 Gone" });

    // Disabled: later notifications are not skipped, they are dead letters owed to the endpoint.
    receiver.outage = null;
    const meanwhile = await sendMany(4, "webhook", (i) => ({ payload: { n: i + 1 } }));
    expect(await finished(meanwhile)).toEqual(meanwhile.map(() => "failed"));
    expect(receiver.received).toHaveLength(1);
    const ids = [gone, ...meanwhile];
    const dead = await deadLettersOf(ids);
    expect(dead).toHaveLength(5);
    expect(dead.filter((d) => d.lastErrorCode === "endpoint_disabled")).toHaveLength(4);
    expect(dead.find((d) => d.notificationId === meanwhile[0])!.reason).toMatch(/is disabled \(The endpoint answered 410 Gone\)/);
    expect(await getWebhookEndpoint(app.db, endpoint.id)).toMatchObject({ deadLetters: 5 });

    const { endpoint: enabled, replays } = await updateWebhookEndpoint(app.database, endpoint.id, { enabled: true, replayFailed: true }, cliActor, announceReplays);
    expect(enabled.enabled).toBe(true);
    expect(replays).toEqual({ replayed: 5, skipped: 0 });
    await waitFor(async () => (await deliveriesOf(ids)).every((d) => d.status === "sent"), { what: "every replay to be sent" });
    const accepted = receiver.acceptedById();
    expect(accepted.size).toBe(5);
    expect([...accepted.values()].every((n) => n === 1)).toBe(true);
    expect(await deadLettersOf(ids)).toEqual([]);
    expect(await getWebhookEndpoint(app.db, endpoint.id)).toMatchObject({ deadLetters: 0 });

    const audit = (await listAuditLog(app.db, { targetType: "webhook_endpoint", limit: 10 })).items;
    expect(audit.find((e) => e.action === "webhook_endpoint.disable")).toMatchObject({ actor: { type: "system", name: "herald" }, after: { enabled: false } });
    expect(audit.find((e) => e.action === "webhook_endpoint.update")).toMatchObject({ before: { enabled: false }, after: { enabled: true } });
    expect((await listAuditLog(app.db, { action: "dead_letters.replay", limit: 1 })).items[0]!.after).toMatchObject({ replayed: expect.arrayContaining([expect.objectContaining({ replay: 1 })]) });
  });

  it("an endpoint failing past the whole schedule: dead letters that say retries ran out, and no disable until the disable period has passed with no success", async () => {
    configure({ HERALD_RETRY_SCHEDULE_WEBHOOK: "0,50ms,100ms", WEBHOOK_DISABLE_AFTER: "1h" });
    const { endpoint } = await createWebhookEndpoint(app.db, { url: receiver.url, recipientId: "alice" }, cliActor);
    receiver.outage = { status: 500 };
    const ids = await sendMany(5, "webhook", (i) => ({ payload: { n: i } }));
    expect(await finished(ids)).toEqual(ids.map(() => "failed"));
    const dead = await deadLettersOf(ids);
    expect(dead).toHaveLength(5);
    for (const d of dead) expect(d.reason).toMatch(/^retries exhausted after 3 attempts over 150ms: 500: /);
    expect(receiver.received).toHaveLength(15);
    expect(await getWebhookEndpoint(app.db, endpoint.id)).toMatchObject({ enabled: true, failingSince: expect.any(String), deadLetters: 5 });

    // The disable period passes with no success (moved back here rather than waited for).
    await app.database.query("update webhook_endpoints set failing_since = now() - interval '61 minutes' where id = $1", [endpoint.id]);
    const last = await send("webhook", { payload: { n: 5 } });
    await finished([last]);
    const disabled = await getWebhookEndpoint(app.db, endpoint.id);
    expect(disabled).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/^Failed for 1h with no success; last: 500/) });
    expect((await deliveriesOf([last]))[0]).toMatchObject({ status: "failed", last_error_code: "endpoint_disabled" });
    const after = receiver.received.length;
    const next = await send("webhook", { payload: { n: 6 } });
    await finished([next]);
    expect(receiver.received).toHaveLength(after);
    expect((await deadLettersOf([next]))[0]).toMatchObject({ lastErrorCode: "endpoint_disabled" });
  });

  it("a provider whose circuit is open: sends wait for its probes instead of failing or spending attempts, then go out once", async () => {
    // Eight attempts of 20 ms: had each wait for the circuit cost an attempt, these would all fail.
    configure({ HERALD_BREAKER_THRESHOLD: "1", HERALD_BREAKER_COOLDOWN_MS: "300", HERALD_RETRY_SCHEDULE_EMAIL: "0,20ms,20ms,20ms,20ms,20ms,20ms,20ms" });
    await app.database.query(
      "insert into provider_circuits (provider, state, consecutive_failures, opened_at, last_error) values ('resend', 'open', 5, now(), 'down')",
    );
    // Resend is still down for its next two probes.
    standIns.scripts.resend.push({ status: 503 }, { status: 503 });
    const ids = await sendMany(5, "email", (i) => ({ subject: `Deferred ${i}`, text: "Later" }));
    await waitFor(
      async () => {
        const rows = await app.database.query<{ n: number }>(
          "select count(distinct d.id)::int as n from deliveries d join delivery_events e on e.delivery_id = d.id where d.notification_id = any($1::uuid[]) and e.status = 'deferred'",
          [ids],
        );
        return rows[0]!.n === ids.length;
      },
      { what: "every send to wait for the circuit" },
    );
    expect(await finished(ids)).toEqual(ids.map(() => "delivered"));

    expect(new Set(standIns.resendEmails.map((e) => e.idempotencyKey)).size).toBe(ids.length);
    expect(standIns.resendEmails).toHaveLength(ids.length);
    // Only real requests are attempts: five that went through and the two failed probes.
    expect(standIns.requests.resend).toBe(ids.length + 2);
    const rows = await deliveriesOf(ids);
    expect(rows.map((d) => d.status)).toEqual(ids.map(() => "sent"));
    expect(rows.reduce((sum, d) => sum + d.attempts, 0)).toBe(ids.length + 2);
    expect(rows.every((d) => d.next_attempt_at === null)).toBe(true);
    const [circuit] = await app.database.query<{ state: string }>("select state from provider_circuits where provider = 'resend'");
    expect(circuit!.state).toBe("closed");
  });
});
