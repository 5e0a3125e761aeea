import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKeyAsAdmin, signInCookie } from "../support/http-session";
import { startInngestStandIn, type InngestStandIn } from "../support/inngest-stand-in";
import { createScratchDatabase } from "../support/scratch-database";
import { startApp, type RunningApp } from "../support/start-app";

/**
 * The production build in Inngest Cloud mode, configured by environment variables only, as a
 * deployment is: no embedded executor starts, the app syncs with the configured Inngest API,
 * its intake sends the events there, and the runs Inngest drives deliver.
 */
describe("the production build on Inngest Cloud", () => {
  const keys = { signing: `signkey-prod-${randomBytes(32).toString("hex")}`, event: randomBytes(16).toString("hex") };
  let standIn: InngestStandIn;
  let app: RunningApp;
  let sql: postgres.Sql;
  let drop: () => Promise<void>;
  let serveUrl = "";

  beforeAll(async () => {
    const scratch = await createScratchDatabase("herald_inngest_cloud");
    if (!scratch) throw new Error("These tests need PostgreSQL: install postgresql or set TEST_DATABASE_URL.");
    drop = scratch.drop;
    sql = postgres(scratch.url, { max: 2, onnotice: () => {} });
    standIn = await startInngestStandIn({ signingKey: keys.signing, eventKey: keys.event });
    app = await startApp({
      LOG_LEVEL: "warn",
      DATABASE_URL: scratch.url,
      HERALD_SEED_DEMO: "true",
      HERALD_UNSAFE_LOCAL_SIGN_IN: "true",
      INNGEST_SIGNING_KEY: keys.signing,
      INNGEST_EVENT_KEY: keys.event,
      INNGEST_BASE_URL: standIn.url,
    });
    serveUrl = `${app.baseUrl}/api/inngest`;
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await standIn?.stop();
    await sql?.end();
    await drop?.();
  });

  it("reports Inngest as its durable execution, with no executor of its own", async () => {
    const health = await (await fetch(`${app.baseUrl}/api/health`)).json();
    expect(health.durable).toEqual({ mode: "inngest-cloud", ok: true });
    expect((await sql<{ n: number }[]>`select count(*)::int as n from executor.workers`)[0]!.n).toBe(0);
  });

  it("syncs, takes a notification in over the API, and delivers it in the runs the stand-in drives; refuses unsigned calls", async () => {
    expect((await standIn.syncOutOfBand(serveUrl)).status).toBe(200);
    expect(standIn.latestSync()).toMatchObject({ url: serveUrl, appName: "herald" });

    const key = await createApiKeyAsAdmin(app.baseUrl, "inngest-cloud", ["notifications:write"]);
    const sent = await fetch(`${app.baseUrl}/api/v1/notifications`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ to: ["alice"], channels: ["in_app", "email"], content: { in_app: { title: "From the build" }, email: { subject: "From the build", text: "on Inngest" } } }),
    });
    expect(sent.status).toBe(202);
    const id = (await sent.json()).data.notifications[0].id as string;
    const events = standIn.events.filter((e) => e.id === `notification-${id}`);
    expect(events).toMatchObject([{ name: "notification/requested", data: { notificationId: id } }]);

    const unsigned = await standIn.call("herald-deliver-notification", events[0]!, { unsigned: true });
    expect(unsigned.status).toBe(401);

    const [outcome] = await standIn.runTriggered(events);
    expect(outcome).toMatchObject({ fnId: "herald-deliver-notification", status: "completed" });
    const [row] = await sql<{ status: string; emails: number }[]>`
      select n.status, (select count(*)::int from outbox_messages o join deliveries d on d.id = o.delivery_id where d.notification_id = n.id) as emails
        from notifications n where n.id = ${id}`;
    expect(row).toEqual({ status: "delivered", emails: 1 });

    // The admin sees the outcome, and where the runs are instead of a run table.
    const admin = await signInCookie(app.baseUrl, "admin@example.com");
    const detail = await (await fetch(`${app.baseUrl}/api/admin/notifications/${id}`, { headers: { cookie: admin } })).json();
    expect(detail.data.durable).toEqual({ mode: "inngest-cloud", runs: null, dashboardUrl: `${standIn.url}/runs` });
    const runs = await (await fetch(`${app.baseUrl}/api/admin/runs`, { headers: { cookie: admin } })).json();
    expect(runs).toEqual({ data: [], hasMore: false, dashboardUrl: `${standIn.url}/runs` });
  });
});
