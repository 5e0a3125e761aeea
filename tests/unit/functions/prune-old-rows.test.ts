import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneOldRows } from "@/inngest/functions/prune-old-rows";
import { closeDatabase, getDatabase } from "@/lib/db/get-database";

// The real function with Inngest's test engine, on the in-memory database getDatabase() opens
// here, with the default policy: executor 30 days, delivery events 90, outbox 14, keys 48 h.
describe("prune-old-rows", () => {
  beforeAll(async () => {
    const database = await getDatabase();
    await database.query(`insert into outbox_messages (channel, recipient, created_at) values
      ('email', 'old@example.com', now() - interval '20 days'), ('email', 'new@example.com', now() - interval '2 days')`);
    await database.query(`insert into idempotency_keys (key, request_hash, response, created_at) values
      ('old', 'h', '{}', now() - interval '3 days'), ('new', 'h', '{}', now() - interval '1 hour')`);
    await database.query(`insert into executor.events (id, name, payload, received_at) values
      ('old', 'x', '{}', now() - interval '31 days'), ('new', 'x', '{}', now())`);
    // Mentions stay in inboxes for a week; other types keep their items.
    await database.query(`update notification_types set inbox_ttl_days = 7 where key = 'mention'`);
    await database.query(`insert into inbox_items (recipient_id, type_key, title, created_at)
      select r.id, v.type_key, v.title, now() - v.age::interval from recipients r,
        (values ('mention', 'old mention', '8 days'), ('mention', 'new mention', '6 days'), ('comment.created', 'old comment', '8 days')) v (type_key, title, age)
       where r.external_id = 'bob'`);
  });
  afterAll(() => closeDatabase());

  it("on its schedule, deletes what is past each table's age in durable batches and keeps the rest", async () => {
    const { result } = await new InngestTestEngine({ function: pruneOldRows }).execute({ events: [{ name: "inngest/scheduled.timer", data: { cron: "29 * * * *" } }] });
    expect(result).toMatchObject({
      deleted: { "executor.events": 1, "public.outbox_messages": 1, "public.idempotency_keys": 1, "executor.runs": 0, "public.delivery_events": 0, "public.inbox_items": 1 },
    });
    const database = await getDatabase();
    expect(await database.query("select recipient from outbox_messages")).toEqual([{ recipient: "new@example.com" }]);
    expect(await database.query("select key from idempotency_keys")).toEqual([{ key: "new" }]);
    expect(await database.query("select id from executor.events where id in ('old', 'new')")).toEqual([{ id: "new" }]);
    expect(await database.query("select title from inbox_items where title in ('old mention', 'new mention', 'old comment') order by title")).toEqual([{ title: "new mention" }, { title: "old comment" }]);
  });
});
