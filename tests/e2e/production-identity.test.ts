import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { SignJWT, UnsecuredJWT } from "jose";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error -- the example is plain JavaScript, as a host app might write it.
import { startHostApp } from "../../examples/host-app/server.mjs";
import { launchBrowser, newContext, screenshot } from "../support/browser";
import { startSmtpStandIn } from "../support/provider-stand-ins";
import { createScratchDatabase } from "../support/scratch-database";
import { waitForSseFrame } from "../support/sse-frames";
import { startApp, type RunningApp } from "../support/start-app";

const root = path.resolve(import.meta.dirname, "../..");
const SECRET = "host-app-shared-secret-0123456789abcdef";
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

/** A user token as a host app's server would sign it; each test bends one part of it. */
async function userToken(sub: string, { secret = SECRET, audience = "herald", expiresIn = "5m" as string | number } = {}) {
  const jwt = new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject(sub).setIssuedAt().setExpirationTime(expiresIn);
  if (audience) jwt.setAudience(audience);
  return jwt.sign(new TextEncoder().encode(secret));
}

/**
 * A plain-PostgreSQL deployment as an operator would run it: DATABASE_URL, no Supabase, no
 * unsafe flag. No local sign-in; operators sign in with an emailed link (SMTP); a host app on
 * another origin mounts the bell with tokens it signs.
 */
