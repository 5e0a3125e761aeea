import { afterEach, describe, expect, it } from "vitest";
import { setProcessDatabase } from "@/lib/db/get-database";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { setProcessExecutor } from "@/inngest/executor/embedded-fetch";
import { startEmbeddedExecutor } from "@/inngest/executor/start-embedded-executor";
import { crashTestDatabase, killNow, spawnChild } from "../support/crash-process";
import { testDatabaseKinds } from "../support/databases";
import { waitFor } from "../support/executor-harness";

// A process killed while it accepts notifications — between an accept transaction and its
// run's first step, for most of them: every notification it answered 202 for is in Postgres
// with its in-app item and its event (they commit together), and another process delivers
// each exactly once.
describe.each(testDatabaseKinds())("a process killed mid-intake, on %s", (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("loses no accepted notification and delivers each once", async () => {
    const crash = await crashTestDatabase(kind, cleanups);
    await seedDemoData(crash.database);
    await crash.handOver();

    const { child, output } = spawnChild("tests/support/intake-child.ts", crash.config, cleanups, { LOG_LEVEL: "silent" });
    const answered = () => output().split("\n").filter((line) => line.startsWith("accepted ")).flatMap((line) => JSON.parse(line.slice(9)) as string[]);
    await waitFor(async () => (answered().length >= 40 ? true : null), { timeoutMs: 60_000, what: "the child to accept 20 requests" });
    await killNow(child);
    const acknowledged = answered();
    const database = await crash.takeBack();
    const counts = async () =>
      (
        await database.query<{ total: number; open: number; without_event: number; without_item: number }>(
          `select count(*)::int as total,
                  count(*) filter (where n.status in ('accepted', 'processing'))::int as open,
                  count(*) filter (where not exists (select 1 from executor.events e where e.id = 'notification-' || n.id))::int as without_event,
                  count(*) filter (where not exists (select 1 from inbox_items i where i.notification_id = n.id))::int as without_item
             from notifications n join recipients r on r.id = n.recipient_id where r.external_id like 'crash-%'`,
        )
      )[0]!;
    const atKill = await counts();
    // Everything answered is there (a request in flight at the kill may be there too, whole).
    const present = await database.query<{ id: string }>("select id from notifications where id = any($1::uuid[])", [acknowledged]);
    expect(present).toHaveLength(acknowledged.length);
    expect(atKill.total).toBeGreaterThanOrEqual(acknowledged.length);
    expect(atKill.total % 2).toBe(0);
    expect(atKill).toMatchObject({ without_event: 0, without_item: 0 });

    setProcessDatabase(database);
    const executor = await startEmbeddedExecutor(database, { backoffScale: 0.0001, pollMs: 50, leaseMs: 1_000 });
    cleanups.push(async () => {
      await executor.stop(2_000);
      setProcessExecutor(undefined);
    });
    // The dead process's leases run out (1 s), then this one finishes every run.
    await waitFor(async () => ((await counts()).open === 0 ? true : null), { timeoutMs: 60_000, what: "every notification to finish" });
    const deliveries = await database.query<{ status: string; items: number; mails: number; n: number }>(
      `select n.status,
              (select count(*)::int from inbox_items i where i.notification_id = n.id) as items,
              (select count(*)::int from outbox_messages o join deliveries d on d.id = o.delivery_id where d.notification_id = n.id) as mails,
              count(*)::int as n
         from notifications n join recipients r on r.id = n.recipient_id where r.external_id like 'crash-%'
        group by 1, 2, 3`,
    );
    expect(deliveries).toEqual([{ status: "delivered", items: 1, mails: 1, n: atKill.total }]);
  }, 120_000);
});
