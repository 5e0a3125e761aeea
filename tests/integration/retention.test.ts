import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { pruneBatch, prunedTables, type PrunedTable } from "@/lib/retention/prune-old-rows";
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
});
