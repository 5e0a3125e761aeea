import { beforeAll, describe, expect, inject, it } from "vitest";
import { createApiKeyAsAdmin, signInCookie } from "../support/http-session";
import { waitFor } from "../support/wait-for";

describe.each(inject("apps"))("POST /api/v1/notifications over HTTP, on $kind", ({ baseUrl }) => {
  let key: string;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    key = await createApiKeyAsAdmin(baseUrl, "send-e2e");
    alice = await signInCookie(baseUrl, "alice@example.com");
    bob = await signInCookie(baseUrl, "bob@example.com");
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}/api/v1/notifications`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("accepts with 202, and the item shows in alice's inbox (only hers) via the inbox API", async () => {
    const response = await post({ to: ["alice"], type: "comment.created", data: { author: "Eve", excerpt: "Nice", url: "/p/9" } });
    expect(response.status).toBe(202);
    const { data } = await response.json();
    const id = data.notifications[0].id;
    const item = await waitFor(
      async () => {
        const items: { id: string; notificationId: string; title: string }[] = (await (await fetch(`${baseUrl}/api/inbox?limit=5`, { headers: { cookie: alice } })).json()).data;
        return items.find((x) => x.notificationId === id);
      },
      { what: "the item in alice's inbox", timeoutMs: 5_000, intervalMs: 100 },
    );
    expect(item.title).toBe("Eve commented");
    const bobs = (await (await fetch(`${baseUrl}/api/inbox?limit=50`, { headers: { cookie: bob } })).json()).data;
    expect(bobs.some((x: { notificationId: string }) => x.notificationId === id)).toBe(false);
    // bob cannot touch alice's item; alice can mark it read and the count drops.
    const before = (await (await fetch(`${baseUrl}/api/inbox/counts`, { headers: { cookie: alice } })).json()).data.unread;
    const patch = (cookie: string) =>
      fetch(`${baseUrl}/api/inbox/${item.id}`, { method: "PATCH", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ read: true }) });
    expect((await patch(bob)).status).toBe(404);
    expect((await patch(alice)).status).toBe(200);
    const after = (await (await fetch(`${baseUrl}/api/inbox/counts`, { headers: { cookie: alice } })).json()).data.unread;
    expect(after).toBe(before - 1);
  });

  it("serves the OpenAPI document", async () => {
    const doc = await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/api/v1/notifications"].post.requestBody).toBeDefined();
  });

  it("replays an Idempotency-Key and refuses its reuse with another body", async () => {
    const body = { to: "bob", content: { in_app: { title: "Idempotent" } } };
    const first = await post(body, { "idempotency-key": "e2e-1" });
    const second = await post(body, { "idempotency-key": "e2e-1" });
    expect(second.status).toBe(202);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await second.json()).toEqual(await first.json());
    const conflict = await post({ ...body, content: { in_app: { title: "Other" } } }, { "idempotency-key": "e2e-1" });
    expect(conflict.status).toBe(409);
  });

  it("answers bad requests with 4xx and a JSON body naming the problem", async () => {
    const unauth = await fetch(`${baseUrl}/api/v1/notifications`, { method: "POST", body: "{}" });
    expect(unauth.status).toBe(401);
    expect((await post("{nope")).status).toBe(400);
    expect((await post({ to: "alice", content: { in_app: { title: "x" } } }, { "content-type": "text/plain" })).status).toBe(415);
    const invalid = await post({ to: [], type: "comment.created", priority: "urgent" });
    expect(invalid.status).toBe(422);
    const paths = (await invalid.json()).error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["to", "priority"]));
    const tooMany = await post({ to: Array.from({ length: 1001 }, (_, i) => `r${i}`), type: "comment.created" });
    expect(tooMany.status).toBe(422);
    expect((await tooMany.json()).error.message).toMatch(/1000 recipients/);
    const huge = await post({ to: "alice", content: { in_app: { title: "big", body: "x".repeat(300_000) } } });
    expect(huge.status).toBe(413);
  });
});
