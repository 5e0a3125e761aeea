import { Webhook } from "svix";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applyEarlyStatusCallbacks } from "@/lib/channels/apply-status-callback";
import { acceptNotifications } from "@/lib/send/accept-notifications";
import { sendNotificationEvents } from "@/inngest/send-notification-events";
import { startAppRuntime } from "../support/app-runtime";
import { testDatabaseKinds } from "../support/databases";
import { waitFor } from "../support/executor-harness";

const RESEND_SECRET = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
const TWILIO_TOKEN = "twilio_callback_token_0123456789";
const PUBLIC_URL = "https://herald.example.com";
vi.hoisted(() => {
  process.env.RESEND_WEBHOOK_SECRET = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
  process.env.TWILIO_ACCOUNT_SID = `AC${"1".repeat(32)}`;
  process.env.TWILIO_AUTH_TOKEN = "twilio_callback_token_0123456789";
  process.env.TWILIO_FROM = "+15005550006";
  process.env.TWILIO_API_BASE_URL = "http://127.0.0.1:9";
  process.env.HERALD_PUBLIC_URL = "https://herald.example.com";
  process.env.RESEND_API_KEY = "re_never_called";
  process.env.RESEND_BASE_URL = "http://127.0.0.1:9";
  process.env.EMAIL_FROM = "herald@example.com";
});

const { POST: resendRoute } = await import("@/app/api/webhooks/resend/route");
const { POST: twilioRoute } = await import("@/app/api/webhooks/twilio/route");
const { GET: healthRoute } = await import("@/app/api/health/route");

