import { InngestTestEngine } from "@inngest/test";
import { inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepUnstartedNotifications } from "@/inngest/functions/sweep-unstarted-notifications";
import { inboxItems, notifications } from "@/lib/db/schema";
import { readDeliveryFigures } from "@/lib/metrics/read-delivery-figures";
import { acceptNotifications } from "@/lib/send/accept-notifications";
import { startAppRuntime } from "../support/app-runtime";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";
import { createTestApp, waitFor, waitForRun } from "../support/executor-harness";

const sweep = () => new InngestTestEngine({ function: sweepUnstartedNotifications }).execute({ events: [{ name: "inngest/scheduled.timer", data: { cron: "* * * * *" } }] });

describe.each(testDatabaseKinds())("the sweeper on %s", (kind) => {
  let app: Awaited<ReturnType<typeof startAppRuntime>>;
  beforeAll(async () => {
    app = await startAppRuntime(kind);
  });
  afterAll(() => app.stop());

  it("re-sends the events of notifications that never started, marks them, and does not send them again next minute", async () => {
    // Accepted, then the process "died" before sending their events (no send). In-app and email:
    // the in-app items were written at intake, the email needs the run the sweeper rescues.
    const { accepted } = await acceptNotifications(
      app.db,
      { to: ["alice", "bob"], channels: ["in_app", "email"], content: { in_app: { title: "Rescued by the sweeper" }, email: { subject: "Rescued", text: "by the sweeper" } } },
      { scope: "test", send: null },
    );
    const ids = accepted.notifications.map((n) => n.id);
    await app.db.update(notifications).set({ createdAt: sql`now() - interval '2 minutes'` }).where(inArray(notifications.id, ids));
    const before = await readDeliveryFigures(app.database);
    expect(before.unstarted.count).toBeGreaterThanOrEqual(2);
    expect(before.unstarted.oldestSeconds).toBeGreaterThanOrEqual(110);

    const first = await sweep();
    expect(first.result).toEqual({ resent: 2 });
    const marked = await app.db.select({ eventSentAt: notifications.eventSentAt }).from(notifications).where(inArray(notifications.id, ids));
    expect(marked.every((n) => n.eventSentAt !== null)).toBe(true);
    // Before the fix every sweep re-sent the same events until the runs started.
    await app.db.update(notifications).set({ startedAt: null }).where(inArray(notifications.id, ids));
    expect((await sweep()).result).toEqual({ resent: 0 });

    await waitFor(async () => {
      const done = await app.db.select().from(notifications).where(inArray(notifications.id, ids));
      return done.every((n) => n.status === "delivered") ? done : null;
    }, { what: "both rescued notifications delivered" });
    // Once each, however often the sweeper ran.
    const items = await app.db.select({ id: inboxItems.id }).from(inboxItems).where(inArray(inboxItems.notificationId, ids));
    expect(items).toHaveLength(2);
    const mails = await app.database.query<{ n: number }>(
      "select count(*)::int as n from outbox_messages o join deliveries d on d.id = o.delivery_id where d.notification_id = any($1::uuid[])",
      [ids],
    );
    expect(mails[0]!.n).toBe(2);
  });
});

describe.each(testDatabaseKinds())("scheduled functions on %s", (kind) => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(() => t.drop());

  it("run in a lane of their own: a backlog that keeps every worker busy does not delay them", async () => {
    const testApp = createTestApp("lane");
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const busy = testApp.client.createFunction({ id: "busy", retries: 0, triggers: [{ event: "test/busy" }] }, async ({ step }) => {
      await step.run("hold", () => gate);
      return "done";
    });
    const housekeeping = testApp.client.createFunction({ id: "housekeeping", retries: 0, triggers: [{ cron: "* * * * *" }] }, async () => "swept");
    const executor = testApp.executor(t.database, [busy, housekeeping], { concurrency: 2 });
    await executor.start();
    try {
      // More work than workers, all of it held: every ordinary worker is busy.
      await testApp.client.send(Array.from({ length: 6 }, (_, i) => ({ name: "test/busy", data: { i } })));
      await waitFor(async () => ((await t.database.query<{ n: number }>("select count(*)::int as n from executor.jobs where lease_until > now()"))[0]!.n >= 2 ? true : null), {
        what: "both workers busy",
      });
      // The schedule comes due now, behind the backlog (the executor checks schedules every second).
      await t.database.query("update executor.crons set next_at = now() where function_id = 'lane-housekeeping'");
      const [run] = await waitForRun(t.database, "lane-housekeeping", ["completed"]);
      expect(run!.output).toBe("swept");
      const held = await t.database.query<{ n: number }>("select count(*)::int as n from executor.runs where function_id = 'lane-busy' and status <> 'completed'");
      expect(held[0]!.n).toBe(6);
    } finally {
      release();
      await executor.stop(2_000);
    }
  });
});
