import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as inngestRoute from "@/app/api/inngest/route";
import { getNotificationDetail } from "@/lib/admin/get-notification-detail";
import { inngestDashboardUrl } from "@/lib/admin/inngest-dashboard-url";
import { setProcessDatabase } from "@/lib/db/get-database";
import { notifications } from "@/lib/db/schema";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { runtimeModes } from "@/lib/env";
import { acceptNotifications } from "@/lib/send/accept-notifications";
import { listNotificationRuns } from "@/inngest/list-notification-runs";
import { sendNotificationEvents } from "@/inngest/send-notification-events";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";
import type { StandInEvent } from "../support/inngest-stand-in";
import { serveOverHttp } from "../support/serve-over-http";

// Inngest Cloud / self-hosted mode, as a deployment runs it: the app's real `serve()` endpoint
// and Inngest client configured from the environment alone (keys and the API's URL), and an
// Inngest API stand-in on loopback that is synced to, receives the events, and calls the
// endpoint signed by the SDK's own signing code. The client reads the environment when it is
// first imported, so the stand-in is up and the variables are set before any import runs.
const { standIn, keys } = await vi.hoisted(async () => {
  // Failures are provoked on purpose (refused calls, an event API that is down).
  process.env.LOG_LEVEL = "silent";
  const hex = (bytes: number) => Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
  // A rotation under way: the new key is the app's signing key, the old one its fallback.
  const keys = { current: `signkey-test-${hex(32)}`, previous: `signkey-test-${hex(32)}`, unknown: `signkey-test-${hex(32)}`, event: `evt-${hex(16)}` };
  const { startInngestStandIn } = await import("../support/inngest-stand-in");
  const standIn = await startInngestStandIn({ signingKey: keys.current, eventKey: keys.event });
  Object.assign(process.env, {
    INNGEST_SIGNING_KEY: keys.current,
    INNGEST_SIGNING_KEY_FALLBACK: keys.previous,
    INNGEST_EVENT_KEY: keys.event,
    INNGEST_BASE_URL: standIn.url,
  });
  return { standIn, keys };
});

const kind = testDatabaseKinds().includes("postgres") ? "postgres" : "pglite";

