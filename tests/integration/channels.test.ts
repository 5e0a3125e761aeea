import { generateKeyPairSync } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createChannelProviders, setChannelProviders } from "@/lib/channels/get-channel-providers";
import { cliActor } from "@/lib/audit/audit-actor";
import { createWebhookEndpoint, getWebhookEndpoint, rotateWebhookEndpointSecret } from "@/lib/channels/webhooks/manage-webhook-endpoints";
import { parseEnv } from "@/lib/env";
import { getRecipientPreferences } from "@/lib/preferences/recipient-preferences";
import { registerPushToken } from "@/lib/recipients/manage-recipients";
import { acceptNotifications } from "@/lib/send/accept-notifications";
import { deliverChannel } from "@/lib/send/deliver-channel";
import { deliveryIdempotencyKey } from "@/lib/send/delivery-ledger";
import { loadDeliveryContext } from "@/lib/send/load-delivery-context";
import { sendNotificationEvents } from "@/inngest/send-notification-events";
import { apiErrorOf } from "../support/api-error-of";
import { startAppRuntime } from "../support/app-runtime";
import { testDatabaseKinds } from "../support/databases";
import { waitFor } from "../support/executor-harness";
import { startProviderStandIns, startSmtpStandIn } from "../support/provider-stand-ins";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

const ALICE = "a1111111-1111-4111-8111-111111111111";
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const serviceAccount = { type: "service_account", project_id: "herald-test", private_key: privateKey, client_email: "push@herald-test.iam.gserviceaccount.com" };

