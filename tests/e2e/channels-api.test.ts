import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApiKeyAsAdmin, signInCookie } from "../support/http-session";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";
import { waitFor } from "../support/wait-for";

describe.each(inject("apps"))("webhook endpoints and push tokens over HTTP, on $kind", ({ baseUrl }) => {
  let key: string;
  let alice: string;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    key = await createApiKeyAsAdmin(baseUrl, "channels-e2e");
    alice = await signInCookie(baseUrl, "alice@example.com");
    receiver = await startWebhookReceiver(inject("webhookReceiverPort"));
  });
  afterAll(() => receiver.close());

  const api = (method: string, path: string, body?: unknown, token = key) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("creates an endpoint (secret shown once), signs what it sends, lists it without the secret", async () => {
    const created = await api("POST", "/api/v1/webhook-endpoints", { url: receiver.url, recipientId: "bob", description: "bob's CRM" });
    expect(created.status).toBe(201);
    const { data: endpoint } = await created.json();
    expect(endpoint).toMatchObject({ recipientId: "bob", enabled: true, consecutiveFailures: 0 });
    expect(endpoint.secret).toMatch(/^whsec_/);

    const sent = await api("POST", "/api/v1/notifications", { to: ["bob"], channels: ["webhook"], content: { webhook: { payload: { order: 42 } } } });
    expect(sent.status).toBe(202);
    const hit = await waitFor(async () => receiver.received.at(-1), { what: "the webhook to reach the receiver", timeoutMs: 10_000, intervalMs: 100 });
    const body = new Webhook(endpoint.secret).verify(hit.body, hit.headers as Record<string, string>) as { data: { recipientId: string; payload: unknown } };
    expect(body.data).toMatchObject({ recipientId: "bob", payload: { order: 42 } });

    const listed = await (await api("GET", "/api/v1/webhook-endpoints?limit=100")).json();
    const row = listed.data.find((e: { id: string }) => e.id === endpoint.id);
    expect(row).toBeDefined();
    expect(JSON.stringify(listed)).not.toContain(endpoint.secret);
    expect((await api("DELETE", `/api/v1/webhook-endpoints/${endpoint.id}`)).status).toBe(204);
  });

  it("refuses bad endpoint input with 422 naming the field, and keys without the scope with 403", async () => {
    const noTarget = await api("POST", "/api/v1/webhook-endpoints", { url: "https://example.com/hook" });
    expect(noTarget.status).toBe(422);
    expect((await noTarget.json()).error.issues[0].path).toBe("recipientId");
    const badUrl = await api("POST", "/api/v1/webhook-endpoints", { url: "ftp://example.com", typeKey: "mention" });
    expect(badUrl.status).toBe(422);
    expect((await badUrl.json()).error.issues[0].path).toBe("url");
    const withCredentials = await api("POST", "/api/v1/webhook-endpoints", { url: "https://user:pw@example.com/h", typeKey: "mention" });
    expect(withCredentials.status).toBe(422);
    const unknownType = await api("POST", "/api/v1/webhook-endpoints", { url: "https://example.com/h", typeKey: "no.such.type" });
    expect((await unknownType.json()).error.issues[0].path).toBe("typeKey");
    expect((await api("GET", "/api/v1/webhook-endpoints/not-a-uuid")).status).toBe(404);

    const narrow = await createApiKeyAsAdmin(baseUrl, "send-only", ["notifications:write"]);
    expect((await api("GET", "/api/v1/webhook-endpoints", undefined, narrow)).status).toBe(403);
    expect((await fetch(`${baseUrl}/api/v1/webhook-endpoints`)).status).toBe(401);
  });

  it("lets a signed-in user register and remove this browser's push token, and no one else's", async () => {
    const post = (cookie: string | null, body: unknown, method = "POST") =>
      fetch(`${baseUrl}/api/push-tokens`, { method, headers: { ...(cookie ? { cookie } : {}), "content-type": "application/json" }, body: JSON.stringify(body) });
    const token = `web-${crypto.randomUUID()}`;
    expect((await post(null, { token, platform: "web" })).status).toBe(401);
    const bad = await post(alice, { token, platform: "fax" });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.issues[0].path).toBe("platform");
    expect((await post(alice, { token, platform: "web" })).status).toBe(201);
    const bob = await signInCookie(baseUrl, "bob@example.com");
    // Another user cannot take the token over, nor remove it.
    expect((await post(bob, { token, platform: "web" })).status).toBe(409);
    expect((await post(bob, { token }, "DELETE")).status).toBe(404);
    expect((await post(alice, { token }, "DELETE")).status).toBe(204);
    expect((await post(alice, { token }, "DELETE")).status).toBe(404);
  });

  it("serves the push service worker and reports providers in /api/health without secrets", async () => {
    const sw = await fetch(`${baseUrl}/firebase-messaging-sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get("content-type")).toContain("javascript");
    expect(await sw.text()).toContain("showNotification");
    const health = await (await fetch(`${baseUrl}/api/health`)).json();
    expect(health.providers).toEqual({ email: ["dev-outbox"], sms: ["dev-outbox"], push: ["dev-outbox"], webhook: ["webhook"] });
  });
});