describe(`Inngest Cloud mode on ${kind}`, () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: Awaited<ReturnType<typeof serveOverHttp>>;
  let serveUrl = "";

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedDemoData(t.database);
    setProcessDatabase(t.database);
    app = await serveOverHttp({ "/api/inngest": inngestRoute });
    serveUrl = `${app.origin}/api/inngest`;
  });
  afterAll(async () => {
    await app?.stop();
    await standIn.stop();
    await t?.drop();
    for (const name of ["INNGEST_SIGNING_KEY", "INNGEST_SIGNING_KEY_FALLBACK", "INNGEST_EVENT_KEY", "INNGEST_BASE_URL"]) delete process.env[name];
  });

  const accept = (body: unknown) => acceptNotifications(t.database.db, body, { scope: "inngest-cloud-test", send: sendNotificationEvents });
  const eventsFor = (id: string) => standIn.events.filter((e) => e.id === `notification-${id}`);
  const stateOf = async (id: string) => {
    const [row] = await t.database.query<{ status: string; started: boolean; event_sent: boolean; items: number; emails: number }>(
      `select n.status, n.started_at is not null as started, n.event_sent_at is not null as event_sent,
              (select count(*)::int from inbox_items i where i.notification_id = n.id) as items,
              (select count(*)::int from outbox_messages o join deliveries d on d.id = o.delivery_id where d.notification_id = n.id and d.channel = 'email') as emails
         from notifications n where n.id = $1`,
      [id],
    );
    return row!;
  };
  const stepsOf = (trace: { ops: { op: string; displayName?: string }[] }[]) =>
    trace.flatMap((call) => call.ops.filter((op) => op.op === "StepRun").map((op) => op.displayName));

  it("is in Inngest Cloud mode, with nothing of the embedded executor running", () => {
    expect(runtimeModes().durable).toBe("inngest-cloud");
    expect(inngestDashboardUrl()).toBe(`${standIn.url}/runs`);
  });

  it("syncs: a PUT makes the app register its functions with the configured API, authorized by its signing key", async () => {
    const sync = await standIn.syncOutOfBand(serveUrl);
    expect(sync).toEqual({ status: 200, body: { message: "Successfully registered", modified: true } });
    const registered = standIn.latestSync()!;
    expect(registered).toMatchObject({ kind: "out_of_band", url: serveUrl, appName: "herald" });
    expect(standIn.refused.register).toBe(0);
    const byId = new Map(registered.functions.map((f) => [f.id, f]));
    expect(byId.get("herald-deliver-notification")?.triggers).toEqual([{ event: "notification/requested" }]);
    expect(byId.get("herald-deliver-notification")?.steps.step.runtime.url).toBe(`${serveUrl}?fnId=herald-deliver-notification&stepId=step`);
    expect(byId.get("herald-deliver-notification-failure")?.triggers).toEqual([{ event: "inngest/function.failed", expression: "event.data.function_id == 'herald-deliver-notification'" }]);
    expect(byId.get("herald-sweep-unstarted-notifications")?.triggers).toEqual([{ cron: "* * * * *" }]);
  });

  it("syncs in band only when the PUT is signed", async () => {
    const signed = await standIn.syncInBand(serveUrl);
    expect(signed.status).toBe(200);
    expect(standIn.latestSync()).toMatchObject({ kind: "in_band", url: serveUrl, appName: "herald" });
    expect(standIn.latestSync()!.functions.map((f) => f.id)).toContain("herald-deliver-notification");
    expect((await standIn.syncInBand(serveUrl, { unsigned: true })).status).toBe(401);
    expect((await standIn.syncInBand(serveUrl, { signingKey: keys.unknown })).status).toBe(401);
  });

  it("takes a notification in, sends its event to the event API with the event key, and a signed run delivers it step by step", async () => {
    const { accepted } = await accept({
      to: ["alice"],
      channels: ["in_app", "email"],
      content: { in_app: { title: "Deployed on Inngest" }, email: { subject: "Deployed on Inngest", text: "Driven by the stand-in" } },
    });
    const id = accepted.notifications[0]!.id;
    // The 202 moment: the in-app item is live, the event is at the event API, the email waits for the run.
    expect(await stateOf(id)).toEqual({ status: "accepted", started: false, event_sent: true, items: 1, emails: 0 });
    // The stand-in records only what was sent to /e/<the event key>.
    const events = eventsFor(id);
    expect(events).toHaveLength(1);
    expect(standIn.refused.wrongKey).toBe(0);
    expect(events[0]).toMatchObject({ name: "notification/requested", data: { notificationId: id, sendAt: null, priority: "normal" } });

    const [outcome, ...others] = await standIn.runTriggered(events);
    expect(others).toEqual([]);
    expect(outcome).toMatchObject({ fnId: "herald-deliver-notification", status: "completed" });
    // One step per call, memoized by the stand-in and sent back with the next call.
    expect(stepsOf(outcome!.trace)).toEqual(["load-and-plan", "deliver-in_app", "deliver-email", "finish"]);
    expect(outcome!.trace.at(-1)).toMatchObject({ status: 200 });
    expect(await stateOf(id)).toEqual({ status: "delivered", started: true, event_sent: true, items: 1, emails: 1 });
    const mails = await t.database.query<{ recipient: string; subject: string }>(
      "select o.recipient, o.subject from outbox_messages o join deliveries d on d.id = o.delivery_id where d.notification_id = $1",
      [id],
    );
    const [alice] = await t.database.query<{ email: string }>("select email from recipients where external_id = 'alice'");
    expect(mails).toEqual([{ recipient: alice!.email, subject: "Deployed on Inngest" }]);
  });

  it("refuses unsigned, wrongly signed and expired calls with 401, and runs nothing", async () => {
    const { accepted } = await accept({ to: ["bob"], channels: ["email"], content: { email: { subject: "Never from a stranger", text: "no" } } });
    const id = accepted.notifications[0]!.id;
    const event: StandInEvent = eventsFor(id)[0]!;
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    for (const call of [{ unsigned: true }, { signingKey: keys.unknown }, { timestamp: tenMinutesAgo }, { signingKey: keys.previous, timestamp: tenMinutesAgo }]) {
      const answer = await standIn.call("herald-deliver-notification", event, call);
      expect({ call: Object.keys(call), status: answer.status, body: JSON.parse(answer.body) }).toEqual({ call: Object.keys(call), status: 401, body: { message: "Unauthorized" } });
    }
    expect(await stateOf(id)).toMatchObject({ status: "accepted", started: false, emails: 0 });
    // The same call, signed now with the signing key, is taken.
    const answer = await standIn.call("herald-deliver-notification", event);
    expect(answer.status).toBe(206);
    expect(JSON.parse(answer.body)).toMatchObject([{ op: "StepRun", displayName: "load-and-plan" }]);
  });

  it("key rotation: while Inngest still signs with the old key (the fallback), calls are accepted and the sync falls back to it too", async () => {
    standIn.useSigningKey(keys.previous);
    try {
      // The SDK presents the new key's hash first; the API, not rotated yet, refuses it; the fallback's is accepted.
      const sync = await standIn.syncOutOfBand(serveUrl);
      expect(sync.status).toBe(200);
      expect(standIn.refused.register).toBe(1);
      const { accepted } = await accept({ to: ["alice"], channels: ["email"], content: { email: { subject: "Signed with the fallback", text: "rotation" } } });
      const id = accepted.notifications[0]!.id;
      const [outcome] = await standIn.runTriggered(eventsFor(id));
      // Each answer was checked to be signed with the key that signed its call: the fallback.
      expect(outcome).toMatchObject({ status: "completed" });
      expect(await stateOf(id)).toMatchObject({ status: "delivered", emails: 1 });
    } finally {
      standIn.useSigningKey(keys.current);
    }
  });

  it("the sweeper re-sends the events the event API refused while it was down, and the run delivers", async () => {
    standIn.eventApiDown = true;
    let id = "";
    try {
      // The intake answers anyway (the rows are committed); the event is not sent.
      const { accepted } = await accept({ to: ["bob"], channels: ["in_app", "email"], content: { in_app: { title: "Sent while down" }, email: { subject: "Sent while down", text: "the sweeper" } } });
      id = accepted.notifications[0]!.id;
    } finally {
      standIn.eventApiDown = false;
    }
    expect(standIn.refused.down).toBeGreaterThanOrEqual(1);
    expect(eventsFor(id)).toEqual([]);
    expect(await stateOf(id)).toEqual({ status: "accepted", started: false, event_sent: false, items: 1, emails: 0 });

    // A minute later Inngest's cron calls the sweeper.
    await t.database.db.update(notifications).set({ createdAt: sql`now() - interval '2 minutes'` }).where(sql`${notifications.id} = ${id}`);
    const sweep = await standIn.run("herald-sweep-unstarted-notifications", { name: "inngest/scheduled.timer", data: { cron: "* * * * *" } });
    expect(sweep).toMatchObject({ status: "completed", output: { resent: 1 } });
    expect(stepsOf(sweep.trace)).toEqual(["find-unstarted", "resend-events"]);
    const resent = eventsFor(id);
    expect(resent).toHaveLength(1);
    expect(resent[0]).toMatchObject({ name: "notification/requested", data: { notificationId: id } });
    expect(await stateOf(id)).toMatchObject({ event_sent: true });

    const [outcome] = await standIn.runTriggered(resent);
    expect(outcome).toMatchObject({ status: "completed" });
    expect(await stateOf(id)).toEqual({ status: "delivered", started: true, event_sent: true, items: 1, emails: 1 });
  });

  it("the admin's notification detail points to the Inngest dashboard instead of listing embedded runs", async () => {
    const [row] = await t.database.query<{ id: string }>("select id from notifications where status = 'delivered' limit 1");
    const detail = await getNotificationDetail(t.database.db, row!.id, listNotificationRuns);
    expect(detail?.durable).toEqual({ mode: "inngest-cloud", runs: null, dashboardUrl: `${standIn.url}/runs` });
  });
});