describe("production identity on plain PostgreSQL", () => {
  let app: RunningApp;
  let host: { origin: string; stop: () => Promise<void> };
  let smtp: Awaited<ReturnType<typeof startSmtpStandIn>>;
  let dropDatabase: () => Promise<void>;
  let databaseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    const scratch = await createScratchDatabase("herald_identity");
    if (!scratch) throw new Error("These tests need PostgreSQL: install postgresql or set TEST_DATABASE_URL.");
    ({ url: databaseUrl, drop: dropDatabase } = scratch);
    smtp = await startSmtpStandIn();
    host = await startHostApp({ port: 0, heraldUrl: () => app.baseUrl, secret: SECRET });
    app = await startApp((baseUrl) => ({
      HERALD_PUBLIC_URL: baseUrl,
      LOG_LEVEL: "warn",
      DATABASE_URL: databaseUrl,
      HERALD_SEED_DEMO: "true",
      SMTP_URL: smtp.url,
      EMAIL_FROM: "Herald <herald@example.com>",
      HERALD_USER_TOKEN_SECRET: SECRET,
      HERALD_CORS_ORIGINS: host.origin,
      HERALD_RATE_LIMIT_SIGN_IN: "30",
    }));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await host?.stop();
    await smtp?.close();
    await dropDatabase?.();
  });

  /** The link in the newest sign-in email to `to`, once it has arrived. */
  async function linkSentTo(to: string, after: number): Promise<string> {
    await expect.poll(() => smtp.messages.slice(after).some((m) => m.to.includes(to)), { timeout: 10_000 }).toBe(true);
    const raw = smtp.messages.slice(after).findLast((m) => m.to.includes(to))!.raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
    return /(http:\/\/\S+\/sign-in\/link#token=[A-Za-z0-9_-]{43})/.exec(raw)![1]!;
  }

  async function signInByLink(email: string): Promise<string> {
    const before = smtp.messages.length;
    expect((await fetch(`${app.baseUrl}/api/auth/sign-in-link`, json({ email }))).status).toBe(202);
    const token = new URL(await linkSentTo(email, before)).hash.slice("#token=".length);
    const redeemed = await fetch(`${app.baseUrl}/api/auth/sign-in-link/redeem`, json({ token }));
    expect(redeemed.status).toBe(200);
    return redeemed.headers.get("set-cookie")!.split(";")[0]!;
  }

  it("has no local sign-in: the API is 404 and the page lists nobody", async () => {
    const devSignIn = await fetch(`${app.baseUrl}/api/auth/dev-sign-in`, json({ email: "admin@example.com" }));
    expect(devSignIn.status).toBe(404);
    expect(devSignIn.headers.get("set-cookie")).toBeNull();
    const page = await (await fetch(`${app.baseUrl}/sign-in`)).text();
    expect(page).not.toContain("admin@example.com");
    expect(page).not.toMatch(/Sign in as|Demo users/);
    expect(page).toContain("Email me a link");
    expect((await fetch(`${app.baseUrl}/api/health`).then((r) => r.json())).auth.mode).toBe("email-link");
  });

  it("the first owner comes from the CLI and signs in with a single-use emailed link", async () => {
    await promisify(execFile)("npx", ["tsx", "bin/herald.ts", "admin", "create", "--email", "ops@example.com", "--role", "owner", "--name", "Olivia Ops"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" },
    });
    // The same answer for an address without an account, and no mail for it.
    const before = smtp.messages.length;
    const unknown = await fetch(`${app.baseUrl}/api/auth/sign-in-link`, json({ email: "mallory@example.com" }));
    expect(unknown.status).toBe(202);
    const bad = await fetch(`${app.baseUrl}/api/auth/sign-in-link`, json({ email: "not an email" }));
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.issues[0].path).toBe("email");

    expect((await fetch(`${app.baseUrl}/api/auth/sign-in-link`, json({ email: "ops@example.com" }))).status).toBe(202);
    const link = await linkSentTo("ops@example.com", before);
    expect(smtp.messages.slice(before).some((m) => m.to.includes("mallory@example.com"))).toBe(false);

    // Through the page, as the operator would: the link opens a page that signs in on a click.
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(link);
    await screenshot(page, "sign-in-link");
    await page.getByRole("button", { name: "Continue to Herald" }).click();
    await page.waitForURL(`${app.baseUrl}/admin`);
    await expect.poll(() => page.getByTestId("current-user").textContent()).toBe("Olivia Ops");

    // Used once: the same link signs nobody in again.
    const token = new URL(link).hash.slice("#token=".length);
    const again = await fetch(`${app.baseUrl}/api/auth/sign-in-link/redeem`, json({ token }));
    expect(again.status).toBe(401);
    expect((await again.json()).error.message).toMatch(/invalid, used or expired/);
    await context.close();
  });

  it("the sign-in page asks for an email and says a link is on its way", async () => {
    const context = await newContext(browser, { colorScheme: "dark", width: 390 });
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/sign-in`);
    await page.getByLabel("Email address").fill("ops@example.com");
    await page.getByRole("button", { name: "Email me a link" }).click();
    await expect.poll(() => page.locator("#sign-in-status").textContent()).toMatch(/a sign-in link is on its way/);
    await screenshot(page, "sign-in-email-link-dark-mobile");
    await context.close();
  });

  it("refuses every user token that is not a valid, current one for this audience", async () => {
    const inbox = (token: string) => fetch(`${app.baseUrl}/api/inbox`, { headers: { authorization: `Bearer ${token}` } });
    const refusals: [string, string, RegExp][] = [
      ["expired", await userToken("alice", { expiresIn: Math.floor(Date.now() / 1000) - 60 }), /expired/],
      ["forged", await userToken("alice", { secret: "another-secret-another-secret-0000" }), /signature/],
      ["alg none", new UnsecuredJWT({}).setSubject("alice").setAudience("herald").setExpirationTime("5m").encode(), /algorithm|malformed/],
      ["wrong audience", await userToken("alice", { audience: "another-app" }), /"aud"/],
      ["no audience", await userToken("alice", { audience: "" }), /"aud"/],
      ["too long-lived", await userToken("alice", { expiresIn: "30d" }), /longer than/],
      ["garbage", "eyJhbGciOi.not-a.token", /malformed/],
    ];
    for (const [name, token, reason] of refusals) {
      const response = await inbox(token);
      expect(response.status, name).toBe(401);
      expect((await response.json()).error.message, name).toMatch(reason);
    }
    expect((await fetch(`${app.baseUrl}/api/inbox`)).status).toBe(401);
  });

  it("a valid token sees and changes only its own user's inbox and preferences", async () => {
    const alice = { authorization: `Bearer ${await userToken("alice")}` };
    const bob = { authorization: `Bearer ${await userToken("bob")}` };
    const aliceItems = (await (await fetch(`${app.baseUrl}/api/inbox`, { headers: alice })).json()).data as { id: string; title: string }[];
    expect(aliceItems.length).toBeGreaterThan(0);
    const bobItems = (await (await fetch(`${app.baseUrl}/api/inbox`, { headers: bob })).json()).data as { id: string }[];
    expect(bobItems.some((b) => aliceItems.some((a) => a.id === b.id))).toBe(false);
    const stolen = await fetch(`${app.baseUrl}/api/inbox/${aliceItems[0]!.id}`, { method: "PATCH", headers: { ...bob, "content-type": "application/json" }, body: JSON.stringify({ read: true }) });
    expect(stolen.status).toBe(404);
    const own = await fetch(`${app.baseUrl}/api/inbox/${aliceItems[0]!.id}`, { method: "PATCH", headers: { ...alice, "content-type": "application/json" }, body: JSON.stringify({ read: true }) });
    expect(own.status).toBe(200);
    expect((await fetch(`${app.baseUrl}/api/preferences`, { headers: alice })).status).toBe(200);
    // A bearer token is no admin session, whatever it claims.
    const admin = await new SignJWT({ role: "admin" }).setProtectedHeader({ alg: "HS256" }).setSubject("alice").setAudience("herald").setExpirationTime("5m").sign(new TextEncoder().encode(SECRET));
    expect((await fetch(`${app.baseUrl}/api/admin/stats`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(401);
    // A user the host app has not mentioned before gets an empty inbox, not an error.
    const newcomer = await fetch(`${app.baseUrl}/api/inbox/counts`, { headers: { authorization: `Bearer ${await userToken(`new-${Date.now()}`)}` } });
    expect(newcomer.status).toBe(200);
    expect((await newcomer.json()).data).toEqual({ unread: 0, unseen: 0, total: 0 });
  });

  it("answers CORS preflights for listed origins only, and streams with a ticket", async () => {
    const preflight = (origin: string) =>
      fetch(`${app.baseUrl}/api/inbox`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" } });
    const listed = await preflight(host.origin);
    expect(listed.status).toBe(204);
    expect(listed.headers.get("access-control-allow-origin")).toBe(host.origin);
    expect(listed.headers.get("access-control-allow-headers")).toMatch(/authorization/);
    expect(listed.headers.get("access-control-allow-credentials")).toBeNull();
    expect((await preflight("https://evil.example")).headers.get("access-control-allow-origin")).toBeNull();

    const token = await userToken("alice");
    expect((await fetch(`${app.baseUrl}/api/inbox/stream?ticket=forged`)).status).toBe(401);
    const { data } = await (await fetch(`${app.baseUrl}/api/inbox/stream-ticket`, { method: "POST", headers: { authorization: `Bearer ${token}`, origin: host.origin } })).json();
    expect(data.ticket).toBeTruthy();
    // A ticket is no user token: it opens the stream and nothing else.
    expect((await fetch(`${app.baseUrl}/api/inbox`, { headers: { authorization: `Bearer ${data.ticket}` } })).status).toBe(401);
    const stream = await fetch(`${app.baseUrl}/api/inbox/stream?ticket=${data.ticket}`, { headers: { origin: host.origin } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("access-control-allow-origin")).toBe(host.origin);
    const owner = await signInByLink("ops@example.com");
    const key = (await (await fetch(`${app.baseUrl}/api/admin/api-keys`, json({ name: "identity" }, { cookie: owner }))).json()).data.key as string;
    const title = `Ticketed ${Date.now()}`;
    const [frame] = await Promise.all([
      waitForSseFrame(stream, (f) => f.data.item.title === title),
      fetch(`${app.baseUrl}/api/v1/notifications`, json({ to: ["alice"], content: { in_app: { title } } }, { authorization: `Bearer ${key}` })),
    ]);
    expect(frame).not.toBeNull();
  });

  it("a host page on another origin shows a live bell with a host-signed token", async () => {
    const owner = await signInByLink("ops@example.com");
    const key = (await (await fetch(`${app.baseUrl}/api/admin/api-keys`, json({ name: "host-page" }, { cookie: owner }))).json()).data.key as string;
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${host.origin}/?user=bob`);
    const bell = page.getByRole("button", { name: /^Notifications/ });
    await bell.waitFor();
    // The counts have loaded (bob has seeded unread items) before the count is read.
    await expect.poll(() => bell.getAttribute("aria-label"), { timeout: 10_000 }).toMatch(/\d+ unread/);
    const before = Number(/(\d+) unread/.exec((await bell.getAttribute("aria-label")) ?? "")?.[1] ?? 0);
    const title = `Hello from the host page ${Date.now()}`;
    const sent = await fetch(`${app.baseUrl}/api/v1/notifications`, json({ to: ["bob"], content: { in_app: { title, body: "Delivered live to another origin." } } }, { authorization: `Bearer ${key}` }));
    expect(sent.status).toBe(202);
    await expect.poll(() => bell.getAttribute("aria-label"), { timeout: 10_000 }).toBe(`Notifications, ${before + 1} unread`);
    await bell.click();
    await expect.poll(() => page.locator("[data-item]", { hasText: title }).count()).toBe(1);
    await screenshot(page, "host-page-bell");
    expect(errors).toEqual([]);
    await context.close();
  });

  // Last: it spends this minute's sign-in budget.
  it("limits sign-in attempts with 429, Retry-After and RateLimit headers", async () => {
    let refused: Response | undefined;
    for (let i = 0; i < 40 && !refused; i++) {
      const response = await fetch(`${app.baseUrl}/api/auth/sign-in-link/redeem`, json({ token: "x".repeat(43) }));
      if (response.status === 429) refused = response;
      else expect(response.status).toBe(401);
    }
    expect(refused).toBeDefined();
    expect(Number(refused!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused!.headers.get("ratelimit-limit")).toBe("30");
    expect(refused!.headers.get("ratelimit-remaining")).toBe("0");
    expect((await refused!.json()).error.code).toBe("rate_limit_exceeded");
  });
});

describe("the unsafe local sign-in flag", () => {
  it("turns local sign-in on with DATABASE_URL, and start-up warns loudly in production", async () => {
    const scratch = await createScratchDatabase("herald_unsafe");
    if (!scratch) throw new Error("needs PostgreSQL");
    const app = await startApp({ LOG_LEVEL: "warn", DATABASE_URL: scratch.url, HERALD_SEED_DEMO: "true", HERALD_UNSAFE_LOCAL_SIGN_IN: "true" });
    try {
      expect(app.output()).toMatch(/UNSAFE: HERALD_UNSAFE_LOCAL_SIGN_IN is on in production/);
      expect((await fetch(`${app.baseUrl}/api/auth/dev-sign-in`, json({ email: "alice@example.com" }))).status).toBe(200);
    } finally {
      await app.stop();
      await scratch.drop();
    }
  });
});
