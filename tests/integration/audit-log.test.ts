import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { discardDeadLetters } from "@/lib/admin/discard-dead-letters";
import { requestDeliveryReplays } from "@/lib/admin/request-delivery-replays";
import { announceReplays } from "@/inngest/announce-replays";
import { cliActor, type AuditActor } from "@/lib/audit/audit-actor";
import { listAuditLog } from "@/lib/audit/list-audit-log";
import { createApiKey, revokeApiKey } from "@/lib/auth/api-keys";
import type { SessionUser } from "@/lib/auth/session-user";
import { startBroadcast } from "@/lib/broadcasts/start-broadcast";
import { announceBroadcast } from "@/inngest/announce-broadcast";
import { createChannelProviders, setChannelProviders } from "@/lib/channels/get-channel-providers";
import { createWebhookEndpoint, deleteWebhookEndpoint, rotateWebhookEndpointSecret, updateWebhookEndpoint } from "@/lib/channels/webhooks/manage-webhook-endpoints";
import { parseEnv } from "@/lib/env";
import { updateRecipientPreferences } from "@/lib/preferences/recipient-preferences";
import { acceptNotifications } from "@/lib/send/accept-notifications";
import { sendNotificationEvents } from "@/inngest/send-notification-events";
import { createNotificationType } from "@/lib/templates/create-notification-type";
import { rollbackTemplate } from "@/lib/templates/rollback-template";
import { saveTemplate } from "@/lib/templates/save-template";
import { updateNotificationType } from "@/lib/templates/update-notification-type";
import { apiErrorOf } from "../support/api-error-of";
import { startAppRuntime } from "../support/app-runtime";
import { testDatabaseKinds } from "../support/databases";

// Admin routes read the signed-in user from the request's cookies; here the test says who it is.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/get-current-user", () => ({ getCurrentUser: async () => session.user }));

const { POST: cleanupRoute } = await import("@/app/api/admin/realtime/cleanup/route");
const { POST: adminEndpointsRoute } = await import("@/app/api/admin/webhook-endpoints/route");
const { POST: v1EndpointsRoute } = await import("@/app/api/v1/webhook-endpoints/route");
const { POST: v1RotateRoute } = await import("@/app/api/v1/webhook-endpoints/[id]/rotate-secret/route");

