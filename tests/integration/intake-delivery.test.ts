import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptNotifications } from "@/lib/send/accept-notifications";
import { sendNotificationEvents } from "@/inngest/send-notification-events";
import { testDatabaseKinds } from "../support/databases";
import { waitForNotification } from "../support/executor-harness";
import { startAppRuntime } from "../support/app-runtime";

// In-app at intake: what the accept transaction itself has written by the time it returns (the
// moment the 202 leaves), before any durable run could have done anything.
describe.each(testDatabaseKinds())("in-app at intake on %s", (kind) => {
  let app: Awaited<ReturnType<typeof startAppRuntime>>;
  beforeAll(async () => {
    app = await startAppRuntime(kind);
  });
  afterAll(() => app.stop());

  const send = (body: unknown) => acceptNotifications(app.db, body, { scope: "intake-test", send: sendNotificationEvents });
  const stateOf = async (id: string) => {
    const [row] = await app.database.query<{ status: string; completed: boolean; started: boolean; event_sent: boolean; items: number; events: number; runs: number }>(
      `select n.status, n.completed_at is not null as completed, n.started_at is not null as started, n.event_sent_at is not null as event_sent,
              (select count(*)::int from inbox_items i where i.notification_id = n.id) as items,
              (select count(*)::int from executor.events e where e.id = 'notification-' || n.id) as events,
              (select count(*)::int from executor.runs r where r.event->>'id' = 'notification-' || n.id) as runs
         from notifications n where n.id = $1`,
      [id],
    );
    return row!;
  };
  const timelineOf = (id: string) =>
    app.database.query<{ channel: string; status: string; events: string[]; reason: string | null }>(
      `select d.channel, d.status,
              (select array_agg(e.status order by e.id) from delivery_events e where e.delivery_id = d.id) as events,
              (select e.reason from delivery_events e where e.delivery_id = d.id order by e.id desc limit 1) as reason
         from deliveries d where d.notification_id = $1 order by d.channel`,
      [id],
    );

  it("an in-app-only notification is in the inbox and final when the accept returns, with no durable run at all", async () => {
    const { accepted } = await send({ to: ["alice", "bob"], channels: ["in_app"], content: { in_app: { title: "Hi {{ recipient.name }}", actionUrl: "/inbox" } } });
    for (const { id } of accepted.notifications) {
      expect(await stateOf(id)).toEqual({ status: "delivered", completed: true, started: true, event_sent: true, items: 1, events: 0, runs: 0 });
      expect(await timelineOf(id)).toEqual([{ channel: "in_app", status: "delivered", events: ["queued", "delivered"], reason: null }]);
    }
    const titles = await app.database.query<{ title: string; action_url: string }>(
      "select title, action_url from inbox_items where notification_id = any($1::uuid[]) order by title",
      [accepted.notifications.map((n) => n.id)],
    );
    expect(titles).toEqual([
      { title: "Hi Alice Martin", action_url: "/inbox" },
      { title: "Hi Bob Chen", action_url: "/inbox" },
    ]);
  });

  it("in-app and email: the item is live at once from the type's template, the run's event is in the same transaction, the run sends the email", async () => {
    const { accepted } = await send({ to: ["alice"], type: "comment.created", data: { author: "Ann", excerpt: "At intake", url: "/posts/9" } });
    const id = accepted.notifications[0]!.id;
    const atReturn = await stateOf(id);
    expect(atReturn).toMatchObject({ items: 1, events: 1, event_sent: true, completed: false });
    const [item] = await app.database.query<{ title: string }>("select title from inbox_items where notification_id = $1", [id]);
    expect(item!.title).toBe("Ann commented");
    expect(await waitForNotification(app.database, id)).toBe("delivered");
    expect(await timelineOf(id)).toEqual([
      { channel: "email", status: "delivered", events: ["queued", "delivered"], reason: null },
      // Written once, at intake: the run found it done.
      { channel: "in_app", status: "delivered", events: ["queued", "delivered"], reason: null },
    ]);
  });

  it("a channel the plan skips is recorded at intake, and a notification with nothing to send is final as skipped", async () => {
    // No email address: the email is skipped, the in-app item is delivered, and no run is needed.
    const partial = await send({ to: [{ id: "intake-no-email", name: "No Mail" }], channels: ["in_app", "email"], content: { in_app: { title: "x" }, email: { subject: "s", text: "t" } } });
    const partialId = partial.accepted.notifications[0]!.id;
    expect(await stateOf(partialId)).toMatchObject({ status: "delivered", completed: true, events: 0 });
    expect(await timelineOf(partialId)).toEqual([
      { channel: "email", status: "skipped", events: ["queued", "skipped"], reason: "no_email" },
      { channel: "in_app", status: "delivered", events: ["queued", "delivered"], reason: null },
    ]);

    // In-app switched off everywhere: nothing to deliver.
    await app.database.query(
      `insert into preferences (recipient_id, notification_type_id, channel, enabled)
       select id, null, 'in_app', false from recipients where external_id = 'intake-no-email'`,
    );
    const skipped = await send({ to: ["intake-no-email"], channels: ["in_app"], content: { in_app: { title: "muted" } } });
    const skippedId = skipped.accepted.notifications[0]!.id;
    expect(await stateOf(skippedId)).toMatchObject({ status: "skipped", completed: true, items: 0, events: 0 });
    expect(await timelineOf(skippedId)).toEqual([{ channel: "in_app", status: "skipped", events: ["queued", "skipped"], reason: "channel_disabled" }]);
  });

  it("a scheduled notification writes nothing at intake but its event; the run delivers at sendAt", async () => {
    const sendAt = new Date(Date.now() + 1_500).toISOString();
    const { accepted } = await send({ to: ["bob"], channels: ["in_app"], sendAt, content: { in_app: { title: "Later" } } });
    const id = accepted.notifications[0]!.id;
    expect(await stateOf(id)).toMatchObject({ status: "scheduled", items: 0, events: 1, event_sent: true });
    expect(await waitForNotification(app.database, id)).toBe("delivered");
    expect(await stateOf(id)).toMatchObject({ items: 1 });
  });

  it("the events commit and roll back with the notifications: an enclosing transaction that fails leaves neither", async () => {
    const before = await app.database.query<{ events: number }>("select count(*)::int as events from executor.events");
    let ids: string[] = [];
    await expect(
      app.db.transaction(async (tx) => {
        const result = await acceptNotifications(tx, { to: ["alice"], type: "comment.created", data: { author: "Rolled", excerpt: "back" } }, {
          scope: "intake-test",
          send: sendNotificationEvents,
          afterCommit: false,
        });
        // Written in this transaction: nothing is left to send after it.
        expect(result.pending).toEqual([]);
        ids = result.accepted.notifications.map((n) => n.id);
        throw new Error("the enclosing work fails");
      }),
    ).rejects.toThrow("the enclosing work fails");
    expect(ids).toHaveLength(1);
    expect(await app.database.query("select id from notifications where id = any($1::uuid[])", [ids])).toEqual([]);
    expect(await app.database.query("select id from inbox_items where notification_id = any($1::uuid[])", [ids])).toEqual([]);
    expect(await app.database.query<{ events: number }>("select count(*)::int as events from executor.events")).toEqual(before);
  });

  it("inline recipients are upserted set-based: given fields update, absent ones keep their value, a repeated id merges", async () => {
    await send({ to: [{ id: "intake-upsert", name: "First", email: "first@example.com", locale: "de" }], channels: ["in_app"], content: { in_app: { title: "1" } } });
    await send({ to: [{ id: "intake-upsert", phone: "+14155550101" }], channels: ["in_app"], content: { in_app: { title: "2" } } });
    const twice = await send({
      to: [{ id: "intake-dup", name: "One" }, { id: "intake-dup", email: "dup@example.com" }, "intake-upsert"],
      channels: ["in_app"],
      content: { in_app: { title: "3" } },
    });
    expect(twice.accepted.notifications.map((n) => n.recipient)).toEqual(["intake-dup", "intake-upsert"]);
    const rows = await app.database.query<{ external_id: string; name: string | null; email: string | null; phone: string | null; locale: string; timezone: string }>(
      "select external_id, name, email, phone, locale, timezone from recipients where external_id like 'intake-%' and external_id <> 'intake-no-email' order by external_id",
    );
    expect(rows).toEqual([
      { external_id: "intake-dup", name: "One", email: "dup@example.com", phone: null, locale: "en", timezone: "UTC" },
      { external_id: "intake-upsert", name: "First", email: "first@example.com", phone: "+14155550101", locale: "de", timezone: "UTC" },
    ]);
  });
});