describe.each(testDatabaseKinds())("provider status callbacks on %s", (kind) => {
  let app: Awaited<ReturnType<typeof startAppRuntime>>;
  beforeAll(async () => {
    app = await startAppRuntime(kind);
  });
  afterAll(() => app.stop());

  /** A delivery as a provider left it: sent, with the provider's message id. */
  async function sentDelivery(provider: "resend" | "twilio", messageId: string) {
    const { accepted } = await acceptNotifications(
      app.db,
      { to: ["alice"], content: { in_app: { title: "Callback test" } }, channels: ["in_app"] },
      { scope: "test", send: sendNotificationEvents },
    );
    const id = accepted.notifications[0]!.id;
    const [d] = await waitFor(async () => {
      const rows = await app.database.query<{ id: string }>(
        "select d.id from deliveries d join notifications n on n.id = d.notification_id where d.notification_id = $1 and n.completed_at is not null",
        [id],
      );
      return rows.length ? rows : null;
    });
    await app.database.query("update deliveries set channel = $2, provider = $3, provider_message_id = $4, status = 'sent' where id = $1", [
      d!.id,
      provider === "resend" ? "email" : "sms",
      provider,
      messageId,
    ]);
    return { deliveryId: d!.id, notificationId: id };
  }
  const stateOf = async (deliveryId: string) => {
    const [d] = await app.database.query<{ status: string }>("select status from deliveries where id = $1", [deliveryId]);
    const [e] = await app.database.query<{ n: number }>("select count(*)::int as n from delivery_events where delivery_id = $1", [deliveryId]);
    return { status: d!.status, events: e!.n };
  };

  function resendRequest(event: Record<string, unknown>, { id = `msg_${crypto.randomUUID()}`, at = new Date(), secret = RESEND_SECRET } = {}) {
    const body = JSON.stringify(event);
    const signature = new Webhook(secret).sign(id, at, body);
    return new Request("http://127.0.0.1/api/webhooks/resend", {
      method: "POST",
      headers: { "content-type": "application/json", "svix-id": id, "svix-timestamp": String(Math.floor(at.getTime() / 1000)), "svix-signature": signature },
      body,
    });
  }
  const ctx = { params: Promise.resolve({}) };

  it("Resend: a signed event moves the status forward once; a replay, a late one or a forged one changes nothing", async () => {
    const messageId = `em_${crypto.randomUUID()}`;
    const { deliveryId } = await sentDelivery("resend", messageId);
    const delivered = { type: "email.delivered", created_at: new Date().toISOString(), data: { email_id: messageId } };

    const first = resendRequest(delivered, { id: "msg_delivered_1" });
    const res = await resendRoute(first, ctx);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { result: "applied" } });
    const afterFirst = await stateOf(deliveryId);
    expect(afterFirst.status).toBe("delivered");

    // The same callback again (Svix retries with the same id): recognised, nothing written.
    expect(await (await resendRoute(resendRequest(delivered, { id: "msg_delivered_1" }), ctx)).json()).toEqual({ data: { result: "duplicate" } });
    expect(await stateOf(deliveryId)).toEqual(afterFirst);

    await resendRoute(resendRequest({ type: "email.opened", data: { email_id: messageId } }), ctx);
    expect((await stateOf(deliveryId)).status).toBe("opened");
    // "delivered" arriving after "opened" is kept in the timeline but does not move the status back.
    expect(await (await resendRoute(resendRequest(delivered), ctx)).json()).toEqual({ data: { result: "recorded" } });
    expect((await stateOf(deliveryId)).status).toBe("opened");

    const before = await stateOf(deliveryId);
    const bounced = { type: "email.bounced", data: { email_id: messageId } };
    const forged = resendRequest(bounced, { secret: `whsec_${Buffer.alloc(32, 9).toString("base64")}` });
    const refused = await resendRoute(forged, ctx);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe("unauthorized");
    const unsigned = new Request("http://127.0.0.1/api/webhooks/resend", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(bounced) });
    expect((await resendRoute(unsigned, ctx)).status).toBe(401);
    const stale = resendRequest(bounced, { at: new Date(Date.now() - 10 * 60_000) });
    expect((await resendRoute(stale, ctx)).status).toBe(401);
    expect(await stateOf(deliveryId)).toEqual(before);
  });

  it("holds a callback that beats its message id, and applies it once the id is stored", async () => {
    const messageId = `em_${crypto.randomUUID()}`;
    const early = resendRequest({ type: "email.delivered", data: { email_id: messageId } }, { id: "msg_early_1" });
    expect(await (await resendRoute(early, ctx)).json()).toEqual({ data: { result: "held" } });
    // Svix retrying the same callback does not hold it twice.
    await resendRoute(resendRequest({ type: "email.delivered", data: { email_id: messageId } }, { id: "msg_early_1" }), ctx);
    const [held] = await app.database.query<{ n: number }>("select count(*)::int as n from early_status_callbacks where provider_message_id = $1", [messageId]);
    expect(held!.n).toBe(1);

    const { deliveryId } = await sentDelivery("resend", messageId);
    expect(await applyEarlyStatusCallbacks(app.db, "resend", messageId)).toBe(1);
    expect((await stateOf(deliveryId)).status).toBe("delivered");
    const [left] = await app.database.query<{ n: number }>("select count(*)::int as n from early_status_callbacks where provider_message_id = $1", [messageId]);
    expect(left!.n).toBe(0);
  });

  function twilioRequest(params: Record<string, string>, { token = TWILIO_TOKEN, headers = {} as Record<string, string> } = {}) {
    const url = `${PUBLIC_URL}/api/webhooks/twilio`;
    const signature = twilio.getExpectedTwilioSignature(token, url, params);
    // Behind a proxy: the request reaches us on another host than the one Twilio signed.
    return new Request("http://127.0.0.1:3000/api/webhooks/twilio", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature, ...headers },
      body: new URLSearchParams(params).toString(),
    });
  }

  it("Twilio: signed callbacks move the status forward only; a wrong signature is refused", async () => {
    const sid = `SM${crypto.randomUUID().replaceAll("-", "")}`;
    const { deliveryId } = await sentDelivery("twilio", sid);
    expect(await (await twilioRoute(twilioRequest({ MessageSid: sid, MessageStatus: "delivered" }), ctx)).json()).toEqual({ data: { result: "applied" } });
    expect((await stateOf(deliveryId)).status).toBe("delivered");
    // Out of order: "sent" after "delivered" is recorded, the status stays.
    expect(await (await twilioRoute(twilioRequest({ MessageSid: sid, MessageStatus: "sent" }), ctx)).json()).toEqual({ data: { result: "recorded" } });
    expect((await stateOf(deliveryId)).status).toBe("delivered");
    expect(await (await twilioRoute(twilioRequest({ MessageSid: sid, MessageStatus: "sent" }), ctx)).json()).toEqual({ data: { result: "duplicate" } });

    const before = await stateOf(deliveryId);
    const forged = await twilioRoute(twilioRequest({ MessageSid: sid, MessageStatus: "failed", ErrorCode: "30007" }, { token: "someone_else_token_000000" }), ctx);
    expect(forged.status).toBe(401);
    const unsigned = new Request("http://127.0.0.1:3000/api/webhooks/twilio", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `MessageSid=${sid}&MessageStatus=failed`,
    });
    expect((await twilioRoute(unsigned, ctx)).status).toBe(401);
    expect(await stateOf(deliveryId)).toEqual(before);
  });

  it("/api/health names the configured providers and never a key", async () => {
    const res = await healthRoute();
    const text = await res.text();
    expect(JSON.parse(text).providers).toEqual({ email: ["resend"], sms: ["twilio"], push: ["dev-outbox"], webhook: ["webhook"] });
    for (const secret of [TWILIO_TOKEN, RESEND_SECRET, "re_never_called"]) expect(text).not.toContain(secret);
  });
});
