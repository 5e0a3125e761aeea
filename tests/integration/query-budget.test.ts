import type { NextRequest } from "next/server";
import { serve } from "inngest/next";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { observeStatements, type Database } from "@/lib/db/client";
import { setProcessDatabase } from "@/lib/db/get-database";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { acceptNotifications } from "@/lib/send/accept-notifications";
import { sendNotificationEvents } from "@/inngest/send-notification-events";
import { embeddedSigningKey, inngest } from "@/inngest/client";
import { EmbeddedExecutor } from "@/inngest/executor/embedded-executor";
import { setProcessExecutor } from "@/inngest/executor/embedded-fetch";
import { functions } from "@/inngest/index";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";
import { waitFor } from "../support/wait-for";

// SQL statements (round trips) from the accept call to every notification's final status, the
// executor's work included. Lower these as the send path gets cheaper; never raise them quietly.
// Measured when this test landed: 40 (PGlite) / 41 (PostgreSQL), 26–27 of them before the inbox
// item exists, and 2,614 for 100 recipients. With in-app at intake (the accept transaction
// plans, writes the item and finishes the notification): 2 for one known recipient — one read
// (the type, the recipient, its switches), one write (notification, delivery, timeline, inbox
// item) — and 5 for 100 inline recipients (begin, their upsert, the read, the write, commit).
// A notification that keeps a durable run (in-app + email) pays for its events and the run on
// top: 36 when this was written.
const BUDGET = {
  oneInApp: 2,
  hundredRecipients: 5,
  inAppAndEmail: 38,
};

// The test's own polling is marked and not counted.
const PROBE = "/* query-budget probe */";

describe.each(testDatabaseKinds())("query budget on %s", (kind) => {
  let database: Database;
  let executor: EmbeddedExecutor;
  let drop: () => Promise<void>;
  let statements: string[] = [];

  beforeAll(async () => {
    const t = await createTestDatabase(kind);
    database = t.database;
    drop = t.drop;
    await seedDemoData(database);
    setProcessDatabase(database);
    // The app's functions without the scheduled ones (their ticks would be counted as noise),
    // one worker lane, and no polling: the executor wakes on NOTIFY only, as it does under load.
    const handler = serve({ client: inngest, functions: functions.filter((fn) => !fn.opts.triggers?.some((t) => "cron" in t)) });
    executor = new EmbeddedExecutor({
      database,
      handler: (req) => (req.method === "PUT" ? handler.PUT : handler.POST)(req as NextRequest, undefined) as Promise<Response>,
      signingKey: embeddedSigningKey,
      backoffScale: 0.0001,
      leaseMs: 30_000,
      pollMs: 60_000,
      concurrency: 1,
    });
    setProcessExecutor(executor);
    await executor.start();
    // The executor's first claim and idle check land before anything is counted.
    await new Promise((r) => setTimeout(r, 300));
    observeStatements((text) => {
      if (!text.includes(PROBE)) statements.push(text.replace(/\s+/g, " ").trim());
    });
  });
  afterAll(async () => {
    observeStatements(undefined);
    await executor.stop(2_000);
    setProcessExecutor(undefined);
    await drop();
  });

  async function measure(body: unknown): Promise<{ total: number; beforeInbox: number; firstCommit: number }> {
    statements = [];
    const { accepted } = await acceptNotifications(database.db, body, { scope: "budget", send: sendNotificationEvents });
    const ids = accepted.notifications.map((n) => n.id);
    await waitFor(
      async () => {
        const rows = await database.query<{ open: number }>(
          `${PROBE} select count(*)::int as open from notifications where id = any($1::uuid[]) and status in ('accepted', 'scheduled', 'processing')
           union all select count(*)::int from executor.runs where status not in ('completed', 'failed', 'cancelled')`,
          [ids],
        );
        return rows.every((r) => r.open === 0) ? true : null;
      },
      { what: "every notification to finish", timeoutMs: 60_000, intervalMs: 20 },
    );
    // Let the executor's last claim and idle check land before counting.
    await new Promise((r) => setTimeout(r, 200));
    if (process.env.HERALD_QUERY_BUDGET_VERBOSE) console.log(statements.map((text) => text.slice(0, 140)).join("\n"));
    return {
      total: statements.length,
      beforeInbox: statements.findIndex((text) => /inbox_items/i.test(text)),
      firstCommit: statements.findIndex((text) => /^commit/i.test(text)),
    };
  }

  it("stays within budget for one in-app notification and for one 100-recipient request", async () => {
    const oneInApp = await measure({ to: ["alice"], content: { in_app: { title: "Budget" } }, channels: ["in_app"] });
    const recipients = Array.from({ length: 100 }, (_, i) => ({ id: `budget-${i}`, name: `Budget ${i}` }));
    const hundred = await measure({ to: recipients, content: { in_app: { title: "Budget for {{ name }}" } }, channels: ["in_app"], data: { name: "you" } });
    const withRun = await measure({ to: ["alice"], content: { in_app: { title: "Budget" }, email: { subject: "Budget", text: "Budget" } }, channels: ["in_app", "email"] });
    console.log(
      `query budget on ${kind}: one in-app notification ${oneInApp.total} statements (${oneInApp.beforeInbox} before its inbox item); ` +
        `100 recipients ${hundred.total} statements (${(hundred.total / 100).toFixed(2)} each); ` +
        `in-app + email (a durable run) ${withRun.total} statements (${withRun.beforeInbox} before its inbox item)`,
    );
    expect(oneInApp.total).toBeLessThanOrEqual(BUDGET.oneInApp);
    expect(hundred.total).toBeLessThanOrEqual(BUDGET.hundredRecipients);
    expect(withRun.total).toBeLessThanOrEqual(BUDGET.inAppAndEmail);
    // The in-app item is written by the accept transaction, before any of the run's statements.
    for (const m of [oneInApp, hundred, withRun]) expect(m.beforeInbox).toBeGreaterThan(0);
    // …in the accept's own transaction, or as its single write statement where it needs none.
    for (const m of [hundred, withRun]) expect(m.beforeInbox).toBeLessThan(m.firstCommit);
    expect(oneInApp.firstCommit).toBe(-1);
  });
});
