import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toHeraldApiError } from "@/lib/api/errors";
import { cliActor } from "@/lib/audit/audit-actor";
import { listInboxPage } from "@/lib/db/queries/inbox";
import { emitReadEvents } from "@/inngest/emit-inbox-events";
import { updateInboxItem } from "@/lib/inbox/update-inbox-items";
import { acceptNotifications } from "@/lib/send/accept-notifications";
import { notify } from "@/inngest/notify";
import { sendNotificationEvents } from "@/inngest/send-notification-events";
import { cancelNotification } from "@/lib/send/cancel-notification";
import { announceCancelled } from "@/inngest/announce-cancelled";
import { getRecipientPreferences, updateRecipientPreferences } from "@/lib/preferences/recipient-preferences";
import { deleteRecipient, registerPushToken, upsertRecipient } from "@/lib/recipients/manage-recipients";
import { testDatabaseKinds } from "../support/databases";
import { waitFor, waitForNotification } from "../support/executor-harness";
import { startAppRuntime } from "../support/app-runtime";

const ALICE = "a1111111-1111-4111-8111-111111111111";

describe.each(testDatabaseKinds())("send pipeline on %s", (kind) => {
  let app: Awaited<ReturnType<typeof startAppRuntime>>;
  beforeAll(async () => {
    app = await startAppRuntime(kind);
  });
  afterAll(() => app.stop());

  const send = (body: unknown, idempotencyKey?: string) =>
    acceptNotifications(app.db, body, { scope: "test", idempotencyKey, send: sendNotificationEvents });
  const finished = (id: string) => waitForNotification(app.database, id);
  const deliveriesOf = (id: string) =>
    app.database.query<{ channel: string; status: string; reason: string | null }>(
      `select d.channel, d.status, (select reason from delivery_events e where e.delivery_id = d.id order by e.id desc limit 1) as reason
         from deliveries d where notification_id = $1 order by channel`,
      [id],
    );

  it("delivers in-app and email: the inbox item is listed, the email is in the outbox", async () => {
    const { accepted } = await send({
      to: ["alice"],
      type: "comment.created",
      data: { author: "Bob", excerpt: "Ship it <b>now</b>", url: "/posts/1" },
    });
    const id = accepted.notifications[0]!.id;
    expect(await finished(id)).toBe("delivered");
    const page = await listInboxPage(app.db, ALICE, { limit: 5 });
    expect(page.items[0]).toMatchObject({ notificationId: id, title: "Bob commented", body: "Ship it <b>now</b>", actionUrl: "/posts/1" });
    const [mail] = await app.database.query<{ recipient: string; subject: string; html: string }>(
      "select o.recipient, o.subject, o.html from outbox_messages o join deliveries d on d.id = o.delivery_id where d.notification_id = $1",
      [id],
    );
    expect(mail).toMatchObject({ recipient: "alice@example.com", subject: "Bob commented on your post" });
    expect(mail!.html).toContain("Ship it &lt;b&gt;now&lt;/b&gt;");
    expect(await deliveriesOf(id)).toEqual([
      { channel: "email", status: "delivered", reason: null },
      { channel: "in_app", status: "delivered", reason: null },
    ]);
  });

  it("upserts inline recipients, uses inline content and the default type, and skips channels without an address", async () => {
    const result = await notify({
      to: [{ id: "carol", name: "Carol", email: "carol@example.com", timezone: "Europe/Paris" }],
      content: { in_app: { title: "Welcome, {{ name }}" }, sms: { body: "hi" } },
      channels: ["in_app", "sms"],
      data: { name: "Carol" },
    });
    if ("error" in result) throw new Error(result.error.message);
    const id = result.data.notifications[0]!.id;
    expect(await finished(id)).toBe("delivered");
    expect(await deliveriesOf(id)).toEqual([
      { channel: "in_app", status: "delivered", reason: null },
      { channel: "sms", status: "skipped", reason: "no_phone" },
    ]);
    const bad = await notify({ to: "nobody-here", type: "comment.created" });
    expect("error" in bad && bad.error).toMatchObject({ code: "unprocessable_entity", issues: [{ path: "to[0]" }] });
  });

  it("is idempotent: the same key and body make one notification; another body is 409", async () => {
    const body = { to: "bob", content: { in_app: { title: "Once" } } };
    const first = await send(body, "key-1");
    const second = await send(body, "key-1");
    expect(second.replayed).toBe(true);
    expect(second.accepted).toEqual(first.accepted);
    await expect(send({ ...body, content: { in_app: { title: "Twice" } } }, "key-1")).rejects.toMatchObject({ code: "conflict" });
    await finished(first.accepted.notifications[0]!.id);
    const [after] = await app.database.query<{ n: number }>("select count(*)::int as n from inbox_items where title in ('Once', 'Twice')");
    expect(after!.n).toBe(1);
  });

  it("honours preferences: an opted-out channel is skipped, unless the type is critical", async () => {
    await app.database.query(
      `insert into preferences (recipient_id, notification_type_id, channel, enabled)
       select $1, id, 'email', false from notification_types where key in ('comment.created', 'security.alert')`,
      [ALICE],
    );
    const normal = (await send({ to: "alice", type: "comment.created", data: { author: "A", excerpt: "x", url: "/" } })).accepted.notifications[0]!.id;
    const critical = (await send({ to: "alice", type: "security.alert", data: { location: "Oslo" } })).accepted.notifications[0]!.id;
    await finished(normal);
    await finished(critical);
    expect((await deliveriesOf(normal)).find((d) => d.channel === "email")).toMatchObject({ status: "skipped", reason: "opted_out" });
    expect((await deliveriesOf(critical)).find((d) => d.channel === "email")).toMatchObject({ status: "delivered" });
    expect((await deliveriesOf(critical)).find((d) => d.channel === "sms")).toMatchObject({ status: "delivered" });
    await app.database.query("delete from preferences where recipient_id = $1", [ALICE]);
  });

  it("holds email back during quiet hours while the in-app item arrives at once", async () => {
    await app.database.query(
      `insert into quiet_hours (recipient_id, start_time, end_time, timezone)
       values ($1, (now() at time zone 'UTC' - interval '1 hour')::time, (now() at time zone 'UTC' + interval '2 hours')::time, 'UTC')`,
      [ALICE],
    );
    const id = (await send({ to: "alice", type: "comment.created", data: { author: "Night", excerpt: "late", url: "/" } })).accepted.notifications[0]!.id;
    await waitFor(async () => (await deliveriesOf(id)).some((d) => d.channel === "in_app" && d.status === "delivered"), { what: "in-app delivery" });
    await waitFor(async () => {
      const [run] = await app.database.query<{ status: string }>("select status from executor.runs where event->'data'->>'notificationId' = $1", [id]);
      return run?.status === "sleeping";
    }, { what: "the run to sleep until quiet hours end" });
    expect((await deliveriesOf(id)).some((d) => d.channel === "email")).toBe(false);
    await app.database.query("delete from quiet_hours where recipient_id = $1", [ALICE]);
  });

  it("escalates to email when the in-app item stays unread, and not when it is read", async () => {
    await app.database.query(
      `insert into notification_types (key, name, default_channels, escalation) values ('test.escalate', 'Escalate', '{in_app}', '{"after": "1500ms", "channels": ["email"]}')`,
    );
    const content = { in_app: { title: "Please look" }, email: { subject: "Still waiting", html: "<p>Please look</p>" } };
    const unread = (await send({ to: "alice", type: "test.escalate", content })).accepted.notifications[0]!.id;
    const read = (await send({ to: "alice", type: "test.escalate", content })).accepted.notifications[0]!.id;
    const item = await waitFor(async () => {
      const [row] = await app.database.query<{ id: string }>("select id from inbox_items where notification_id = $1", [read]);
      return row;
    }, { what: "the in-app item" });
    const change = await updateInboxItem(app.db, ALICE, item.id, { read: true });
    expect(change.transitions).toContain("read");
    expect(change.transitions).toEqual(["seen", "read"]);
    await emitReadEvents([change.item]);
    await finished(unread);
    await finished(read);
    expect((await deliveriesOf(unread)).find((d) => d.channel === "email")).toMatchObject({ status: "delivered" });
    expect((await deliveriesOf(read)).find((d) => d.channel === "email")).toMatchObject({ status: "skipped", reason: "read_before_escalation" });
  });

  it("reports each inbox change as transitions (archive implies read; unread keeps seen)", async () => {
    const id = (await send({ to: "alice", content: { in_app: { title: "Transitions" } } })).accepted.notifications[0]!.id;
    await finished(id);
    const [item] = await app.database.query<{ id: string }>("select id from inbox_items where notification_id = $1", [id]);
    expect((await updateInboxItem(app.db, ALICE, item!.id, { seen: true })).transitions).toEqual(["seen"]);
    expect((await updateInboxItem(app.db, ALICE, item!.id, { archived: true })).transitions).toEqual(["read", "archived"]);
    const back = await updateInboxItem(app.db, ALICE, item!.id, { archived: false, read: false });
    expect(back.transitions).toEqual(["unread", "unarchived"]);
    expect(back.item.seenAt).not.toBeNull();
    await expect(updateInboxItem(app.db, "b2222222-2222-4222-8222-222222222222", item!.id, { read: true })).rejects.toMatchObject({ code: "not_found" });
    await expect(updateInboxItem(app.db, ALICE, item!.id, {})).rejects.toThrow();
  });

  it("schedules with sendAt, and a cancelled scheduled notification is never delivered", async () => {
    const sendAt = new Date(Date.now() + 60 * 60_000).toISOString();
    const id = (await send({ to: "bob", content: { in_app: { title: "Later" } }, sendAt })).accepted.notifications[0]!.id;
    await waitFor(async () => {
      const [run] = await app.database.query<{ status: string }>("select status from executor.runs where event->'data'->>'notificationId' = $1", [id]);
      return run?.status === "sleeping";
    }, { what: "the run to sleep until sendAt" });
    await cancelNotification(app.db, id, announceCancelled);
    await waitFor(async () => {
      const [run] = await app.database.query<{ status: string }>("select status from executor.runs where event->'data'->>'notificationId' = $1", [id]);
      return run?.status === "cancelled";
    }, { what: "the run to be cancelled" });
    const [row] = await app.database.query<{ status: string }>("select status from notifications where id = $1", [id]);
    expect(row!.status).toBe("cancelled");
    expect(await app.database.query("select 1 from inbox_items where notification_id = $1", [id])).toEqual([]);
    await expect(cancelNotification(app.db, id, announceCancelled)).rejects.toMatchObject({ code: "conflict" });
  });

  it("keeps preferences: critical types stay locked, a change steers the next send", async () => {
    const prefs = await getRecipientPreferences(app.db, ALICE);
    expect(prefs.types.find((t) => t.key === "security.alert")).toMatchObject({ critical: true, channels: { sms: true } });
    await expect(updateRecipientPreferences(app.db, ALICE, { types: { "security.alert": { sms: false } } })).rejects.toMatchObject({
      code: "unprocessable_entity",
      issues: [{ path: "types.security.alert" }],
    });
    await expect(updateRecipientPreferences(app.db, ALICE, { quietHours: { enabled: true, start: "25:00", end: "07:00", timezone: "Europe/Berlin" } })).rejects.toThrow();
    const updated = await updateRecipientPreferences(app.db, ALICE, { types: { "comment.created": { email: false, push: true } }, global: { sms: true } });
    expect(updated.types.find((t) => t.key === "comment.created")!.channels).toMatchObject({ email: false, in_app: true, push: true });
    const id = (await send({ to: "alice", type: "comment.created", data: { author: "P", excerpt: "q", url: "/" } })).accepted.notifications[0]!.id;
    await finished(id);
    expect(await deliveriesOf(id)).toEqual([
      { channel: "email", status: "skipped", reason: "opted_out" },
      { channel: "in_app", status: "delivered", reason: null },
      { channel: "push", status: "skipped", reason: "no_push_token" },
    ]);
    await app.database.query("delete from preferences where recipient_id = $1", [ALICE]);
  });

  it("upserts recipients with E.164 phones, and deleting one erases their inbox, preferences and tokens", async () => {
    const { recipient, created } = await upsertRecipient(app.db, "dave", { name: "Dave", phone: "+44 20 7946 0958", timezone: "Europe/London" });
    expect(created).toBe(true);
    expect(recipient.phone).toBe("+442079460958");
    await expect(upsertRecipient(app.db, "dave", { phone: "12345" })).rejects.toThrow(/phone/);
    expect((await upsertRecipient(app.db, "dave", { email: "dave@example.com" })).recipient).toMatchObject({ phone: "+442079460958", email: "dave@example.com" });
    await registerPushToken(app.db, "dave", { token: "device-token-123456", platform: "ios" });
    await updateRecipientPreferences(app.db, recipient.id, { global: { email: false } });
    const id = (await send({ to: "dave", content: { in_app: { title: "Hello Dave" } } })).accepted.notifications[0]!.id;
    await finished(id);
    expect(await deleteRecipient(app.db, "dave", cliActor)).toBe(true);
    const left = await app.database.query<Record<string, number>>(
      `select (select count(*)::int from inbox_items where recipient_id = $1) as items,
              (select count(*)::int from preferences where recipient_id = $1) as prefs,
              (select count(*)::int from push_tokens where recipient_id = $1) as tokens,
              (select count(*)::int from notifications where recipient_id = $1) as notifications`,
      [recipient.id],
    );
    expect(left).toEqual([{ items: 0, prefs: 0, tokens: 0, notifications: 0 }]);
    expect(await deleteRecipient(app.db, "dave", cliActor)).toBe(false);
  });

  it("answers 1,000 malformed bodies with a 4xx naming the field, writing nothing", async () => {
    const counts = () => app.database.query("select (select count(*) from notifications) as n, (select count(*) from recipients) as r, (select count(*) from idempotency_keys) as k");
    const before = await counts();
    const junk = fc.oneof(
      fc.anything(),
      fc.record({ to: fc.anything(), type: fc.anything() }, { requiredKeys: [] }),
      fc.record({ to: fc.constantFrom("alice", ["alice"]), type: fc.string(), priority: fc.string(), sendAt: fc.string() }),
      fc.record({ to: fc.array(fc.record({ id: fc.string(), email: fc.string(), phone: fc.string(), timezone: fc.string() }), { maxLength: 3 }), content: fc.anything() }),
      fc.record({ to: fc.constant("alice"), content: fc.record({ in_app: fc.record({ title: fc.oneof(fc.constant(""), fc.integer()) }) }), channels: fc.array(fc.string()) }),
    );
    await fc.assert(
      fc.asyncProperty(junk, async (body) => {
        const error = await send(body).then(
          () => null,
          (e: unknown) => toHeraldApiError(e),
        );
        expect(error, `accepted a malformed body: ${JSON.stringify(body)}`).not.toBeNull();
        expect(error!.status).toBeGreaterThanOrEqual(400);
        expect(error!.status).toBeLessThan(500);
        expect(error!.message.length).toBeGreaterThan(0);
        if (error!.status === 422) expect(error!.issues?.[0]?.path).toBeTruthy();
      }),
      { numRuns: 1000, seed: 42 },
    );
    expect(await counts()).toEqual(before);
  });
});
