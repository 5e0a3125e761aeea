import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cleanupRealtimeMessages } from "@/inngest/functions/cleanup-realtime-messages";
import { closeDatabase, getDatabase } from "@/lib/db/get-database";

// These tests fail things on purpose: what they provoke is asserted, not logged.
vi.hoisted(() => {
  process.env.LOG_LEVEL = "silent";
});

// Runs the real function with Inngest's own test engine, against the in-memory database that
// getDatabase() opens under this test environment (HERALD_DATA_DIR=memory://).
describe("cleanup-realtime-messages", () => {
  // One engine per run: an engine remembers step results between executions.
  const engine = () => new InngestTestEngine({ function: cleanupRealtimeMessages });

  beforeAll(async () => {
    const database = await getDatabase();
    await database.query(
      `insert into realtime.messages (topic, event, payload, inserted_at) values
        ('user:a', 'INSERT', '{}', now() - interval '3 hours'),
        ('user:a', 'INSERT', '{}', now() - interval '2 days'),
        ('user:b', 'INSERT', '{}', now())`,
    );
  });
  afterAll(() => closeDatabase());

  it("on demand, deletes messages older than asked and keeps recent ones", async () => {
    const { result } = await engine().execute({
      events: [{ name: "realtime/cleanup.requested", data: { olderThanHours: 1 } }],
    });
    expect(result).toEqual({ deleted: 2, olderThanHours: 1 });
    const database = await getDatabase();
    expect(await database.query("select topic from realtime.messages where topic in ('user:a', 'user:b')")).toEqual([{ topic: "user:b" }]);
  });

  it("on its schedule, keeps a day of messages", async () => {
    const { result } = await engine().execute({ events: [{ name: "inngest/scheduled.timer", data: { cron: "17 * * * *" } }] });
    expect(result).toEqual({ deleted: 0, olderThanHours: 24 });
  });

  it("rejects an event that breaks the schema", async () => {
    const { error } = await engine().execute({ events: [{ name: "realtime/cleanup.requested", data: { olderThanHours: -5 } }] });
    expect(error).toMatchObject({ message: expect.stringMatching(/^olderThanHours: /) });
  });
});
