import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cliActor, type AuditActor } from "@/lib/audit/audit-actor";
import { listAuditLog } from "@/lib/audit/list-audit-log";
import { createApiKey } from "@/lib/auth/api-keys";
import type { SessionUser } from "@/lib/auth/session-user";
import { setProcessDatabase } from "@/lib/db/get-database";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { updateRecipientPreferences } from "@/lib/preferences/recipient-preferences";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";
import { openApiResponses } from "../support/openapi-responses";

// Admin routes read the signed-in member from the request's cookies; here the test says who it is.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/get-current-user", () => ({ getCurrentUser: async () => session.user }));

const { GET: exportRoute } = await import("@/app/api/v1/recipients/[id]/export/route");
const { GET: adminExportRoute } = await import("@/app/api/admin/recipients/[id]/export/route");
const { DELETE: eraseRoute } = await import("@/app/api/v1/recipients/[id]/route");

type Route = (req: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const call = (route: Route, id: string, headers: Record<string, string> = {}, method = "GET") =>
  route(new Request(`http://herald.test/api/v1/recipients/${encodeURIComponent(id)}/export`, { method, headers }), { params: Promise.resolve({ id }) });

const ALICE = "a1111111-1111-4111-8111-111111111111";
const BOB = "b2222222-2222-4222-8222-222222222222";
const ALICE_TOKEN = "alice-device-token-0123456789-abcdefghij-KLMNOP";
const BOB_TOKEN = "bob-device-token-0123456789-zyxwvutsrq";
const MEMBER_ID = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const ADMIN: AuditActor = { type: "user", id: MEMBER_ID, email: "admin@example.com", role: "admin" };
const member = (role: SessionUser["role"]): SessionUser =>
  ({ id: MEMBER_ID, email: `${role}@example.com`, name: role, role, recipientId: null, via: "session", inboxTopic: "" }) as SessionUser;

type Export = {
  exportedAt: string;
  recipient: { id: string; externalId: string; email: string | null; timezone: string; data: Record<string, unknown> };
  preferences: { global: Record<string, boolean>; quietHours: { start: string } | null };
  pushTokens: { platform: string; token: string }[];
  webhookEndpoints: { host: string }[];
  notifications: {
    id: string;
    type: string;
    createdAt: string;
    deliveries: { channel: string; status: string; events: { status: string; reason: string | null }[]; outboxMessage: { recipient: string; subject: string | null } | null }[];
  }[];
  inboxItems: { id: string; title: string; type: string; createdAt: string }[];
  auditEntries: { action: string; actor: { type: string; name: string } }[];
};

describe.each(testDatabaseKinds())("recipient export on %s", (kind) => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let readKey: string;
  let writeOnlyKey: string;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedDemoData(t.database);
    setProcessDatabase(t.database);
    readKey = (await createApiKey(t.database.db, { name: "privacy desk", scopes: ["recipients:read"] }, cliActor)).key;
    writeOnlyKey = (await createApiKey(t.database.db, { name: "sender", scopes: ["notifications:write", "recipients:write"] }, cliActor)).key;
    const q = (text: string, params: unknown[] = []) => t.database.query(text, params);
    await q(`update recipients set data = '{"plan": "pro"}' where id = $1`, [ALICE]);
    // One notification each for Alice and Bob, with an email delivery, its events and the dev outbox's copy.
    for (const [recipient, n, d, email] of [
      [ALICE, "0e000000-0000-4000-8000-00000000a001", "0d000000-0000-4000-8000-00000000a001", "alice@example.com"],
      [BOB, "0e000000-0000-4000-8000-00000000b001", "0d000000-0000-4000-8000-00000000b001", "bob@example.com"],
    ] as const) {
      await q(`insert into notifications (id, notification_type_id, recipient_id, data, status) select $1, id, $2, '{"author": "Eve"}', 'delivered' from notification_types where key = 'comment.created'`, [n, recipient]);
      await q(`insert into deliveries (id, notification_id, recipient_id, channel, status, idempotency_key, provider) values ($1::uuid, $2, $3, 'email', 'delivered', $1::text, 'dev-outbox')`, [d, n, recipient]);
      await q(`insert into delivery_events (delivery_id, status, reason) values ($1, 'queued', null), ($1, 'delivered', 'accepted by dev outbox')`, [d]);
      await q(`insert into outbox_messages (delivery_id, channel, recipient, subject, body) values ($1, 'email', $2, 'Eve commented', 'Hello')`, [d, email]);
    }
    await q(`insert into push_tokens (recipient_id, token, platform) values ($1, $2, 'ios'), ($3, $4, 'web')`, [ALICE, ALICE_TOKEN, BOB, BOB_TOKEN]);
    await q(`insert into webhook_endpoints (recipient_id, url, secret_ciphertext) values ($1, 'https://hooks.example.com/T000/B000/super-secret-path?token=abc', 'x'), ($2, 'https://bob-hooks.example.com/x', 'x')`, [ALICE, BOB]);
    // Changed by an admin on each one's behalf: an audit entry about each.
    await updateRecipientPreferences(t.database.db, ALICE, { global: { sms: false }, quietHours: { enabled: true, start: "22:00", end: "07:00", timezone: "Europe/Lisbon" } }, { actor: ADMIN, externalId: "alice" });
    await updateRecipientPreferences(t.database.db, BOB, { global: { push: false } }, { actor: ADMIN, externalId: "bob" });
  });
  afterAll(() => t.drop());

  const auditOf = async (action: string) => (await listAuditLog(t.database.db, { action, limit: 100 })).items;

  it("answers everything about the person as one JSON download, and nothing of anyone else", async () => {
    const response = await call(exportRoute, "alice", { authorization: `Bearer ${readKey}` });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="herald-recipient-alice.json"');
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    // The answer is what the OpenAPI document says it is.
    openApiResponses().check("/api/v1/recipients/{id}/export", "get", response, JSON.parse(text));
    const { data } = JSON.parse(text) as { data: Export };

    expect(data.recipient).toMatchObject({ id: ALICE, externalId: "alice", email: "alice@example.com", timezone: "America/Los_Angeles", data: { plan: "pro" } });
    expect(data.preferences.global).toMatchObject({ sms: false, email: true });
    expect(data.preferences.quietHours).toMatchObject({ start: "22:00" });
    // The device token is a credential: only its end, enough to tell devices apart.
    expect(data.pushTokens).toEqual([{ id: expect.any(String), platform: "ios", token: "…KLMNOP", createdAt: expect.any(String), lastSeenAt: expect.any(String) }]);
    expect(text).not.toContain(ALICE_TOKEN.slice(0, 12));
    // An endpoint URL can carry a secret: the host only.
    expect(data.webhookEndpoints).toEqual([{ id: expect.any(String), host: "hooks.example.com", description: null, enabled: true, createdAt: expect.any(String) }]);
    expect(text).not.toContain("super-secret-path");

    expect(data.notifications).toEqual([
      expect.objectContaining({
        id: "0e000000-0000-4000-8000-00000000a001",
        type: "comment.created",
        data: { author: "Eve" },
        deliveries: [
          expect.objectContaining({
            channel: "email",
            status: "delivered",
            events: [expect.objectContaining({ status: "queued" }), expect.objectContaining({ status: "delivered", reason: "accepted by dev outbox" })],
            outboxMessage: expect.objectContaining({ recipient: "alice@example.com", subject: "Eve commented" }),
          }),
        ],
      }),
    ]);
    const seeded = await t.database.query<{ id: string }>("select id from inbox_items where recipient_id = $1 order by created_at desc, id desc", [ALICE]);
    expect(data.inboxItems.map((i) => i.id)).toEqual(seeded.map((i) => i.id));
    expect(data.inboxItems[0]).toMatchObject({ type: "comment.created", title: "Bob Chen commented" });
    expect(data.auditEntries.map((e) => e.action)).toEqual(["recipient.export", "preferences.update"]);
    expect(data.auditEntries[1]!.actor).toEqual({ type: "user", name: "admin@example.com" });

    // Nothing of Bob's: his address, token, endpoint, notification, inbox items or audit entries.
    const bobsItems = await t.database.query<{ id: string }>("select id from inbox_items where recipient_id = $1", [BOB]);
    for (const other of ["bob@example.com", BOB, BOB_TOKEN.slice(-6), "bob-hooks", "0e000000-0000-4000-8000-00000000b001", "0d000000-0000-4000-8000-00000000b001", ...bobsItems.map((i) => i.id)]) {
      expect(text).not.toContain(other);
    }
  });

  it("is audited: each export names the API key or the member who asked", async () => {
    const before = (await auditOf("recipient.export")).length;
    expect((await call(exportRoute, "alice", { authorization: `Bearer ${readKey}`, "x-request-id": "req-export-1" })).status).toBe(200);
    const [entry] = await auditOf("recipient.export");
    expect(entry).toMatchObject({ actor: { type: "api_key", name: "privacy desk" }, target: { type: "recipient", id: "alice" }, requestId: "req-export-1" });
    expect((await auditOf("recipient.export")).length).toBe(before + 1);

    session.user = member("viewer");
    const download = await call(adminExportRoute, "bob");
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe('attachment; filename="herald-recipient-bob.json"');
    expect(((await download.json()) as { data: Export }).data.recipient.externalId).toBe("bob");
    expect((await auditOf("recipient.export"))[0]).toMatchObject({ actor: { type: "user", id: MEMBER_ID, name: "viewer@example.com" }, target: { type: "recipient", id: "bob" } });
  });

  it("an unknown id is a 404 in the error model, and nothing is audited", async () => {
    const before = (await auditOf("recipient.export")).length;
    for (const id of ["nobody", "x".repeat(300)]) {
      const response = await call(exportRoute, id, { authorization: `Bearer ${readKey}` });
      expect(response.status).toBe(404);
      const body = await response.json();
      expect(body).toEqual({ error: { code: "not_found", message: `No recipient with id '${id}'.` } });
      openApiResponses().check("/api/v1/recipients/{id}/export", "get", response, body);
    }
    session.user = member("viewer");
    expect((await call(adminExportRoute, "nobody")).status).toBe(404);
    expect((await auditOf("recipient.export")).length).toBe(before);
  });

  it("needs an API key with recipients:read (401 without a valid one, 403 without the scope), or a member", async () => {
    const before = (await auditOf("recipient.export")).length;
    const refused = async (route: Route, headers: Record<string, string>, status: number, code: string) => {
      const response = await call(route, "alice", headers);
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    };
    await refused(exportRoute, {}, 401, "unauthorized");
    await refused(exportRoute, { authorization: "Bearer hk_not_a_key" }, 401, "unauthorized");
    await refused(exportRoute, { authorization: `Bearer ${writeOnlyKey}` }, 403, "forbidden");
    session.user = null;
    await refused(adminExportRoute, {}, 401, "unauthorized");
    session.user = member("user");
    await refused(adminExportRoute, {}, 403, "forbidden");
    expect((await auditOf("recipient.export")).length).toBe(before);
  });

  it("streams every row, newest first, however many pages it takes", async () => {
    const [{ id }] = (await t.database.query<{ id: string }>(`insert into recipients (external_id, email) values ('prolific', 'p@example.com') returning id`)) as [{ id: string }];
    await t.database.query(
      `insert into inbox_items (recipient_id, type_key, title, created_at)
       select $1, 'mention', 'item ' || g, now() - make_interval(secs => g) from generate_series(1, 1203) g`,
      [id],
    );
    // Some share a timestamp, so the page boundaries fall between equal times too.
    await t.database.query(`update inbox_items set created_at = date_trunc('minute', created_at) where recipient_id = $1 and title like 'item 1%'`, [id]);
    await t.database.query(
      `insert into notifications (notification_type_id, recipient_id, created_at)
       select nt.id, $1, now() - make_interval(secs => g) from notification_types nt, generate_series(1, 230) g where nt.key = 'mention'`,
      [id],
    );
    const response = await call(exportRoute, "prolific", { authorization: `Bearer ${readKey}` });
    const { data } = (await response.json()) as { data: Export };
    const items = await t.database.query<{ id: string }>("select id from inbox_items where recipient_id = $1 order by created_at desc, id desc", [id]);
    expect(data.inboxItems).toHaveLength(1203);
    expect(data.inboxItems.map((i) => i.id)).toEqual(items.map((i) => i.id));
    expect(data.notifications).toHaveLength(230);
    expect(new Set(data.notifications.map((n) => n.id)).size).toBe(230);
    expect(data.notifications.map((n) => n.createdAt)).toEqual(data.notifications.map((n) => n.createdAt).sort().reverse());
  });

  it("erasing is audited the same way, naming only the id", async () => {
    await t.database.query(`insert into recipients (external_id, email, name) values ('leaving', 'leaving@example.com', 'Leaving Person')`);
    const erase = (id: string, key: string) => eraseRoute(new Request(`http://herald.test/api/v1/recipients/${id}`, { method: "DELETE", headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({ id }) });
    const { key } = await createApiKey(t.database.db, { name: "eraser", scopes: ["recipients:write"] }, cliActor);
    expect((await erase("leaving", key)).status).toBe(204);
    expect((await erase("leaving", key)).status).toBe(404);
    const entries = (await auditOf("recipient.erase")).filter((e) => e.target.id === "leaving");
    expect(entries).toEqual([expect.objectContaining({ actor: expect.objectContaining({ type: "api_key", name: "eraser" }), before: null, after: null })]);
    expect(JSON.stringify(entries)).not.toContain("leaving@example.com");
  });
});
