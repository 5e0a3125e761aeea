import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createHeraldClient, type HeraldClient } from "@/lib/api-client/create-herald-client";
import { createApiKeyAsAdmin } from "../support/http-session";
import { openApiResponses } from "../support/openapi-responses";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * Every operation of the OpenAPI document, called through the client generated from it
 * (openapi-typescript + openapi-fetch), against the running app on each database: each answer
 * must be a status the document lists with a body that matches its schema, and no operation
 * may go unexercised. A handler that answers something undocumented fails here.
 */
describe.each(inject("apps"))("the typed API client against the document, on $kind", ({ kind, baseUrl }) => {
  const responses = openApiResponses();
  let client: HeraldClient;
  let key: string;
  const recipient = `client-${kind}-${Date.now()}`;

  beforeAll(async () => {
    key = await createApiKeyAsAdmin(baseUrl, `api-client-${kind}`);
    client = createHeraldClient({ baseUrl, apiKey: key });
    client.use({
      async onResponse({ response, schemaPath, request }) {
        const text = await response.clone().text();
        responses.check(schemaPath, request.method.toLowerCase() as "get", response, text ? JSON.parse(text) : undefined);
      },
    });
  });

  it("recipients: create, update, read, push tokens, preferences", async () => {
    const created = await client.PUT("/api/v1/recipients/{id}", { params: { path: { id: recipient } }, body: { name: "Client Test", email: "client@example.com", timezone: "Europe/Berlin" } });
    expect(created.response.status).toBe(201);
    expect(created.data?.data.externalId).toBe(recipient);
    const updated = await client.PUT("/api/v1/recipients/{id}", { params: { path: { id: recipient } }, body: { locale: "de" } });
    expect(updated.response.status).toBe(200);
    expect(updated.data?.data).toMatchObject({ name: "Client Test", locale: "de" });
    const read = await client.GET("/api/v1/recipients/{id}", { params: { path: { id: recipient } } });
    expect(read.data?.data.timezone).toBe("Europe/Berlin");
    const missing = await client.GET("/api/v1/recipients/{id}", { params: { path: { id: `${recipient}-nobody` } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.error.code).toBe("not_found");
    const invalid = await client.PUT("/api/v1/recipients/{id}", { params: { path: { id: recipient } }, body: { email: "not an email" } });
    expect(invalid.response.status).toBe(422);

    const token = `client-token-${kind}-${Date.now()}`;
    const registered = await client.POST("/api/v1/recipients/{id}/push-tokens", { params: { path: { id: recipient } }, body: { token, platform: "web" } });
    expect(registered.data?.data.platform).toBe("web");
    expect((await client.DELETE("/api/v1/recipients/{id}/push-tokens", { params: { path: { id: recipient } }, body: { token } })).response.status).toBe(204);
    expect((await client.DELETE("/api/v1/recipients/{id}/push-tokens", { params: { path: { id: recipient } }, body: { token } })).response.status).toBe(404);

    const preferences = await client.GET("/api/v1/recipients/{id}/preferences", { params: { path: { id: recipient } } });
    expect(preferences.data?.data.types.length).toBeGreaterThan(0);
    const changed = await client.PUT("/api/v1/recipients/{id}/preferences", {
      params: { path: { id: recipient } },
      body: { global: { sms: false }, quietHours: { enabled: true, start: "22:00", end: "07:00", timezone: "Europe/Berlin" } },
    });
    expect(changed.data?.data.global.sms).toBe(false);
    expect(changed.data?.data.quietHours).toMatchObject({ enabled: true, start: "22:00" });
  });

  it("notifications: send to an id and inline, schedule and cancel", async () => {
    const sent = await client.POST("/api/v1/notifications", { body: { to: recipient, type: "comment.created", data: { author: "Eve", excerpt: "Typed", url: "/p/1" } } });
    expect(sent.response.status).toBe(202);
    expect(sent.data?.data.notifications).toEqual([{ id: expect.any(String), recipient }]);
    const inline = await client.POST("/api/v1/notifications", { body: { to: [{ id: `${recipient}-inline`, name: "Inline" }], type: "comment.created", data: { author: "Eve" } } });
    expect(inline.response.status).toBe(202);
    const refused = await client.POST("/api/v1/notifications", { body: { to: [], type: "comment.created" } });
    expect(refused.response.status).toBe(422);

    const later = await client.POST("/api/v1/notifications", { body: { to: recipient, type: "comment.created", sendAt: new Date(Date.now() + 3_600_000).toISOString() } });
    const id = later.data!.data.notifications[0]!.id;
    const cancelled = await client.POST("/api/v1/notifications/{id}/cancel", { params: { path: { id } } });
    expect(cancelled.data?.data).toEqual({ id, status: "cancelled" });
    expect((await client.POST("/api/v1/notifications/{id}/cancel", { params: { path: { id } } })).response.status).toBe(409);
  });

  it("webhook endpoints: create, list, read, update, rotate, delete", async () => {
    const url = `http://127.0.0.1:${inject("webhookReceiverPort")}/client-${kind}`;
    const created = await client.POST("/api/v1/webhook-endpoints", { body: { url, recipientId: recipient, description: "typed client" } });
    expect(created.response.status).toBe(201);
    expect(created.data?.data.secret).toMatch(/^whsec_/);
    const id = created.data!.data.id;
    const page = await client.GET("/api/v1/webhook-endpoints", { params: { query: { limit: 100 } } });
    expect(page.data?.data.some((e) => e.id === id)).toBe(true);
    expect((await client.GET("/api/v1/webhook-endpoints/{id}", { params: { path: { id } } })).data?.data.url).toBe(url);
    const updated = await client.PATCH("/api/v1/webhook-endpoints/{id}", { params: { path: { id } }, body: { description: "renamed", paused: true } });
    expect(updated.data?.data).toMatchObject({ description: "renamed", paused: true });
    const rotated = await client.POST("/api/v1/webhook-endpoints/{id}/rotate-secret", { params: { path: { id } } });
    expect(rotated.data?.data.secret).not.toBe(created.data!.data.secret);
    expect(rotated.data?.data.endpoint.rotating).toBe(true);
    expect((await client.DELETE("/api/v1/webhook-endpoints/{id}", { params: { path: { id } } })).response.status).toBe(204);
    expect((await client.GET("/api/v1/webhook-endpoints/{id}", { params: { path: { id } } })).response.status).toBe(404);
  });

  it("the CLI sends and reads through the same client", async () => {
    const run = (...args: string[]) =>
      promisify(execFile)("npx", ["tsx", "bin/herald.ts", ...args], { cwd: root, env: { ...process.env, HERALD_URL: baseUrl, HERALD_API_KEY: key, LOG_LEVEL: "warn" } });
    const sent = await run("send", "--type", "comment.created", "--to", recipient, "--data", JSON.stringify({ author: "CLI" }));
    expect(sent.stdout.trim()).toMatch(new RegExp(`^[0-9a-f-]{36}  ${recipient}$`));
    const got = await run("recipient", "get", recipient);
    expect(JSON.parse(got.stdout)).toMatchObject({ externalId: recipient, locale: "de" });
    const failed = await run("recipient", "get", `${recipient}-nobody`).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/^404: /);
  });

  it("recipients: export", async () => {
    const exported = await client.GET("/api/v1/recipients/{id}/export", { params: { path: { id: recipient } } });
    expect(exported.response.status).toBe(200);
    expect(exported.response.headers.get("content-disposition")).toMatch(/^attachment; filename="herald-recipient-/);
    expect(exported.data?.data.recipient.externalId).toBe(recipient);
    expect(exported.data?.data.notifications.length).toBeGreaterThan(0);
    expect((await client.GET("/api/v1/recipients/{id}/export", { params: { path: { id: `${recipient}-nobody` } } })).response.status).toBe(404);
  });

  it("recipients: erase; and every documented operation was exercised", async () => {
    expect((await client.DELETE("/api/v1/recipients/{id}", { params: { path: { id: recipient } } })).response.status).toBe(204);
    expect((await client.DELETE("/api/v1/recipients/{id}", { params: { path: { id: recipient } } })).response.status).toBe(404);
    const unauthorized = createHeraldClient({ baseUrl, apiKey: "hk_not_a_key" });
    expect((await unauthorized.GET("/api/v1/recipients/{id}", { params: { path: { id: recipient } } })).response.status).toBe(401);
    expect(responses.unexercised()).toEqual([]);
  });
});
