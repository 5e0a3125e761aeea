import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SignJWT } from "jose";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error -- the example is plain JavaScript, as a host app might write it.
import { startKitApp } from "../../examples/kit-app/server.mjs";
import { launchBrowser, newContext, screenshot } from "../support/browser";
import { startApp, type RunningApp } from "../support/start-app";

const SECRET = "kit-app-shared-secret-0123456789abcdef";
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

/**
 * examples/kit-app against its own Herald (the embedded default, with host-app user tokens and
 * the example's origin allowed): its page draws its own list with the kit's hooks and the kit's
 * bell, both live over Server-Sent Events.
 */
describe("the host-app kit in a host's page", () => {
  let app: RunningApp;
  let host: { origin: string; stop: () => Promise<void> };
  let browser: Browser;
  let apiKey: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-kit-e2e-"));
    host = await startKitApp({ port: 0, heraldUrl: () => app.baseUrl, secret: SECRET });
    app = await startApp({ LOG_LEVEL: "warn", DATABASE_URL: "", HERALD_DATA_DIR: dataDir, HERALD_USER_TOKEN_SECRET: SECRET, HERALD_CORS_ORIGINS: host.origin });
    const signedIn = await fetch(`${app.baseUrl}/api/auth/dev-sign-in`, json({ email: "admin@example.com" }));
    const cookie = signedIn.headers.get("set-cookie")!.split(";")[0]!;
    apiKey = (await (await fetch(`${app.baseUrl}/api/admin/api-keys`, json({ name: "kit-app" }, { cookie }))).json()).data.key as string;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await host?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const send = async (to: string, title: string) => {
    const sent = await fetch(`${app.baseUrl}/api/v1/notifications`, json({ to: [to], content: { in_app: { title, body: "Sent while the page was open." } } }, { authorization: `Bearer ${apiKey}` }));
    expect(sent.status).toBe(202);
  };
  const unreadOf = async (page: Page) => Number(/(\d+) unread/.exec((await page.getByRole("button", { name: /^Notifications/ }).getAttribute("aria-label")) ?? "")?.[1] ?? 0);

  /** The page for `user`, once its list has loaded and its live feed is open. */
  async function openPage(user: string, options: { colorScheme?: "light" | "dark"; width?: number } = {}) {
    const context = await newContext(browser, options);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const streamOpen = page.waitForResponse((r) => r.url().startsWith(`${app.baseUrl}/api/inbox/stream?`) && r.status() === 200);
    await page.goto(`${host.origin}/?user=${user}`);
    await streamOpen;
    await page.getByRole("list", { name: "Activity" }).or(page.getByText("Nothing yet.")).waitFor();
    return { page, errors, close: () => context.close() };
  }

  it("shows the host's own list and the kit's bell; a notification arrives live in both and is marked read through the hook", async () => {
    const { page, errors, close } = await openPage("bob");
    const bell = page.getByRole("button", { name: /^Notifications/ });
    await expect.poll(() => bell.getAttribute("aria-label"), { timeout: 10_000 }).toMatch(/\d+ unread/);
    const before = await unreadOf(page);
    await expect.poll(() => page.getByTestId("unread-count").textContent()).toBe(`${before} unread`);

    const title = `Build finished ${Date.now()}`;
    await send("bob", title);
    const row = page.locator("[data-activity]", { hasText: title });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => bell.getAttribute("aria-label")).toBe(`Notifications, ${before + 1} unread`);
    await expect.poll(() => page.getByTestId("unread-count").textContent()).toBe(`${before + 1} unread`);
    expect(await page.locator("[data-activity]").first().textContent()).toContain(title);
    await screenshot(page, "kit-app-live");

    await page.getByRole("button", { name: `Mark "${title}" read` }).click();
    await expect.poll(() => row.getAttribute("data-read")).toBe("true");
    await expect.poll(() => bell.getAttribute("aria-label")).toBe(before ? `Notifications, ${before} unread` : "Notifications");

    // Herald has it read, as the user's token sees it.
    const token = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("bob").setAudience("herald").setExpirationTime("5m").sign(new TextEncoder().encode(SECRET));
    const inbox = await (await fetch(`${app.baseUrl}/api/inbox?status=all&limit=50`, { headers: { authorization: `Bearer ${token}` } })).json();
    const item = (inbox.data as { title: string; readAt: string | null }[]).find((i) => i.title === title);
    expect(item?.readAt).toBeTruthy();

    // The ready bell opens the kit's feed with the same item, read; Escape closes it and gives focus back.
    await bell.click();
    const feed = page.getByRole("region", { name: "Notifications" });
    await feed.waitFor();
    await expect.poll(() => feed.locator("[data-herald-item]", { hasText: title }).getAttribute("data-unread")).toBe("false");
    await screenshot(page, "kit-app-bell-open");
    await page.keyboard.press("Escape");
    await expect.poll(() => feed.count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? "")).toMatch(/^Notifications/);
    expect(errors).toEqual([]);
    await close();
  });

  it("works on a phone in the dark: the bell's feed fits the screen and marks items from its own buttons", async () => {
    const { page, errors, close } = await openPage("alice", { colorScheme: "dark", width: 360 });
    const title = `Invoice paid ${Date.now()}`;
    await send("alice", title);
    await expect.poll(() => page.locator("[data-activity]", { hasText: title }).count(), { timeout: 10_000 }).toBe(1);
    const bell = page.getByRole("button", { name: /^Notifications/ });
    await bell.click();
    const feed = page.getByRole("region", { name: "Notifications" });
    await feed.getByRole("button", { name: `Mark read ${title}` }).click();
    await expect.poll(() => page.locator("[data-activity]", { hasText: title }).getAttribute("data-read")).toBe("true");
    const box = (await page.locator(".herald-popover").boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    await screenshot(page, "kit-app-bell-dark-mobile");
    expect(errors).toEqual([]);
    await close();
  });
});
