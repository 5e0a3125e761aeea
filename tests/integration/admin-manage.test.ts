import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/inngest/client";
import { broadcastRequested } from "@/inngest/events";
import { cliActor } from "@/lib/audit/audit-actor";
import { acceptBroadcastBatch } from "@/lib/broadcasts/accept-broadcast-batch";
import { getBroadcast } from "@/lib/broadcasts/get-broadcast";
import { listBroadcasts } from "@/lib/broadcasts/list-broadcasts";
import { startBroadcast } from "@/lib/broadcasts/start-broadcast";
import { announceBroadcast } from "@/inngest/announce-broadcast";
import { sendNotificationEvents } from "@/inngest/send-notification-events";
import { listOutboxMessages } from "@/lib/channels/list-outbox-messages";
import { searchRecipients } from "@/lib/recipients/search-recipients";
import { listRecipientNotifications } from "@/lib/recipients/list-recipient-notifications";
import { createNotificationType } from "@/lib/templates/create-notification-type";
import { listNotificationTypes } from "@/lib/templates/list-notification-types";
import { listTemplateVersions } from "@/lib/templates/list-template-versions";
import { rollbackTemplate } from "@/lib/templates/rollback-template";
import { saveTemplate } from "@/lib/templates/save-template";
import { updateNotificationType } from "@/lib/templates/update-notification-type";
import { apiErrorOf } from "../support/api-error-of";
import { testDatabaseKinds } from "../support/databases";
import { waitFor } from "../support/executor-harness";
import { startAppRuntime } from "../support/app-runtime";