type Route = (req: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const call = (route: Route, path: string, body: unknown, headers: Record<string, string> = {}, params: Record<string, string> = {}) =>
  route(new Request(`http://herald.test${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }), { params: Promise.resolve(params) });

const ADMIN_ID = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const ADMIN: AuditActor = { type: "user", id: ADMIN_ID, email: "admin@example.com", role: "admin", requestId: "req-42", ip: "203.0.113.9" };
const member = (role: SessionUser["role"], email = `${role}@example.com`): SessionUser =>
  ({ id: ADMIN_ID, email, name: email, role, recipientId: null }) as SessionUser;

describe.each(testDatabaseKinds())("audit log on %s", (kind) => {
  let app: Awaited<ReturnType<typeof startAppRuntime>>;
  // Every secret the changes below hand out: none may reach the audit log.
  const secrets: string[] = [];
  beforeAll(async () => {
    app = await startAppRuntime(kind);
    // Endpoint URLs are checked when saved: this one is allowed, and nothing is ever sent to it.
    setChannelProviders(createChannelProviders(parseEnv({ WEBHOOK_ALLOWED_HOSTS: "127.0.0.1:4000" })));
  });
  afterAll(async () => {
    setChannelProviders(null);
    await app.stop();
  });

  const entries = async (filter: Record<string, string> = {}) => (await listAuditLog(app.db, { limit: 100, ...filter })).items;
  const latest = async (action: string) => (await entries({ action }))[0];

  it("types and templates: create, update, save and rollback, each with who, before and after", async () => {
    await createNotificationType(app.db, { key: "audit.test", name: "Audit test" }, ADMIN);
    await updateNotificationType(app.db, "audit.test", { name: "Audit test, renamed", critical: true }, ADMIN);
    await saveTemplate(app.db, "audit.test", { channel: "in_app", content: { title: "First" } }, ADMIN);
    await saveTemplate(app.db, "audit.test", { channel: "in_app", content: { title: "Second" } }, ADMIN);
    await rollbackTemplate(app.db, "audit.test", { channel: "in_app", version: 1 }, ADMIN);

    expect(await latest("type.create")).toMatchObject({
      actor: { type: "user", id: ADMIN_ID, name: "admin@example.com" },
      target: { type: "type", id: "audit.test" },
      before: null,
      after: { key: "audit.test", name: "Audit test", critical: false },
      requestId: "req-42",
      ip: "203.0.113.9",
    });
    expect(await latest("type.update")).toMatchObject({ before: { name: "Audit test", critical: false }, after: { name: "Audit test, renamed", critical: true } });
    const saves = await entries({ action: "template.save" });
    expect(saves.map((e) => [e.target.id, e.before, e.after])).toEqual([
      ["audit.test/in_app/en", { version: 1, content: { title: "First" } }, { version: 2, content: { title: "Second" } }],
      ["audit.test/in_app/en", null, { version: 1, content: { title: "First" } }],
    ]);
    expect(await latest("template.rollback")).toMatchObject({
      before: { version: 2, content: { title: "Second" } },
      after: { version: 3, content: { title: "First" }, restoredVersion: 1 },
    });
  });

  it("API keys: create and revoke are audited once each, without the key, its hash or its prefix", async () => {
    const { key, apiKey } = await createApiKey(app.db, { name: "audited", scopes: ["notifications:write"] }, ADMIN);
    secrets.push(key);
    await revokeApiKey(app.db, apiKey.id, ADMIN);
    await revokeApiKey(app.db, apiKey.id, ADMIN);
    const [hash] = await app.database.query<{ key_hash: string; prefix: string }>("select key_hash, prefix from api_keys where id = $1", [apiKey.id]);
    secrets.push(hash!.key_hash, hash!.prefix);
    expect(await latest("api_key.create")).toMatchObject({ target: { type: "api_key", id: apiKey.id }, after: { name: "audited", scopes: ["notifications:write"] } });
    expect(await entries({ action: "api_key.revoke" })).toHaveLength(1);
    expect(await latest("api_key.revoke")).toMatchObject({ before: { revokedAt: null }, after: { revokedAt: expect.any(String) } });
    // The CLI is an actor too.
    const cli = await createApiKey(app.db, { name: "from the cli" }, cliActor);
    secrets.push(cli.key);
    expect(await latest("api_key.create")).toMatchObject({ actor: { type: "cli", id: null, name: "cli" }, target: { id: cli.apiKey.id } });
  });

  it("webhook endpoints: create, update, rotate and delete, from the admin and from an API key, never with a secret", async () => {
    const created = await createWebhookEndpoint(app.db, { url: "http://127.0.0.1:4000/a", recipientId: "alice" }, ADMIN);
    const rotated = await rotateWebhookEndpointSecret(app.db, created.endpoint.id, ADMIN);
    await updateWebhookEndpoint(app.database, created.endpoint.id, { enabled: false }, ADMIN, announceReplays);
    secrets.push(created.secret, rotated.secret);
    expect(await latest("webhook_endpoint.create")).toMatchObject({ target: { id: created.endpoint.id }, after: { url: "http://127.0.0.1:4000/a", recipientId: "alice" } });
    expect(await latest("webhook_endpoint.rotate_secret")).toMatchObject({ before: { rotating: false }, after: { rotating: true, overlapEndsAt: rotated.previousSecretExpiresAt } });
    expect(await latest("webhook_endpoint.update")).toMatchObject({ before: { enabled: true }, after: { enabled: false, disabledReason: "Disabled by an operator" } });
    await deleteWebhookEndpoint(app.db, created.endpoint.id, ADMIN);
    expect(await latest("webhook_endpoint.delete")).toMatchObject({ before: { id: created.endpoint.id }, after: null });

    const { key, apiKey } = await createApiKey(app.db, { name: "host app", scopes: ["webhooks:write"] }, cliActor);
    secrets.push(key);
    const headers = { authorization: `Bearer ${key}`, "x-forwarded-for": "198.51.100.7, 10.0.0.1" };
    const response = await call(v1EndpointsRoute, "/api/v1/webhook-endpoints", { url: "http://127.0.0.1:4000/b", typeKey: "mention" }, headers);
    expect(response.status).toBe(201);
    const body = await response.json();
    secrets.push(body.data.secret);
    const rotatedByKey = await call(v1RotateRoute, `/api/v1/webhook-endpoints/${body.data.id}/rotate-secret`, {}, headers, { id: body.data.id });
    secrets.push((await rotatedByKey.json()).data.secret);
    expect(await latest("webhook_endpoint.create")).toMatchObject({ actor: { type: "api_key", id: apiKey.id, name: "host app" }, ip: "198.51.100.7", target: { id: body.data.id } });
    expect(await latest("webhook_endpoint.rotate_secret")).toMatchObject({ actor: { type: "api_key", id: apiKey.id } });
    const ciphertexts = await app.database.query<{ secret_ciphertext: string; previous_secret_ciphertext: string | null }>("select secret_ciphertext, previous_secret_ciphertext from webhook_endpoints");
    for (const c of ciphertexts) secrets.push(c.secret_ciphertext, ...(c.previous_secret_ciphertext ? [c.previous_secret_ciphertext] : []));
  });

  it("sends, broadcasts and preferences changed on a recipient's behalf", async () => {
    const { accepted } = await acceptNotifications(app.db, { to: ["alice"], type: "mention", data: { author: "Ann", excerpt: "hi" } }, { scope: "test", send: sendNotificationEvents, audit: ADMIN });
    expect(await latest("notification.send")).toMatchObject({
      target: { type: "notification", id: accepted.notifications[0]!.id },
      after: { type: "mention", notifications: [{ id: accepted.notifications[0]!.id, recipient: "alice" }] },
    });
    // A host app's send through the API is not an admin change.
    const before = (await entries({ action: "notification.send" })).length;
    await acceptNotifications(app.db, { to: ["bob"], type: "mention", data: { author: "Ann", excerpt: "hi" } }, { scope: "test", send: sendNotificationEvents });
    expect(await entries({ action: "notification.send" })).toHaveLength(before);

    const broadcast = await startBroadcast(app.db, { type: "mention", data: { author: "Ann", excerpt: "all" }, filter: { hasEmail: true } }, { actor: ADMIN, announce: announceBroadcast });
    expect(await latest("broadcast.create")).toMatchObject({ target: { type: "broadcast", id: broadcast.id }, after: { filter: { hasEmail: true }, total: broadcast.total } });

    const [alice] = await app.database.query<{ id: string }>("select id from recipients where external_id = 'alice'");
    await updateRecipientPreferences(app.db, alice!.id, { global: { sms: false } }, { actor: ADMIN, externalId: "alice" });
    expect(await latest("preferences.update")).toMatchObject({ target: { type: "recipient", id: "alice" }, before: { global: { sms: true } }, after: { global: { sms: false } } });
    // The recipient changing their own preferences is not audited.
    await updateRecipientPreferences(app.db, alice!.id, { global: { sms: true } });
    expect(await entries({ action: "preferences.update" })).toHaveLength(1);
  });

  it("dead-letter replays and discards name the deliveries and what they were", async () => {
    const failed = async () => {
      const [row] = await app.database.query<{ id: string }>(
        `with n as (insert into notifications (notification_type_id, recipient_id, status) select id, 'a1111111-1111-4111-8111-111111111111', 'failed' from notification_types where key = 'default' returning id)
         insert into deliveries (notification_id, recipient_id, channel, status, idempotency_key)
         select id, 'a1111111-1111-4111-8111-111111111111', 'email', 'failed', gen_random_uuid()::text from n returning id`,
      );
      return row!.id;
    };
    const [toReplay, toDiscard] = [await failed(), await failed()];
    await requestDeliveryReplays(app.database, { ids: [toReplay] }, ADMIN, announceReplays);
    expect(await latest("dead_letters.replay")).toMatchObject({
      target: { type: "delivery", id: toReplay },
      before: { statuses: { [toReplay]: "failed" } },
      after: { replayed: [{ id: toReplay, replay: 1 }], skipped: [] },
    });
    await discardDeadLetters(app.database, { ids: [toDiscard] }, ADMIN);
    await discardDeadLetters(app.database, { ids: [toDiscard] }, ADMIN);
    expect(await entries({ action: "dead_letters.discard" })).toHaveLength(1);
    expect(await latest("dead_letters.discard")).toMatchObject({ target: { id: toDiscard }, after: { discarded: [toDiscard] } });
  });

  it("admin routes check the role first and audit as the signed-in member (realtime cleanup, webhooks)", async () => {
    session.user = null;
    expect((await call(cleanupRoute, "/api/admin/realtime/cleanup", {})).status).toBe(401);
    for (const role of ["user", "viewer", "editor"] as const) {
      session.user = member(role);
      expect((await call(cleanupRoute, "/api/admin/realtime/cleanup", {})).status, role).toBe(403);
      expect((await call(adminEndpointsRoute, "/api/admin/webhook-endpoints", { url: "http://127.0.0.1:4000/c", recipientId: "alice" })).status, role).toBe(403);
    }
    expect(await entries({ action: "realtime.cleanup" })).toHaveLength(0);
    session.user = member("admin");
    const response = await call(cleanupRoute, "/api/admin/realtime/cleanup", { olderThanHours: 48 }, { "x-request-id": "req-cleanup" });
    expect(response.status).toBe(202);
    expect(await latest("realtime.cleanup")).toMatchObject({ actor: { type: "user", name: "admin@example.com" }, requestId: "req-cleanup", after: { olderThanHours: 48, eventId: (await response.json()).data.eventId } });
    const created = await call(adminEndpointsRoute, "/api/admin/webhook-endpoints", { url: "http://127.0.0.1:4000/c", recipientId: "alice" });
    expect(created.status).toBe(201);
    secrets.push((await created.json()).data.secret);
    session.user = null;
  });

  it("no entry holds a secret", async () => {
    const [{ dump }] = (await app.database.query<{ dump: string }>("select coalesce(string_agg(row_to_json(a)::text, ' '), '') as dump from audit_log a")) as [{ dump: string }];
    expect(dump.length).toBeGreaterThan(0);
    expect(secrets.length).toBeGreaterThanOrEqual(10);
    for (const secret of secrets) expect(dump, "a secret in the audit log").not.toContain(secret);
    expect(dump).not.toMatch(/whsec_|hk_[A-Za-z0-9_-]{20}|key_?hash|ciphertext/i);
  });

  it("filters by actor, action, target type and time, pages by cursor, and names a bad field", async () => {
    const all = await entries();
    expect(all.length).toBeGreaterThan(15);
    expect((await entries({ actor: "admin@" })).every((e) => e.actor.name === "admin@example.com")).toBe(true);
    expect((await entries({ actor: ADMIN_ID })).every((e) => e.actor.id === ADMIN_ID)).toBe(true);
    expect((await entries({ actor: "cli" })).map((e) => e.actor.type)).toEqual(expect.arrayContaining(["cli"]));
    expect((await entries({ actor: "cli" })).every((e) => e.actor.type === "cli")).toBe(true);
    expect((await entries({ targetType: "webhook_endpoint" })).every((e) => e.target.type === "webhook_endpoint")).toBe(true);
    const middle = all[Math.floor(all.length / 2)]!;
    expect((await entries({ to: middle.createdAt })).every((e) => e.createdAt <= middle.createdAt)).toBe(true);
    expect((await entries({ from: middle.createdAt })).every((e) => e.createdAt >= middle.createdAt)).toBe(true);

    const seen: string[] = [];
    for (let after: string | undefined, i = 0; i < 50; i++) {
      const page = await listAuditLog(app.db, { limit: 4, ...(after ? { after } : {}) });
      seen.push(...page.items.map((e) => e.id));
      if (!page.after) break;
      after = page.after;
    }
    expect(seen).toEqual(all.map((e) => e.id));

    const problem = (filter: unknown) => apiErrorOf(listAuditLog(app.db, filter));
    expect(await problem({ action: "type.explode" })).toMatchObject({ status: 422, issues: [{ path: "action" }] });
    expect(await problem({ targetType: "planet" })).toMatchObject({ status: 422, issues: [{ path: "targetType" }] });
    expect(await problem({ from: "yesterday" })).toMatchObject({ status: 422, issues: [{ path: "from" }] });
    expect(await problem({ from: "2026-12-02T00:00:00Z", to: "2026-12-01T00:00:00Z" })).toMatchObject({ issues: [{ path: "to" }] });
    expect(await problem({ after: "garbage" })).toMatchObject({ issues: [{ path: "after" }] });
    expect(await problem({ limit: "0" })).toMatchObject({ issues: [{ path: "limit" }] });
  });
});
