import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/client";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { inboxTopic } from "@/lib/realtime/inbox-topic";
import { openEventStream } from "@/lib/realtime/open-event-stream";
import { RealtimeHub } from "@/lib/realtime/realtime-hub";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";
import { readSseFrames } from "../support/sse-frames";

const ALICE_USER = "11111111-1111-4111-8111-111111111111";
const ALICE = "a1111111-1111-4111-8111-111111111111";
const BOB_USER = "22222222-2222-4222-8222-222222222222";
const BOB = "b2222222-2222-4222-8222-222222222222";

describe.each(testDatabaseKinds())("live inbox on %s", (kind) => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let hub: RealtimeHub;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedDemoData(t.database);
    hub = new RealtimeHub(t.database);
  });
  afterAll(() => t.drop());

  /** A stream of a user's topic, and the way to end it. */
  const streamOf = (userId: string, lastEventId = 0, on: RealtimeHub = hub) => {
    const controller = new AbortController();
    return { stream: openEventStream(on, inboxTopic({ userId, recipientId: null }), { lastEventId, signal: controller.signal }), close: () => controller.abort() };
  };
  const insert = (recipient: string, title: string) =>
    t.database.query<{ id: string }>("insert into inbox_items (recipient_id, type_key, title) values ($1, 'default', $2) returning id", [recipient, title]);

  it("publishes each inbox change on the owner's private topic only", async () => {
    const alice = streamOf(ALICE_USER);
    const bob = streamOf(BOB_USER);
    const aliceFrames = readSseFrames(alice.stream, (read) => read.length >= 2);
    const bobFrames = readSseFrames(bob.stream, (read) => read.length >= 1, 1_500);
    await new Promise((r) => setTimeout(r, 200));
    const [item] = await insert(ALICE, "Live one");
    await t.database.query("update inbox_items set read_at = now() where id = $1", [item!.id]);
    const frames = await aliceFrames;
    expect(frames.map((f) => [f.event, f.data.item.title])).toEqual([
      ["INSERT", "Live one"],
      ["UPDATE", "Live one"],
    ]);
    expect(frames[1]!.data.item.read_at).not.toBeNull();
    expect(frames[1]!.id).toBeGreaterThan(frames[0]!.id);
    expect(await bobFrames).toEqual([]);
    alice.close();
    bob.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(hub.subscriberCount).toBe(0);
  });

  it("replays what a reconnecting client missed, from its Last-Event-ID", async () => {
    const first = streamOf(ALICE_USER);
    const live = readSseFrames(first.stream, (read) => read.length >= 1);
    await new Promise((r) => setTimeout(r, 200));
    await insert(ALICE, "Before the cut");
    const [seen] = await live;
    first.close();
    // Disconnected: these happen while nobody listens.
    await insert(ALICE, "Missed 1");
    await insert(BOB, "Not yours");
    await insert(ALICE, "Missed 2");
    const again = streamOf(ALICE_USER, seen!.id);
    const resumed = await readSseFrames(again.stream, (read) => read.length >= 2);
    again.close();
    expect(resumed.map((f) => f.data.item.title)).toEqual(["Missed 1", "Missed 2"]);
  });

  if (kind === "postgres") {
    it("reaches a stream held by another process on the same database", async () => {
      // A second connection pool and hub stand for a second app process.
      const other = await openDatabase({ kind: "postgres", url: t.url!, poolMax: 2 });
      const elsewhere = streamOf(ALICE_USER, 0, new RealtimeHub(other));
      const frames = readSseFrames(elsewhere.stream, (read) => read.length >= 1);
      await new Promise((r) => setTimeout(r, 300));
      await insert(ALICE, "From the other process");
      const [frame] = await frames;
      elsewhere.close();
      await other.close();
      expect(frame!.data.item.title).toBe("From the other process");
    });
  }

  it("carries large items through the message table when NOTIFY cannot", async () => {
    const bob = streamOf(BOB_USER);
    const frames = readSseFrames(bob.stream, (read) => read.length >= 1);
    await new Promise((r) => setTimeout(r, 200));
    await t.database.query("insert into inbox_items (recipient_id, type_key, title, body) values ($1, 'default', 'Big', $2)", [BOB, "x".repeat(10_000)]);
    const [frame] = await frames;
    bob.close();
    expect(frame!.data.item.title).toBe("Big");
  });
});