describe.each(testDatabaseKinds())("admin manage on %s", (kind) => {
  let app: Awaited<ReturnType<typeof startAppRuntime>>;
  beforeAll(async () => {
    app = await startAppRuntime(kind);
    // Ten broadcast recipients, three of them without an email address.
    for (let i = 0; i < 10; i++) {
      await app.database.query("insert into recipients (external_id, name, email, locale) values ($1, $2, $3, $4)", [
        `bc-${String(i).padStart(2, "0")}`,
        `Broadcast ${i}`,
        i < 7 ? `bc${i}@example.com` : null,
        i % 2 ? "fr" : "en",
      ]);
    }
  });
  afterAll(() => app.stop());

  const count = async (sql: string, params: unknown[] = []) => Number((await app.database.query<{ n: number }>(sql, params))[0]!.n);

  it("broadcast fans out to every matching recipient exactly once, even when batches and runs repeat", async () => {
    const broadcast = await startBroadcast(
      app.db,
      { filter: { search: "bc-", hasEmail: true }, type: "default", content: { in_app: { title: "Maintenance at {{ time }}" } }, data: { time: "22:00" } },
      { actor: cliActor, announce: announceBroadcast, batchSize: 3 },
    );
    expect(broadcast.total).toBe(7);
    // A racing re-run of a batch and of the whole function, next to the run the event started.
    await Promise.all([acceptBroadcastBatch(app.db, broadcast.id, sendNotificationEvents), acceptBroadcastBatch(app.db, broadcast.id, sendNotificationEvents)]);
    await inngest.send(broadcastRequested.create({ broadcastId: broadcast.id }, { id: `rerun-${broadcast.id}` }));
    const done = await waitFor(async () => {
      const b = await getBroadcast(app.db, broadcast.id);
      return b.status === "completed" ? b : null;
    }, { what: "the broadcast to complete" });
    expect(done).toMatchObject({ accepted: 7, total: 7, percent: 100 });
    // Batches after completion change nothing.
    expect(await acceptBroadcastBatch(app.db, broadcast.id, sendNotificationEvents)).toEqual({ accepted: 0, done: true });

    const perRecipient = await app.database.query<{ external_id: string; n: number }>(
      `select r.external_id, count(n.id)::int as n from recipients r left join notifications n on n.recipient_id = r.id
        where r.external_id like 'bc-%' group by r.external_id order by r.external_id`,
    );
    expect(perRecipient.map((r) => r.n)).toEqual([1, 1, 1, 1, 1, 1, 1, 0, 0, 0]);
    await waitFor(async () => (await count("select count(*)::int as n from inbox_items where title = 'Maintenance at 22:00'")) === 7 || null, {
      what: "seven inbox items",
    });
    expect(await count("select count(*)::int as n from broadcast_recipients where broadcast_id = $1", [broadcast.id])).toBe(7);
    const listed = await listBroadcasts(app.db, { limit: 1 });
    expect(listed.items[0]).toMatchObject({ id: broadcast.id, percent: 100, status: "completed" });
  });

  it("a scheduled broadcast accepts everyone now and delivers at its time", async () => {
    const sendAt = new Date(Date.now() + 60 * 60_000).toISOString();
    const broadcast = await startBroadcast(
      app.db,
      { filter: { search: "bc-09" }, type: "default", content: { in_app: { title: "Later" } }, sendAt },
      { actor: cliActor, announce: announceBroadcast },
    );
    await waitFor(async () => (await getBroadcast(app.db, broadcast.id)).status === "completed" || null, { what: "the scheduled broadcast to be accepted" });
    const rows = await app.database.query<{ status: string; send_at: Date }>(
      "select n.status, n.send_at from notifications n join broadcast_recipients b on b.notification_id = n.id where b.broadcast_id = $1",
      [broadcast.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe("scheduled");
    expect(new Date(rows[0]!.send_at).toISOString()).toBe(sendAt);
    expect(await count("select count(*)::int as n from inbox_items where title = 'Later'")).toBe(0);
  });

  it("broadcast refuses bad input by field and writes nothing", async () => {
    const before = await count("select count(*)::int as n from broadcasts");
    expect(await apiErrorOf(startBroadcast(app.db, { filter: { locale: "French" }, type: "default" }, { actor: cliActor, announce: announceBroadcast }))).toMatchObject({
      status: 422,
      issues: [{ path: "filter.locale" }],
    });
    expect(await apiErrorOf(startBroadcast(app.db, { type: "no.such.type" }, { actor: cliActor, announce: announceBroadcast }))).toMatchObject({ status: 422, issues: [{ path: "type" }] });
    expect(await apiErrorOf(startBroadcast(app.db, { type: "default", priority: "urgent" }, { actor: cliActor, announce: announceBroadcast }))).toMatchObject({ issues: [{ path: "priority" }] });
    expect(await apiErrorOf(startBroadcast(app.db, { filter: { search: "zz-nobody" }, type: "default" }, { actor: cliActor, announce: announceBroadcast }))).toMatchObject({ issues: [{ path: "filter" }] });
    expect(await count("select count(*)::int as n from broadcasts")).toBe(before);
  });

  it("template rollback saves the old content as a new version; history pages newest first", async () => {
    const v2 = await saveTemplate(app.db, "mention", { channel: "push", content: { title: "{{ author }} pinged you", body: "{{ excerpt }}" } }, cliActor);
    expect(v2.version).toBe(2);
    const rolled = await rollbackTemplate(app.db, "mention", { channel: "push", version: 1 }, cliActor);
    expect(rolled).toMatchObject({ version: 3, content: { title: "{{ author }} mentioned you", body: "{{ excerpt }}" } });
    const first = await listTemplateVersions(app.db, "mention", { channel: "push", limit: 2 });
    expect(first.items.map((v) => v.version)).toEqual([3, 2]);
    const rest = await listTemplateVersions(app.db, "mention", { channel: "push", limit: 2, after: first.after });
    expect(rest).toMatchObject({ hasMore: false, after: null });
    expect(rest.items.map((v) => v.version)).toEqual([1]);
    const [mention] = await listNotificationTypes(app.db, "mention");
    expect(mention!.templates.find((t) => t.channel === "push")).toMatchObject({ version: 3 });

    const versions = await count("select count(*)::int as n from templates");
    expect(await apiErrorOf(rollbackTemplate(app.db, "mention", { channel: "push", version: 99 }, cliActor))).toMatchObject({ status: 404, issues: [{ path: "version" }] });
    expect(await apiErrorOf(rollbackTemplate(app.db, "mention", { channel: "fax", version: 1 }, cliActor))).toMatchObject({ status: 422, issues: [{ path: "channel" }] });
    expect(await count("select count(*)::int as n from templates")).toBe(versions);
  });

  it("types: create, change settings; bad input names the field and writes nothing", async () => {
    const created = await createNotificationType(app.db, { key: "order.shipped", name: "Order shipped", defaultChannels: ["email", "in_app"], variables: ["order"] }, cliActor);
    expect(created).toMatchObject({ key: "order.shipped", defaultChannels: ["email", "in_app"], templateSettings: { variables: ["order"] } });
    expect(await apiErrorOf(createNotificationType(app.db, { key: "order.shipped", name: "Again" }, cliActor))).toMatchObject({ status: 409, issues: [{ path: "key" }] });
    expect(await apiErrorOf(createNotificationType(app.db, { key: "Bad Key", name: "x" }, cliActor))).toMatchObject({ status: 422, issues: [{ path: "key" }] });
    const updated = await updateNotificationType(app.db, "order.shipped", { critical: true, escalation: { after: "30m", channels: ["sms"] }, variables: null }, cliActor);
    expect(updated).toMatchObject({ critical: true, escalation: { after: "30m", channels: ["sms"] }, templateSettings: {} });
    expect(await apiErrorOf(updateNotificationType(app.db, "order.shipped", { escalation: { after: "soon", channels: ["sms"] } }, cliActor))).toMatchObject({
      issues: [{ path: "escalation.after" }],
    });
    expect(await apiErrorOf(updateNotificationType(app.db, "order.shipped", { defaultChannels: [] }, cliActor))).toMatchObject({ issues: [{ path: "defaultChannels" }] });
    const [after] = await app.database.query<{ critical: boolean; default_channels: string[] }>("select critical, default_channels from notification_types where key = 'order.shipped'");
    expect(after).toMatchObject({ critical: true });
    expect(await apiErrorOf(updateNotificationType(app.db, "nope", { name: "x" }, cliActor))).toMatchObject({ status: 404 });
  });

  it("recipient search pages by id with filters; outbox and a recipient's notifications page newest first", async () => {
    const first = await searchRecipients(app.db, { search: "BC-", limit: 4 });
    expect(first.items.map((r) => r.externalId)).toEqual(["bc-00", "bc-01", "bc-02", "bc-03"]);
    const second = await searchRecipients(app.db, { search: "bc-", limit: 4, after: first.after });
    expect(second.items.map((r) => r.externalId)).toEqual(["bc-04", "bc-05", "bc-06", "bc-07"]);
    expect((await searchRecipients(app.db, { search: "bc-", locale: "fr", hasEmail: "false" })).items.map((r) => r.externalId)).toEqual(["bc-07", "bc-09"]);
    expect((await searchRecipients(app.db, { search: "100%" })).items).toEqual([]);
    expect(await apiErrorOf(searchRecipients(app.db, { after: "garbage!" }))).toMatchObject({ status: 422, issues: [{ path: "after" }] });

    const [bc] = await app.database.query<{ id: string }>("select id from recipients where external_id = 'bc-00'");
    const page = await listRecipientNotifications(app.db, bc!.id, { limit: 5 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ typeKey: "default", deliveries: [{ channel: "in_app" }] });

    await app.database.query("insert into outbox_messages (channel, recipient, subject) select 'email', 'x' || g || '@example.com', 's' || g from generate_series(1, 5) g");
    const mails = await listOutboxMessages(app.db, { channel: "email", limit: 3 });
    expect(mails.items).toHaveLength(3);
    const more = await listOutboxMessages(app.db, { channel: "email", limit: 3, after: mails.after });
    expect(new Set([...mails.items, ...more.items].map((m) => m.id)).size).toBe(mails.items.length + more.items.length);
    expect((await listOutboxMessages(app.db, { channel: "sms" })).items.every((m) => m.channel === "sms")).toBe(true);
  });
});
