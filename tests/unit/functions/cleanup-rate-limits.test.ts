import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanupRateLimits } from "@/inngest/functions/cleanup-rate-limits";
import { closeDatabase, getDatabase } from "@/lib/db/get-database";

// The real function with Inngest's test engine, on the in-memory database getDatabase() opens here.
describe("cleanup-rate-limits", () => {
  beforeAll(async () => {
    const database = await getDatabase();
    await database.query(
      `insert into rate_limits (bucket, key, window_start, count) values
        ('intake', 'old', now() - interval '2 hours', 5),
        ('sign-in', 'older', now() - interval '3 days', 1),
        ('intake', 'current', now(), 2)`,
    );
  });
  afterAll(() => closeDatabase());

  it("on its schedule, deletes windows that ended over an hour ago and keeps current ones", async () => {
    const { result } = await new InngestTestEngine({ function: cleanupRateLimits }).execute({ events: [{ name: "inngest/scheduled.timer", data: { cron: "41 * * * *" } }] });
    expect(result).toEqual({ deleted: 2 });
    const database = await getDatabase();
    expect(await database.query("select key from rate_limits")).toEqual([{ key: "current" }]);
  });
});
