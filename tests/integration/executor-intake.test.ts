import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RawTransaction } from "@/lib/db/client";
import { ingestEvents } from "@/inngest/executor/ingest-events";
import { FunctionRegistry } from "@/inngest/executor/registry";
import { enqueue } from "@/inngest/executor/run-store";
import type { FunctionConfig } from "@/inngest/executor/types";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";

const fn = (id: string, event: string, extra: Partial<FunctionConfig> = {}): FunctionConfig => ({
  id,
  triggers: [{ event }],
  steps: { step: { id: "step", name: id, runtime: { type: "http", url: "http://x/api/inngest" } } },
  ...extra,
});

/** Counts the statements a transaction is sent. */
function counting(tx: RawTransaction) {
  const counted = { statements: 0 };
  const wrapped: RawTransaction = {
    exec: (script) => tx.exec(script),
    query: (text, params) => {
      counted.statements++;
      return tx.query(text, params);
    },
  };
  return { tx: wrapped, counted };
}

describe.each(testDatabaseKinds())("executor intake on %s", (kind) => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeEach(async () => {
    t = await createTestDatabase(kind);
  });
  afterEach(async () => {
    await t.drop();
  });

  it("ingests a batch inside the caller's transaction, set-based: a few statements for 200 events, none of it left after a rollback", async () => {
    const registry = new FunctionRegistry([
      fn("deliver", "test/sent", { cancel: [{ event: "test/cancel", timeout: "1h" }], idempotency: "event.data.key" }),
      fn("audit", "test/*"),
    ]);
    const events = Array.from({ length: 200 }, (_, i) => ({ name: "test/sent", data: { key: `k${i % 150}` } }));
    await expect(
      t.database.transaction(async (tx) => {
        await ingestEvents(tx, registry, events);
        throw new Error("caller rolls back");
      }),
    ).rejects.toThrow("caller rolls back");
    expect(await t.database.query("select 1 from executor.runs")).toHaveLength(0);

    const ids = await t.database.transaction(async (raw) => {
      const { tx, counted } = counting(raw);
      const ids = await ingestEvents(tx, registry, [...events, { ...events[0]!, id: "dup" }, { ...events[1]!, id: "dup" }]);
      // events, idempotency keys, runs (+ cancelOn rows + first jobs), and the waits lookup.
      expect(counted.statements).toBeLessThanOrEqual(4);
      return ids;
    });
    expect(ids).toHaveLength(202);
    expect(ids.at(-1)).toBe("dup");
    const [counts] = await t.database.query<{ events: number; deliver: number; audit: number; jobs: number; cancels: number }>(
      `select (select count(*)::int from executor.events) as events,
              (select count(*)::int from executor.runs where function_id = 'deliver') as deliver,
              (select count(*)::int from executor.runs where function_id = 'audit') as audit,
              (select count(*)::int from executor.jobs where kind = 'call') as jobs,
              (select count(*)::int from executor.cancellations) as cancels`,
    );
    // 150 distinct idempotency keys; the repeated id "dup" counts once.
    expect(counts).toEqual({ events: 201, deliver: 150, audit: 201, jobs: 351, cancels: 150 });
    // Through a Database too, and the same ids again are deduplicated.
    expect(await ingestEvents(t.database, registry, [{ id: "dup", name: "test/sent" }])).toEqual(["dup"]);
    expect(await t.database.query("select 1 from executor.runs where function_id = 'audit'")).toHaveLength(201);
  });

  it("stores timers as absolute times from the real clock, not from the start of a long transaction", async () => {
    await ingestEvents(t.database, new FunctionRegistry([fn("timer", "test/timer")]), [{ name: "test/timer" }]);
    const [run] = await t.database.query<{ id: string }>("select id from executor.runs");
    let scheduledAt = 0;
    await t.database.transaction(async (tx) => {
      await tx.query("select now()");
      // The transaction has been open for 600 ms when the timer is scheduled.
      await new Promise((resolve) => setTimeout(resolve, 600));
      scheduledAt = Date.now();
      await enqueue(tx, run!.id, "timer", null, "wake", "h", 1_000);
    });
    const [job] = await t.database.query<{ run_at: Date }>("select run_at from executor.jobs where kind = 'wake'");
    // now() + 1 s would be ~600 ms early.
    expect(new Date(job!.run_at).getTime()).toBeGreaterThanOrEqual(scheduledAt + 1_000 - 50);
    expect(new Date(job!.run_at).getTime()).toBeLessThan(scheduledAt + 1_000 + 500);
  });
});
