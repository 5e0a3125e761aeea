import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { acceptNotifications, type NotificationToSend } from "@/lib/send/accept-notifications";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";

// The executor orders runs by the priority their event carries: accepting a notification must
// hand it on — the sender's, or critical for a critical type.
describe.each(testDatabaseKinds())("notification priority on %s", (kind) => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedDemoData(t.database);
  });
  afterAll(() => t.drop());

  const sentWith = async (body: Record<string, unknown>) => {
    const sent: NotificationToSend[] = [];
    await acceptNotifications(t.database.db, { to: ["alice"], ...body }, { scope: "test", send: async (events) => void sent.push(...events) });
    return sent.map((e) => e.priority);
  };

  it("carries the sender's priority, and critical for a critical type whatever was asked", async () => {
    // In-app and email: the email leaves a durable run (an in-app-only one is final at intake).
    const content = { in_app: { title: "Hi" }, email: { subject: "Hi", text: "Hello" } };
    expect(await sentWith({ content, channels: ["in_app", "email"], priority: "high" })).toEqual(["high"]);
    expect(await sentWith({ type: "security.alert", data: { event: "sign-in", location: "Lyon", time: "now" } })).toEqual(["critical"]);
    expect(await sentWith({ type: "security.alert", priority: "low", data: { event: "sign-in", location: "Lyon", time: "now" } })).toEqual(["critical"]);
    expect(await sentWith({ content, channels: ["in_app", "email"] })).toEqual(["normal"]);
    expect(await sentWith({ content: { in_app: { title: "Hi" } } })).toEqual([]);
  });
});
