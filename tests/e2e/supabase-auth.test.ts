import pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newContext, screenshot } from "../support/browser";
import { createScratchDatabase } from "../support/scratch-database";
import { startSupabaseAuthStandIn } from "../support/supabase-auth-stand-in";
import { startApp, type RunningApp } from "../support/start-app";

/**
 * Supabase Auth end to end: the real supabase-js and @supabase/ssr against a loopback stand-in
 * that speaks GoTrue's API and signs sessions with a key it publishes (what getClaims checks).
 */
describe("Supabase Auth sign-in", () => {
  const users: { id: string; email: string }[] = [];
  let auth: Awaited<ReturnType<typeof startSupabaseAuthStandIn>>;
  let app: RunningApp;
  let drop: () => Promise<void>;
  let browser: Browser;

  beforeAll(async () => {
    const scratch = await createScratchDatabase("herald_supabase");
    if (!scratch) throw new Error("These tests need PostgreSQL: install postgresql or set TEST_DATABASE_URL.");
    drop = scratch.drop;
    auth = await startSupabaseAuthStandIn(users);
    app = await startApp((baseUrl) => ({
      LOG_LEVEL: "warn",
      DATABASE_URL: scratch.url,
      HERALD_SEED_DEMO: "true",
      HERALD_PUBLIC_URL: baseUrl,
      NEXT_PUBLIC_SUPABASE_URL: auth.url,
      NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: "sb_publishable_stand-in-0123456789",
    }));
    // On Supabase, auth.users is Supabase's own table: the stand-in knows the same accounts.
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    users.push(...(await client.query<{ id: string; email: string }>("select id, email from auth.users where email = 'alice@example.com'")).rows);
    await client.end();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await auth?.close();
    await drop?.();
  });

  it("has no local sign-in", async () => {
    const response = await fetch(`${app.baseUrl}/api/auth/dev-sign-in`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "alice@example.com" }) });
    expect(response.status).toBe(404);
    expect((await fetch(`${app.baseUrl}/api/health`).then((r) => r.json())).auth.mode).toBe("supabase");
  });

  it("signs in with the emailed code, shows the user's own inbox, and signs out", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/`);
    await page.waitForURL(/\/sign-in$/);

    await page.getByLabel("Email address").fill("alice@example.com");
    await page.getByRole("button", { name: "Email me a link" }).click();
    await expect.poll(() => page.locator("#sign-in-status").textContent()).toMatch(/a sign-in link is on its way/);
    const code = auth.sentCodes.get("alice@example.com")!;
    expect(code).toMatch(/^\d{6}$/);

    await page.getByLabel("Or type the code from the email").fill("000000");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect.poll(() => page.locator("#sign-in-status").textContent()).toMatch(/wrong or has expired/);
    await screenshot(page, "sign-in-supabase-code-error");

    await page.getByLabel("Or type the code from the email").fill(code);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${app.baseUrl}/`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Welcome back, Alice Martin");
    await expect.poll(() => page.locator("[data-item]").count()).toBeGreaterThan(0);
    expect(await page.getByText("Thanks for the review!").count()).toBe(0);
    // The session is Supabase's cookie; the API trusts it only after verifying its signature.
    const cookies = await context.cookies();
    expect(cookies.some((c) => c.name.startsWith("sb-"))).toBe(true);
    expect(await page.evaluate(() => fetch("/api/inbox/counts").then((r) => r.status))).toBe(200);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in$/);
    expect(await page.evaluate(() => fetch("/api/inbox/counts").then((r) => r.status))).toBe(401);
    await context.close();
  });

  it("answers an unknown address like a known one, and a forged session cookie signs nobody in", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/sign-in`);
    await page.getByLabel("Email address").fill("mallory@example.com");
    await page.getByRole("button", { name: "Email me a link" }).click();
    await expect.poll(() => page.locator("#sign-in-status").textContent()).toMatch(/If mallory@example.com has an account/);
    expect(auth.sentCodes.has("mallory@example.com")).toBe(false);
    await context.close();

    // A JWT that claims alice but is signed by nobody Supabase knows.
    const header = Buffer.from(JSON.stringify({ alg: "ES256", kid: "stand-in-key", typ: "JWT" })).toString("base64url");
    const claims = Buffer.from(JSON.stringify({ sub: users[0]!.id, exp: Math.floor(Date.now() / 1000) + 600, role: "authenticated" })).toString("base64url");
    const forged = JSON.stringify({ access_token: `${header}.${claims}.${Buffer.from("x".repeat(64)).toString("base64url")}`, refresh_token: "nope", expires_at: Math.floor(Date.now() / 1000) + 600, token_type: "bearer", user: { id: users[0]!.id } });
    const cookie = `sb-127-auth-token=base64-${Buffer.from(forged).toString("base64url")}`;
    expect((await fetch(`${app.baseUrl}/api/inbox/counts`, { headers: { cookie } })).status).toBe(401);
  });
});
