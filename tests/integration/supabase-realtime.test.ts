import { vi } from "vitest";

vi.hoisted(() => {
  // Refused joins and closed channels are provoked on purpose.
  process.env.LOG_LEVEL = "silent";
});

import { RealtimeClient, type RealtimeChannel } from "@supabase/realtime-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database, RawTransaction } from "@/lib/db/client";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";
import { startSupabaseAuthStandIn } from "../support/supabase-auth-stand-in";
import { startSupabaseRealtimeStandIn } from "../support/supabase-realtime-stand-in";
import { waitFor } from "../support/wait-for";

const ALICE = { id: "11111111-1111-4111-8111-111111111111", email: "alice@example.com" };
const BOB = { id: "22222222-2222-4222-8222-222222222222", email: "bob@example.com" };
const ALICE_RECIPIENT = "a1111111-1111-4111-8111-111111111111";
const BOB_RECIPIENT = "b2222222-2222-4222-8222-222222222222";
const topicOf = (userId: string) => `user:${userId}:notifications`;
const API_KEY = "sb_publishable_stand-in-0123456789";

/** Reads realtime.messages as Supabase Realtime does for a user joining `topic`, then rolls back. */
async function readAs<T>(database: Database, sub: string, topic: string | null, fn: (tx: RawTransaction) => Promise<T>) {
  let result: T;
  const rollback = new Error("rollback");
  await database
    .transaction(async (tx) => {
      await tx.query("set local role authenticated");
      await tx.query("select set_config('request.jwt.claims', $1, true), set_config('realtime.topic', $2, true)", [JSON.stringify({ sub, role: "authenticated" }), topic ?? ""]);
      result = await fn(tx);
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  return result!;
}

describe.each(testDatabaseKinds())("Supabase Realtime on %s", (kind) => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let auth: Awaited<ReturnType<typeof startSupabaseAuthStandIn>>;
  let realtime: Awaited<ReturnType<typeof startSupabaseRealtimeStandIn>>;
  const clients: RealtimeClient[] = [];

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedDemoData(t.database);
    auth = await startSupabaseAuthStandIn([ALICE, BOB]);
    realtime = await startSupabaseRealtimeStandIn({ server: auth.server, database: t.database, jwksUrl: auth.jwksUrl, apiKey: API_KEY });
  });
  afterAll(async () => {
    for (const client of clients) await client.disconnect();
    await realtime?.close();
    await auth?.close();
    await t?.drop();
  });

  /** The real realtime-js client, as supabase-js builds it for a project URL. */
  const connect = async (user: typeof ALICE, vsn = "2.0.0") => {
    const client = new RealtimeClient(`${auth.url.replace(/^http/, "ws")}/realtime/v1`, { params: { apikey: API_KEY }, vsn, heartbeatIntervalMs: 500 });
    clients.push(client);
    await client.setAuth((await auth.session(user)).access_token);
    return client;
  };
  /** Joins a private topic; resolves with the first status the channel reports (`statuses` keeps them all). */
  const join = (client: RealtimeClient, topic: string, onBroadcast: (m: { event: string; payload: unknown }) => void = () => {}) =>
    new Promise<{ channel: RealtimeChannel; status: string; error?: Error; statuses: string[] }>((resolve) => {
      const statuses: string[] = [];
      const channel: RealtimeChannel = client
        .channel(topic, { config: { private: true } })
        .on("broadcast", { event: "*" }, (m) => onBroadcast({ event: m.event, payload: m.payload }))
        .subscribe((status, error) => {
          statuses.push(status);
          resolve({ channel, status, error, statuses });
        });
    });
  const insertItem = (recipient: string, title: string) =>
    t.database.query("insert into inbox_items (recipient_id, type_key, title) values ($1, 'default', $2)", [recipient, title]);

  it("the realtime.messages policy lets a user read only their own topic's messages", async () => {
    await insertItem(ALICE_RECIPIENT, "For alice");
    await insertItem(BOB_RECIPIENT, "For bob");
    const count = "select topic, count(*)::int as n from realtime.messages group by topic order by topic";
    // Joining her own topic, alice sees its messages and nothing of bob's.
    const own = await readAs(t.database, ALICE.id, topicOf(ALICE.id), (tx) => tx.query<{ topic: string; n: number }>(count));
    expect(own.map((r) => r.topic)).toEqual([topicOf(ALICE.id)]);
    expect(own[0]!.n).toBeGreaterThan(0);
    // Claiming bob's topic (realtime.topic() = bob's) gets her nothing at all.
    expect(await readAs(t.database, ALICE.id, topicOf(BOB.id), (tx) => tx.query(count))).toEqual([]);
    expect(await readAs(t.database, ALICE.id, null, (tx) => tx.query(count))).toEqual([]);
    // And bob, claiming alice's topic, reads none of it.
    expect(await readAs(t.database, BOB.id, topicOf(ALICE.id), (tx) => tx.query(count))).toEqual([]);
    // The superuser connection (the server) sees both.
    expect((await t.database.query<{ topic: string }>(count)).map((r) => r.topic)).toEqual(expect.arrayContaining([topicOf(ALICE.id), topicOf(BOB.id)]));
  });

  it.each(["2.0.0", "1.0.0"])("realtime-js (serializer %s) joins its own private topic and receives realtime.send broadcasts", async (vsn) => {
    const received: { event: string; payload: unknown }[] = [];
    const client = await connect(ALICE, vsn);
    const { status, channel } = await join(client, topicOf(ALICE.id), (m) => received.push(m));
    expect(status).toBe("SUBSCRIBED");
    await insertItem(ALICE_RECIPIENT, `Live over ${vsn}`);
    await waitFor(async () => received.length >= 1, { timeoutMs: 3_000 });
    expect(received[0]).toMatchObject({ event: "INSERT", payload: { op: "INSERT", item: { title: `Live over ${vsn}`, recipient_id: ALICE_RECIPIENT } } });
    await client.removeChannel(channel);
  });

  it("refuses bob's join to alice's topic by the policy, and a join without a valid token", async () => {
    const bob = await connect(BOB);
    const refused = await join(bob, topicOf(ALICE.id));
    expect(refused.status).toBe("CHANNEL_ERROR");
    expect(refused.error?.message).toMatch(/Unauthorized/);
    expect(realtime.events).toContainEqual(expect.objectContaining({ kind: "join", topic: topicOf(ALICE.id), sub: BOB.id, allowed: false }));
    await bob.removeChannel(refused.channel);

    const anonymous = new RealtimeClient(`${auth.url.replace(/^http/, "ws")}/realtime/v1`, { params: { apikey: API_KEY } });
    clients.push(anonymous);
    await anonymous.setAuth("not-a-jwt");
    const invalid = await join(anonymous, topicOf(ALICE.id));
    expect(invalid.status).toBe("CHANNEL_ERROR");
    expect(invalid.error?.message).toMatch(/Invalid token/);
    await anonymous.removeChannel(invalid.channel);
  });

  it("alice's channel never carries bob's messages", async () => {
    const received: unknown[] = [];
    const alice = await connect(ALICE);
    const bob = await connect(BOB);
    const bobReceived: unknown[] = [];
    expect((await join(alice, topicOf(ALICE.id), (m) => received.push(m.payload))).status).toBe("SUBSCRIBED");
    expect((await join(bob, topicOf(BOB.id), (m) => bobReceived.push(m.payload))).status).toBe("SUBSCRIBED");
    await insertItem(BOB_RECIPIENT, "Only for bob");
    await insertItem(ALICE_RECIPIENT, "Only for alice");
    await waitFor(async () => received.length >= 1 && bobReceived.length >= 1, { timeoutMs: 3_000 });
    expect(received).toEqual([expect.objectContaining({ item: expect.objectContaining({ title: "Only for alice" }) })]);
    expect(bobReceived).toEqual([expect.objectContaining({ item: expect.objectContaining({ title: "Only for bob" }) })]);
  });

  it("a refreshed token is re-authorized on the joined channel; another user's token closes it", async () => {
    const alice = await connect(ALICE);
    const { status, channel, statuses } = await join(alice, topicOf(ALICE.id));
    expect(status).toBe("SUBSCRIBED");
    await alice.setAuth((await auth.session(ALICE)).access_token);
    await waitFor(async () => realtime.events.some((e) => e.kind === "access_token" && e.sub === ALICE.id && e.allowed), { timeoutMs: 3_000 });
    expect(channel.state).toBe("joined");

    await alice.setAuth((await auth.session(BOB)).access_token);
    await waitFor(async () => statuses.includes("CLOSED"), { timeoutMs: 3_000 });
    expect(realtime.events).toContainEqual(expect.objectContaining({ kind: "access_token", topic: topicOf(ALICE.id), sub: BOB.id, allowed: false }));
  });
});