describe.each(testDatabaseKinds())("real channels on %s", (kind) => {
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
          TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`,
          TWILIO_AUTH_TOKEN: "twilio_test_token_123456",
          TWILIO_FROM: "+15005550006",
          TWILIO_API_BASE_URL: standIns.baseUrl,
          FIREBASE_SERVICE_ACCOUNT: JSON.stringify(serviceAccount),
          PROVIDER_TIMEOUT_MS: "400",
          HERALD_BREAKER_THRESHOLD: "3",
          HERALD_BREAKER_COOLDOWN_MS: "60000",
          // The receiver's own port only, as an operator would allow a receiver on loopback.
          WEBHOOK_ALLOWED_HOSTS: new URL(receiver.url).host,
          WEBHOOK_TIMEOUT_MS: "2000",
          // Five attempts, milliseconds apart (the real schedule waits up to a day).
          HERALD_RETRY_SCHEDULE: "0,10ms,20ms,40ms,80ms",
          ...overrides,
        }),
        { fcmHttpAgent: standIns.fcmAgent },
      ),
    );

  beforeAll(async () => {
    app = await startAppRuntime(kind);
    [standIns, smtp, receiver] = await Promise.all([startProviderStandIns(), startSmtpStandIn(), startWebhookReceiver()]);
    await app.database.query(
      `insert into notification_types (key, name, default_channels) values ('channel.test', 'Channel test', '{email,sms,push,webhook}')`,
    );
  });
  afterAll(async () => {
    setChannelProviders(null);
    await Promise.all([standIns.close(), smtp.close(), receiver.close()]);
    await app.stop();
  });
  beforeEach(async () => {
    standIns.reset();
    smtp.messages.length = 0;
    smtp.state.refuseWith = null;
    receiver.received.length = 0;
    receiver.answers.length = 0;
    await app.database.query("delete from provider_circuits");
    await app.database.query("delete from webhook_endpoints");
    await app.database.query("delete from preferences where recipient_id = $1", [ALICE]);
    configure();
  });

  const send = async (channel: "email" | "sms" | "push" | "webhook", content: Record<string, unknown>) => {
    const { accepted } = await acceptNotifications(
      app.db,
      { to: ["alice"], type: "channel.test", channels: [channel], priority: "high", content: { [channel]: content } },
      { scope: "test", send: sendNotificationEvents },
    );
    return accepted.notifications[0]!.id;
  };
  const email = (subject = "Your report is ready") => send("email", { subject, text: "Open Herald to read it.", html: "<p>Open Herald to read it.</p>" });
  const deliveryOf = (notificationId: string) =>
    waitFor(
      async () => {
        const [d] = await app.database.query<{ id: string; status: string; provider: string | null; provider_message_id: string | null; last_error_code: string | null; attempts: number; idempotency_key: string; meta: Record<string, unknown> }>(
          `select d.* from deliveries d join notifications n on n.id = d.notification_id
            where d.notification_id = $1 and n.status not in ('accepted', 'scheduled', 'processing')`,
          [notificationId],
        );
        return d;
      },
      { what: `notification ${notificationId} to finish`, timeoutMs: 15_000 },
    );
  const eventsOf = (deliveryId: string) =>
    app.database.query<{ status: string; provider: string | null; provider_code: string | null }>(
      "select status, provider, provider_code from delivery_events where delivery_id = $1 order by id",
      [deliveryId],
    );

  it("sends email through Resend with the delivery's idempotency key", async () => {
    const d = await deliveryOf(await email());
    expect(d).toMatchObject({ status: "sent", provider: "resend" });
    expect(standIns.resendEmails).toHaveLength(1);
    expect(standIns.resendEmails[0]).toMatchObject({ id: d.provider_message_id, idempotencyKey: d.idempotency_key, to: ["alice@example.com"], subject: "Your report is ready" });
  });

  it("waits out a 429's Retry-After, then sends once", async () => {
    // Resend alone: with SMTP configured the message would fail over instead of waiting.
    configure({ EMAIL_PROVIDER_ORDER: "resend" });
    standIns.scripts.resend.push({ status: 429, body: { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" }, headers: { "retry-after": "1" } });
    const started = Date.now();
    const d = await deliveryOf(await email());
    expect(d.status).toBe("sent");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(standIns.resendEmails).toHaveLength(1);
    expect((await eventsOf(d.id)).map((e) => [e.status, e.provider_code])).toEqual([
      ["queued", null],
      ["attempt_failed", "rate_limit_exceeded"],
      ["retry_scheduled", null],
      ["sent", null],
    ]);
  });

  it("retries a 5xx and succeeds; a permanent 422 fails at once with Resend's own code", async () => {
    standIns.scripts.resend.push({ status: 503 }, { status: 503 });
    configure({ EMAIL_PROVIDER_ORDER: "resend" });
    const retried = await deliveryOf(await email());
    expect(retried.status).toBe("sent");
    expect(standIns.requests.resend).toBe(3);

    standIns.requests.resend = 0;
    standIns.scripts.resend.push({ status: 422, body: { statusCode: 422, name: "validation_error", message: "Invalid `to` field." } });
    const failed = await deliveryOf(await email("Second"));
    expect(failed).toMatchObject({ status: "failed", last_error_code: "validation_error" });
    expect(standIns.requests.resend).toBe(1);
  });

  it("fails over to SMTP when Resend is down, and the breaker then skips Resend until it recovers", async () => {
    configure({ HERALD_BREAKER_THRESHOLD: "2", HERALD_BREAKER_COOLDOWN_MS: "1500" });
    for (let i = 0; i < 2; i++) standIns.scripts.resend.push({ status: 500 });
    for (const subject of ["One", "Two"]) {
      const d = await deliveryOf(await email(subject));
      expect(d).toMatchObject({ status: "sent", provider: "smtp" });
    }
    expect(smtp.messages.map((m) => m.to)).toEqual([["alice@example.com"], ["alice@example.com"]]);
    const [circuit] = await app.database.query<{ state: string }>("select state from provider_circuits where provider = 'resend'");
    expect(circuit!.state).toBe("open");

    // Open: Resend is not even asked.
    const before = standIns.requests.resend;
    expect(await deliveryOf(await email("Three"))).toMatchObject({ provider: "smtp" });
    expect(standIns.requests.resend).toBe(before);

    // After the cooldown one probe goes through; it succeeds and the circuit closes.
    await new Promise((r) => setTimeout(r, 1600));
    expect(await deliveryOf(await email("Four"))).toMatchObject({ provider: "resend", status: "sent" });
    const [closed] = await app.database.query<{ state: string; consecutive_failures: number }>("select state, consecutive_failures from provider_circuits where provider = 'resend'");
    expect(closed).toEqual({ state: "closed", consecutive_failures: 0 });
  });

  it("a channel that runs out of retries fails alone: the notification's other channels still go out", async () => {
    // A breaker that stays closed, so each of the five attempts really asks Resend.
    configure({ EMAIL_PROVIDER_ORDER: "resend", HERALD_BREAKER_THRESHOLD: "100" });
    for (let i = 0; i < 5; i++) standIns.scripts.resend.push({ status: 503 });
    const { accepted } = await acceptNotifications(
      app.db,
      {
        to: ["alice"],
        type: "channel.test",
        channels: ["email", "sms"],
        priority: "high",
        content: { email: { subject: "Down", text: "Resend is down" }, sms: { body: "SMS still works" } },
      },
      { scope: "test", send: sendNotificationEvents },
    );
    const id = accepted.notifications[0]!.id;
    await deliveryOf(id);
    const rows = await app.database.query<{ channel: string; status: string; last_error_code: string | null }>(
      "select channel, status, last_error_code from deliveries where notification_id = $1 order by channel",
      [id],
    );
    expect(rows).toEqual([
      { channel: "email", status: "failed", last_error_code: "application_error" },
      { channel: "sms", status: "sent", last_error_code: null },
    ]);
    expect(standIns.requests.resend).toBe(5);
    const [n] = await app.database.query<{ status: string }>("select status from notifications where id = $1", [id]);
    expect(n!.status).toBe("partial");
  });

  it("treats a rejected Resend key as Resend's problem: the email fails over to SMTP", async () => {
    standIns.scripts.resend.push({ status: 401, body: { statusCode: 401, name: "invalid_api_key", message: "API key is invalid" } });
    const d = await deliveryOf(await email());
    expect(d).toMatchObject({ status: "sent", provider: "smtp" });
    expect((await eventsOf(d.id)).map((e) => [e.status, e.provider, e.provider_code])).toEqual([
      ["queued", null, null],
      ["attempt_failed", "resend", "invalid_api_key"],
      ["sending", "smtp", null],
      ["sent", "smtp", null],
    ]);
  });

  it("retries a timed-out send with the same key on the same provider: one email, never a second copy", async () => {
    // Resend takes the email but answers after the client has given up (timeout 400 ms).
    standIns.scripts.resend.push({ status: 200, delayMs: 900 });
    const d = await deliveryOf(await email());
    expect(d).toMatchObject({ status: "sent", provider: "resend" });
    expect(standIns.resendEmails).toHaveLength(1);
    expect(smtp.messages).toHaveLength(0);
    expect((await eventsOf(d.id)).map((e) => e.status)).toEqual(["queued", "ambiguous", "retry_scheduled", "sent"]);
  });

  it("sends SMS through Twilio with segments and encoding; STOP (21610) fails it and turns SMS off", async () => {
    const d = await deliveryOf(await send("sms", { body: "Your code is 123456 — valid for 10 minutes 🔐" }));
    expect(d).toMatchObject({ status: "sent", provider: "twilio" });
    expect(d.meta.sms).toEqual({ segments: 1, encoding: "UCS-2", characters: 44 });
    expect(standIns.twilioMessages[0]).toMatchObject({ to: "+14155550101", from: "+15005550006", sid: d.provider_message_id });

    standIns.scripts.twilio.push({ status: 400, body: { code: 21610, message: "Attempt to send to unsubscribed recipient", status: 400 } });
    const stopped = await deliveryOf(await send("sms", { body: "Another one" }));
    expect(stopped).toMatchObject({ status: "failed", last_error_code: "21610" });
    expect((await getRecipientPreferences(app.db, ALICE)).global.sms).toBe(false);
  });

  it("adopts the SMS Twilio accepted before a timeout instead of sending it again", async () => {
    standIns.scripts.twilio.push({ status: 201, delayMs: 900 });
    const d = await deliveryOf(await send("sms", { body: "Only once, please" }));
    expect(d.status).toBe("sent");
    expect(standIns.twilioMessages).toHaveLength(1);
    expect(d.provider_message_id).toBe(standIns.twilioMessages[0]!.sid);
  });

  it("after a process died while Twilio had the SMS, the retry adopts that SMS instead of sending another", async () => {
    // A notification whose run died mid-send: its SMS delivery is queued, its last word "sending".
    const { accepted } = await acceptNotifications(
      app.db,
      { to: ["alice"], type: "channel.test", channels: ["sms"], priority: "high", content: { sms: { body: "Sent just before the crash" } } },
      { scope: "test", send: null },
    );
    const id = accepted.notifications[0]!.id;
    const key = deliveryIdempotencyKey(id, ALICE, "sms");
    const [delivery] = await app.database.query<{ id: string }>(
      "insert into deliveries (notification_id, recipient_id, channel, idempotency_key) values ($1, $2, 'sms', $3) returning id",
      [id, ALICE, key],
    );
    await app.database.query("insert into delivery_events (delivery_id, status) values ($1, 'queued')", [delivery!.id]);
    await app.database.query("insert into delivery_events (delivery_id, status, provider, attempt, payload) values ($1, 'sending', 'twilio', 1, $2)", [
      delivery!.id,
      JSON.stringify({ attemptStartedAt: new Date().toISOString() }),
    ]);
    // Twilio did create it before the process died.
    const sid = `SM${"c".repeat(32)}`;
    standIns.twilioMessages.push({ sid, to: "+14155550101", from: "+15005550006", body: "Sent just before the crash", date_created: new Date().toUTCString(), num_segments: "1" });

    const ctx = (await loadDeliveryContext(app.db, id))!;
    expect(await deliverChannel(app.db, ctx, "sms")).toEqual({ channel: "sms", status: "sent" });
    expect(standIns.twilioMessages).toHaveLength(1);
    const [row] = await app.database.query<{ provider_message_id: string }>("select provider_message_id from deliveries where id = $1", [delivery!.id]);
    expect(row!.provider_message_id).toBe(sid);
    expect((await eventsOf(delivery!.id)).map((e) => e.status)).toEqual(["queued", "sending", "sent"]);
  });

  it("pushes to every token with FCM (OAuth included) and deletes the tokens FCM says are gone", async () => {
    await registerPushToken(app.db, "alice", { token: "token-alive", platform: "web" });
    await registerPushToken(app.db, "alice", { token: "token-dead", platform: "android" });
    standIns.fcmTokenErrors.set("token-dead", "UNREGISTERED");
    const d = await deliveryOf(await send("push", { title: "Build finished", body: "All green" }));
    expect(d).toMatchObject({ status: "sent", provider: "fcm" });
    expect(d.meta.push).toEqual({ tokens: 2, succeeded: 1, removedTokens: 1 });
    expect(standIns.requests.token).toBeGreaterThanOrEqual(1);
    expect(standIns.fcmMessages[0]!.message).toMatchObject({
      token: "token-alive",
      notification: { title: "Build finished", body: "All green" },
      webpush: { notification: { title: "Build finished" } },
      android: { priority: "high" },
      apns: { payload: { aps: { sound: "default" } } },
    });
    const tokens = await app.database.query<{ token: string }>("select token from push_tokens where recipient_id = $1", [ALICE]);
    expect(tokens.map((t) => t.token)).toEqual(["token-alive"]);

    // The last token dies too: nothing can be delivered, and no retry will change that.
    standIns.fcmTokenErrors.set("token-alive", "UNREGISTERED");
    const gone = await deliveryOf(await send("push", { title: "Again" }));
    expect(gone).toMatchObject({ status: "failed", last_error_code: "messaging/registration-token-not-registered" });
    expect(await app.database.query("select token from push_tokens where recipient_id = $1", [ALICE])).toEqual([]);
  });

  it("signs webhooks per Standard Webhooks, with both secrets during a rotation", async () => {
    const { endpoint, secret } = await createWebhookEndpoint(app.db, { url: receiver.url, recipientId: "alice" }, cliActor);
    expect(secret).toMatch(/^whsec_/);
    const first = await deliveryOf(await send("webhook", { payload: { invoice: "INV-1" } }));
    expect(first).toMatchObject({ status: "sent", provider: "webhook" });
    const hit = receiver.received[0]!;
    const verified = new Webhook(secret).verify(hit.body, hit.headers as Record<string, string>) as { type: string; data: { payload: unknown; recipientId: string } };
    expect(verified).toMatchObject({ type: "channel.test", data: { recipientId: "alice", payload: { invoice: "INV-1" } } });
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString("base64")}`).verify(hit.body, hit.headers as Record<string, string>)).toThrow();

    const rotated = await rotateWebhookEndpointSecret(app.db, endpoint.id, cliActor);
    await deliveryOf(await send("webhook", { payload: { invoice: "INV-2" } }));
    const second = receiver.received[1]!;
    expect((second.headers["webhook-signature"] as string).split(" ")).toHaveLength(2);
    for (const s of [secret, rotated.secret]) expect(() => new Webhook(s).verify(second.body, second.headers as Record<string, string>)).not.toThrow();
  });

  it("retries a failing endpoint with the same webhook-id, disables one that answers 410", async () => {
    const { endpoint } = await createWebhookEndpoint(app.db, { url: receiver.url, typeKey: "channel.test" }, cliActor);
    receiver.answers.push(500, 302);
    const d = await deliveryOf(await send("webhook", {}));
    expect(d.status).toBe("sent");
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(1);

    receiver.answers.push(410);
    const gone = await deliveryOf(await send("webhook", {}));
    expect(gone).toMatchObject({ status: "failed", last_error_code: "410" });
    expect(await getWebhookEndpoint(app.db, endpoint.id)).toMatchObject({ enabled: false, disabledReason: "The endpoint answered 410 Gone" });
  });

  it("refuses endpoints on private addresses unless allowed, on their port: when saved, and again when connecting", async () => {
    // The receiver's host, but not its port: an entry without a port opens 80 and 443 only.
    configure({ WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" });
    const refused = await apiErrorOf(createWebhookEndpoint(app.db, { url: receiver.url, recipientId: "alice" }, cliActor));
    expect(refused).toMatchObject({ status: 422, issues: [{ path: "url", message: expect.stringContaining("not a public address") }] });
    // Saved while allowed, then the allowlist changes: the connection is refused all the same.
    configure();
    await createWebhookEndpoint(app.db, { url: receiver.url, recipientId: "alice" }, cliActor);
    configure({ WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" });
    const d = await deliveryOf(await send("webhook", {}));
    expect(d).toMatchObject({ status: "failed", last_error_code: "blocked_address" });
    expect(receiver.received).toHaveLength(0);
  });
});
