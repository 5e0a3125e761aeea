import { RealtimeClient, type RealtimeChannel } from "@supabase/realtime-js";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "@/lib/audit/audit-actor";
import { createApiKey } from "@/lib/auth/api-keys";
import { openDatabase, type Database } from "@/lib/db/client";
import { launchBrowser, newContext, screenshot } from "../support/browser";
import { createScratchDatabase } from "../support/scratch-database";
import { startSupabaseAuthStandIn } from "../support/supabase-auth-stand-in";
import { startSupabaseRealtimeStandIn } from "../support/supabase-realtime-stand-in";
import { startApp, type RunningApp } from "../support/start-app";

const PUBLISHABLE_KEY = "sb_publishable_stand-in-0123456789";
const topicOf = (userId: string) => `user:${userId}:notifications`;

/**
 * The bell on Supabase Realtime, end to end: the real supabase-js in Chromium joins the user's
 * private Broadcast channel on a loopback Realtime stand-in (Phoenix protocol, on the Auth
 * stand-in's origin as on a Supabase project), which authorizes joins with the realtime.messages
 * policy in Postgres and relays what the inbox trigger sends with realtime.send.
 */
describe("Supabase Realtime drives the bell", () => {
  const users: { id: string; email: string }[] = [];
  let auth: Awaited<ReturnType<typeof startSupabaseAuthStandIn>>;
  let realtime: Awaited<ReturnType<typeof startSupabaseRealtimeStandIn>>;
  let database: Database;
  let app: RunningApp;
  let drop: () => Promise<void>;
  let browser: Browser;
  let apiKey: string;
  const userId = (email: string) => users.find((u) => u.email === email)!.id;

  beforeAll(async () => {
    const scratch = await createScratchDatabase("herald_realtime");
    if (!scratch) throw new Error("These tests need PostgreSQL: install postgresql or set TEST_DATABASE_URL.");
    drop = scratch.drop;
    // Sessions short enough that the browser refreshes alice's during the run (supabase-js
    // refreshes a token with less than 90 s left, checking every 30 s).
    auth = await startSupabaseAuthStandIn(users, { expiresIn: 100 });
    app = await startApp((baseUrl) => ({
      LOG_LEVEL: "warn",
      DATABASE_URL: scratch.url,
      HERALD_SEED_DEMO: "true",
      HERALD_PUBLIC_URL: baseUrl,
      NEXT_PUBLIC_SUPABASE_URL: auth.url,
      NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
    }));
    // The app has migrated and seeded: Realtime reads the same database the trigger writes to.
    database = await openDatabase({ kind: "postgres", url: scratch.url, poolMax: 3 });
    realtime = await startSupabaseRealtimeStandIn({ server: auth.server, database, jwksUrl: auth.jwksUrl, apiKey: PUBLISHABLE_KEY });
    users.push(...(await database.query<{ id: string; email: string }>("select id::text, email from auth.users where email in ('alice@example.com', 'bob@example.com')")));
    ({ key: apiKey } = await createApiKey(database.db, { name: "realtime e2e" }, cliActor));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await realtime?.close();
    await auth?.close();
    await database?.close();
    await drop?.();
  });

  const send = async (to: string, title: string) => {
    const response = await fetch(`${app.baseUrl}/api/v1/notifications`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ to: [to], content: { in_app: { title } } }),
    });
    expect(response.status).toBe(202);
  };
  /** Signs in with the code the Auth stand-in "emailed", and opens the notification center. */
  const signIn = async (email: string): Promise<Page> => {
    const page = await (await newContext(browser)).newPage();
    await page.goto(`${app.baseUrl}/sign-in`);
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Email me a link" }).click();
    await expect.poll(() => auth.sentCodes.get(email)).toMatch(/^\d{6}$/);
    await page.getByLabel("Or type the code from the email").fill(auth.sentCodes.get(email)!);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${app.baseUrl}/`);
    await page.getByRole("button", { name: /^Notifications/ }).click();
    return page;
  };
  const panel = (page: Page) => page.getByRole("dialog", { name: "Notifications" });
  const liveStatus = (page: Page) => panel(page).getByTestId("live-status").getAttribute("data-status");
  const inPanel = (page: Page, title: string) => panel(page).getByText(title, { exact: true });

  let alice: Page;

  it("alice's bell joins her private channel with her access token and updates live within 1 s of a send", async () => {
    alice = await signIn("alice@example.com");
    await expect.poll(() => liveStatus(alice)).toBe("open");
    expect(realtime.events).toContainEqual({ kind: "join", topic: topicOf(userId("alice@example.com")), sub: userId("alice@example.com"), allowed: true });
    // Live over Supabase only: the page never opened the Server-Sent Events stream.
    expect(await alice.evaluate(() => performance.getEntriesByType("resource").some((e) => e.name.includes("/api/inbox/stream")))).toBe(false);
    const badge = async () => Number((await alice.getByTestId("unread-badge").textContent()) ?? 0);
    const before = await badge();

    const title = `Live over Supabase ${Date.now()}`;
    const sent = Date.now();
    await send("alice", title);
    await inPanel(alice, title).waitFor({ timeout: 5_000 });
    expect(Date.now() - sent).toBeLessThan(1_000);
    await expect.poll(badge).toBe(before + 1);
    await screenshot(alice, "supabase-realtime-live");
  });

  it("after the Realtime socket drops, the bell shows it is reconnecting, rejoins, and refetches what it missed", async () => {
    const joinsBefore = realtime.events.filter((e) => e.kind === "join" && e.sub === userId("alice@example.com")).length;
    realtime.refuseConnections(true);
    realtime.dropConnections();
    await expect.poll(() => liveStatus(alice)).toBe("reconnecting");
    await expect.poll(() => alice.getByTestId("live-status-dot").count()).toBe(1);

    // Sent while alice is away: Broadcast keeps nothing for her, so only a refetch can show it.
    const missed = `Missed while away ${Date.now()}`;
    await send("alice", missed);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await inPanel(alice, missed).count()).toBe(0);
    await screenshot(alice, "supabase-realtime-reconnecting");

    realtime.refuseConnections(false);
    await expect.poll(() => liveStatus(alice), { timeout: 20_000 }).toBe("open");
    await inPanel(alice, missed).waitFor({ timeout: 5_000 });
    expect(realtime.events.filter((e) => e.kind === "join" && e.sub === userId("alice@example.com")).length).toBeGreaterThan(joinsBefore);

    // And the rejoined channel is live again.
    const after = `Live again ${Date.now()}`;
    const sent = Date.now();
    await send("alice", after);
    await inPanel(alice, after).waitFor({ timeout: 5_000 });
    expect(Date.now() - sent).toBeLessThan(1_000);
    await screenshot(alice, "supabase-realtime-resynced");
  }, 60_000);

  it("bob's join to alice's topic is refused by the policy, and alice never receives bob's events", async () => {
    const aliceId = userId("alice@example.com");
    const bobId = userId("bob@example.com");
    const bob = await signIn("bob@example.com");
    await expect.poll(() => liveStatus(bob)).toBe("open");

    // realtime-js with bob's access token, asking for alice's private channel.
    const client = new RealtimeClient(`${auth.url.replace(/^http/, "ws")}/realtime/v1`, { params: { apikey: PUBLISHABLE_KEY } });
    await client.setAuth((await auth.session({ id: bobId, email: "bob@example.com" })).access_token);
    const refused = await new Promise<{ status: string; error?: Error; channel: RealtimeChannel }>((resolve) => {
      const channel: RealtimeChannel = client.channel(topicOf(aliceId), { config: { private: true } }).subscribe((status, error) => resolve({ status, error, channel }));
    });
    expect(refused.status).toBe("CHANNEL_ERROR");
    expect(refused.error?.message).toMatch(/Unauthorized/);
    expect(realtime.events).toContainEqual(expect.objectContaining({ kind: "join", topic: topicOf(aliceId), sub: bobId, allowed: false }));
    await client.removeChannel(refused.channel);
    await client.disconnect();

    const forBob = `Only for bob ${Date.now()}`;
    await send("bob", forBob);
    await inPanel(bob, forBob).waitFor({ timeout: 5_000 });
    await new Promise((r) => setTimeout(r, 500));
    expect(await alice.getByText(forBob).count()).toBe(0);
    // Nothing of bob's topic went to anyone but bob, and alice got only her own topic.
    const broadcasts = realtime.events.filter((e) => e.kind === "broadcast");
    expect(broadcasts.some((e) => e.topic === topicOf(bobId) && e.sub === bobId)).toBe(true);
    expect(broadcasts.filter((e) => e.topic === topicOf(bobId)).every((e) => e.sub === bobId)).toBe(true);
    expect(broadcasts.filter((e) => e.sub === aliceId).every((e) => e.topic === topicOf(aliceId))).toBe(true);
    await screenshot(bob, "supabase-realtime-bob");
  });

  it("alice's refreshed access token reaches her open channel, which the policy still allows, and the bell stays live", async () => {
    const aliceId = userId("alice@example.com");
    // realtime-js sends `access_token` on a joined channel only when the token changed.
    await expect
      .poll(() => realtime.events.some((e) => e.kind === "access_token" && e.sub === aliceId && e.allowed), { timeout: 50_000, interval: 500 })
      .toBe(true);
    expect(await liveStatus(alice)).toBe("open");
    const title = `After the refresh ${Date.now()}`;
    const sent = Date.now();
    await send("alice", title);
    await inPanel(alice, title).waitFor({ timeout: 5_000 });
    expect(Date.now() - sent).toBeLessThan(1_000);
  }, 60_000);
});
