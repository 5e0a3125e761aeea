import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/audit/audit-actor";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { pruneExpiredInboxItems } from "@/lib/retention/prune-expired-inbox-items";
import { pruneBatch, prunedTables, type PrunedTable } from "@/lib/retention/prune-old-rows";
import { updateNotificationType } from "@/lib/templates/update-notification-type";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";

const day = 86_400_000;

describe.each(testDatabaseKinds())("retention on %s", (kind) => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedDemoData(t.database);
    const q = (text: string) => t.database.query(text);
    // A notification with one delivery to hang delivery events on.
    await q(`insert into notifications (id, notification_type_id, recipient_id)
             select '0e000000-0000-4000-8000-000000000001', nt.id, r.id from notification_types nt, recipients r
              where nt.key = 'comment.created' and r.external_id = 'alice'`);
    await q(`insert into deliveries (id, notification_id, recipient_id, channel, idempotency_key)
             select '0d000000-0000-4000-8000-000000000001', n.id, n.recipient_id, 'email', 'retention-test' from notifications n
              where n.id = '0e000000-0000-4000-8000-000000000001'`);
    // 35 old rows and 3 young ones in every table; the old delivery events have the lowest ids.
    for (const [age, count] of [[40, 35], [1, 3]] as const) {
      const at = `now() - interval '${age} days'`;
      await q(`insert into executor.runs (function_id, status, event, events, ended_at)
               select 'f', 'completed', '{}', '[]', ${at} from generate_series(1, ${count})`);
      await q(`insert into executor.events (id, name, payload, received_at) select 'e${age}-' || g, 'x', '{}', ${at} from generate_series(1, ${count}) g`);
      await q(`insert into delivery_events (delivery_id, status, occurred_at) select '0d000000-0000-4000-8000-000000000001', 'queued', ${at} from generate_series(1, ${count})`);
      await q(`insert into outbox_messages (channel, recipient, created_at) select 'email', 'a@example.com', ${at} from generate_series(1, ${count})`);
      await q(`insert into idempotency_keys (key, request_hash, response, created_at) select 'k${age}-' || g, 'h', '{}', ${at} from generate_series(1, ${count}) g`);
    }
    // Old but still live: a run asleep for weeks, with a step. It stays, and so does its step.
    await q(`insert into executor.runs (id, function_id, status, event, events, created_at)
             values ('0a000000-0000-4000-8000-000000000001', 'f', 'sleeping', '{}', '[]', now() - interval '60 days')`);
    await q(`insert into executor.steps (run_id, hash, op) values ('0a000000-0000-4000-8000-000000000001', 'h1', 'sleep')`);
    // A finished old run's steps go with it.
    await q(`insert into executor.steps (run_id, hash, op) select id, 'h', 'step' from executor.runs where status = 'completed' and ended_at < now() - interval '30 days' limit 1`);
  });
  afterAll(() => t.drop());

  const count = async (table: PrunedTable | "executor.steps") => (await t.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;

  it("deletes old rows in bounded batches, keeps young rows and live runs, and stops once nothing is old", async () => {
    const before = new Date(Date.now() - 30 * day);
    for (const table of prunedTables) {
      const total = await count(table);
      const batches: number[] = [];
      for (let i = 0; i < 10; i++) {
        const gone = await pruneBatch(t.database, table, before, 10);
        batches.push(gone);
        if (gone < 10) break;
      }
      expect({ table, batches }).toEqual({ table, batches: [10, 10, 10, 5] });
      expect(await count(table)).toBe(total - 35);
      // Nothing old is left: another pass deletes nothing.
      expect(await pruneBatch(t.database, table, before, 10)).toBe(0);
    }
    expect(await t.database.query("select status from executor.runs where id = '0a000000-0000-4000-8000-000000000001'")).toEqual([{ status: "sleeping" }]);
    expect(await count("executor.steps")).toBe(1);
    expect(await count("public.delivery_events")).toBe(3);
  });

  it("prunes delivery events up to the first young one even when old and young interleave at the edge", async () => {
    await t.database.query(`insert into delivery_events (delivery_id, status, occurred_at) values
      ('0d000000-0000-4000-8000-000000000001', 'sent', now() - interval '40 days')`);
    // The old row has the highest id now: ids are taken to grow with time, so it waits until
    // the younger rows before it are old too. Nothing young is ever deleted.
    expect(await pruneBatch(t.database, "public.delivery_events", new Date(Date.now() - 30 * day), 10)).toBe(0);
    expect(await count("public.delivery_events")).toBe(4);
  });

  it("deletes inbox items past their type's retention in bounded batches, and nothing of types without one", async () => {
    const q = (text: string) => t.database.query(text);
    // Set as a type's settings are, which refuse anything but a whole number of days from 1.
    for (const bad of [0, 1.5, "7", 3651]) {
      await expect(updateNotificationType(t.database.db, "mention", { inboxTtlDays: bad }, cliActor)).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["inboxTtlDays"] })] });
    }
    expect(await updateNotificationType(t.database.db, "mention", { inboxTtlDays: 7 }, cliActor)).toMatchObject({ inboxTtlDays: 7 });
    await updateNotificationType(t.database.db, "task.assigned", { inboxTtlDays: 30 }, cliActor);
    const items = (type: string, age: string, count: number) =>
      q(`insert into inbox_items (recipient_id, type_key, title, created_at)
         select r.id, '${type}', 'retention ${type} ' || g, now() - interval '${age}' from recipients r, generate_series(1, ${count}) g where r.external_id = 'bob'`);
    // Past a 7-day retention: 25 items of 10 days; within it: 3 of 6 days (and the seeded one of 2 hours).
    await items("mention", "10 days", 25);
    await items("mention", "6 days", 3);
    // A 30-day retention: 2 items past it, 4 within it.
    await items("task.assigned", "40 days", 2);
    await items("task.assigned", "10 days", 4);
    // No retention, or no type at all: kept however old.
    await items("comment.created", "400 days", 5);
    await items("no.such.type", "400 days", 2);
    const byType = async () =>
      Object.fromEntries(
        (await t.database.query<{ type_key: string; n: number }>(`select type_key, count(*)::int as n from inbox_items group by type_key`)).map((r) => [r.type_key, r.n]),
      );
    const before = await byType();

    const batches: number[] = [];
    for (let i = 0; i < 10; i++) {
      const gone = await pruneExpiredInboxItems(t.database, new Date(), 10);
      batches.push(gone);
      if (gone < 10) break;
    }
    expect(batches).toEqual([10, 10, 7]);
    expect(await pruneExpiredInboxItems(t.database, new Date(), 10)).toBe(0);
    expect(await byType()).toEqual({ ...before, mention: before.mention! - 25, "task.assigned": before["task.assigned"]! - 2 });
    const oldest = await t.database.query<{ type_key: string; days: number }>(
      `select type_key, floor(extract(epoch from now() - min(created_at)) / 86400)::int as days from inbox_items where type_key in ('mention', 'task.assigned') group by type_key order by type_key`,
    );
    expect(oldest).toEqual([{ type_key: "mention", days: 6 }, { type_key: "task.assigned", days: 10 }]);
  });
});
