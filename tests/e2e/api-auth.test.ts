import { describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");

async function signIn(email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/dev-sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.get("set-cookie");
  expect(cookie).toMatch(/herald_session=.+HttpOnly/i);
  return cookie!.split(";")[0]!;
}

const json = (cookie: string, body?: unknown, method = body ? "POST" : "GET") => ({
  method,
  headers: { cookie, "content-type": "application/json" },
  body: body ? JSON.stringify(body) : undefined,
});

describe("HTTP API authentication", () => {
  it("reports health with the database and durable-execution modes, and no secrets", async () => {
    const response = await fetch(`${baseUrl}/api/health`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      status: "ok",
      database: { kind: "pglite", ok: true },
      durable: { mode: "embedded", ok: true, executor: { running: true, queue: { depth: 0 } } },
    });
    expect(JSON.stringify(body)).not.toMatch(/signkey|secret/i);
  });

  it("dev sign-in answers bad input with a 4xx naming the problem", async () => {
    const bad = await fetch(`${baseUrl}/api/auth/dev-sign-in`, { method: "POST", body: "{", headers: { "content-type": "application/json" } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/JSON/);
    const invalid = await fetch(`${baseUrl}/api/auth/dev-sign-in`, json("", { email: 42 }));
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error.issues[0].path).toBe("email");
    const unknown = await fetch(`${baseUrl}/api/auth/dev-sign-in`, json("", { email: "nobody@example.com" }));
    expect(unknown.status).toBe(404);
  });

  it("an admin creates a key (shown once); it authorizes the API until revoked", async () => {
    const admin = await signIn("admin@example.com");
    const created = await fetch(`${baseUrl}/api/admin/api-keys`, json(admin, { name: "e2e", scopes: ["recipients:read"] }));
    expect(created.status).toBe(201);
    const { data } = await created.json();
    expect(data.key).toMatch(/^hk_/);
    const list = await (await fetch(`${baseUrl}/api/admin/api-keys`, json(admin))).json();
    expect(JSON.stringify(list)).not.toContain(data.key);
    expect(list.data.find((k: { id: string }) => k.id === data.apiKey.id)).toMatchObject({ name: "e2e", prefix: data.key.slice(0, 10) });

    const auth = { headers: { authorization: `Bearer ${data.key}` } };
    const alice = await fetch(`${baseUrl}/api/v1/recipients/alice`, auth);
    expect(alice.status).toBe(200);
    expect((await alice.json()).data).toMatchObject({ externalId: "alice", email: "alice@example.com" });
    expect((await fetch(`${baseUrl}/api/v1/recipients/nobody`, auth)).status).toBe(404);
    expect((await fetch(`${baseUrl}/api/v1/recipients/alice`)).status).toBe(401);
    expect((await fetch(`${baseUrl}/api/v1/recipients/alice`, { headers: { authorization: "Bearer hk_wrong" } })).status).toBe(401);

    const revoke = await fetch(`${baseUrl}/api/admin/api-keys/${data.apiKey.id}`, json(admin, undefined, "DELETE"));
    expect(revoke.status).toBe(200);
    const after = await fetch(`${baseUrl}/api/v1/recipients/alice`, auth);
    expect(after.status).toBe(401);
    expect((await after.json()).error.message).toMatch(/revoked/);
  });

  it("a key without the scope gets 403; a user without the admin role gets 403 from the admin API", async () => {
    const admin = await signIn("admin@example.com");
    const { data } = await (await fetch(`${baseUrl}/api/admin/api-keys`, json(admin, { name: "narrow", scopes: ["notifications:write"] }))).json();
    const narrow = await fetch(`${baseUrl}/api/v1/recipients/alice`, { headers: { authorization: `Bearer ${data.key}` } });
    expect(narrow.status).toBe(403);
    expect((await narrow.json()).error.message).toMatch(/recipients:read/);

    const alice = await signIn("alice@example.com");
    expect((await fetch(`${baseUrl}/api/admin/api-keys`, json(alice))).status).toBe(403);
    expect((await fetch(`${baseUrl}/api/admin/api-keys`, json(alice, { name: "sneaky" }))).status).toBe(403);
    expect((await fetch(`${baseUrl}/api/admin/api-keys`)).status).toBe(401);
  });

  it("refuses cookie-authenticated writes from another origin", async () => {
    const admin = await signIn("admin@example.com");
    const response = await fetch(`${baseUrl}/api/admin/api-keys`, {
      method: "POST",
      headers: { cookie: admin, "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ name: "csrf" }),
    });
    expect(response.status).toBe(403);
  });
});
