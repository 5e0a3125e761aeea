import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser, newContext, screenshot, signInThroughPage } from "../support/browser";
import { createApiKeyAsAdmin } from "../support/http-session";

const baseUrl = inject("baseUrl");

const badge = (page: Page) => page.getByTestId("unread-badge");
const bell = (page: Page) => page.getByRole("button", { name: /^Notifications/ });
const panelOf = (page: Page) => page.getByRole("dialog", { name: "Notifications" });
const toasts = (page: Page) => page.locator("[data-toast]");
const unreadCount = async (page: Page) => ((await badge(page).count()) ? Number(await badge(page).textContent()) : 0);

/** Counts the toasts that were animated in, whatever the timing of the animation itself. */
const countToastAnimations = () => {
  const w = window as unknown as { __toastAnimations: number };
  w.__toastAnimations = 0;
  const animate = Element.prototype.animate;
  Element.prototype.animate = function (this: Element, ...args: Parameters<Element["animate"]>) {
    if (this.matches("[data-toast]")) w.__toastAnimations += 1;
    return animate.apply(this, args);
  };
};

describe("inbox experience", () => {
  let browser: Browser;
  let key: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    key = await createApiKeyAsAdmin(baseUrl, "inbox-experience-e2e");
  });
  afterAll(() => browser?.close());

  const send = async (inApp: Record<string, unknown>, data: Record<string, unknown> = {}) => {
    const response = await fetch(`${baseUrl}/api/v1/notifications`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ to: ["alice"], channels: ["in_app"], content: { in_app: inApp }, data }),
    });
    expect(response.status).toBe(202);
  };

  /** Alice on the home page, with the counts behind the badge loaded and the live feed settled. */
  const aliceAtHome = async (options: { colorScheme?: "light" | "dark"; width?: number } = {}) => {
    const page = await signInThroughPage(browser, baseUrl, "Alice Martin", options);
    await expect.poll(() => page.locator("main [data-item]").count(), { timeout: 5_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(300);
    return page;
  };

  it("takes a newcomer from the first screen to a notification in the bell in two clicks", async () => {
    for (const [colorScheme, width] of [["light", 1280], ["dark", 360]] as const) {
      const context = await newContext(browser, { colorScheme, width });
      const first = await context.newPage();
      await first.goto(`${baseUrl}/`);
      await first.getByRole("heading", { name: "Herald is running" }).waitFor();
      const steps = first.getByRole("region", { name: "Try Herald in three steps" }).getByRole("listitem");
      expect(await steps.locator("h3").allTextContents()).toEqual(["Sign in as a demo user", "Send a test notification", "Open the bell"]);
      await screenshot(first, `home-newcomer-${colorScheme}-${width}`);
      await context.close();
    }

    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await page.getByRole("button", { name: "Sign in as Alice Martin" }).click(); // click 1
    await page.waitForURL(`${baseUrl}/`);
    await page.getByRole("heading", { name: "Welcome back, Alice Martin" }).waitFor();
    await expect.poll(() => page.locator("main [data-item]").count(), { timeout: 5_000 }).toBeGreaterThan(0);
    const before = await unreadCount(page);
    await page.waitForTimeout(300);
    await page.getByRole("button", { name: "Send me a test notification" }).click(); // click 2
    await expect.poll(() => unreadCount(page), { timeout: 3_000 }).toBe(before + 1);
    await page.getByText("Sent — it is in your bell.").waitFor();
    // The bell (or the pop-up it shows meanwhile) has it.
    await toasts(page).filter({ hasText: "Welcome to Herald, Alice" }).waitFor();
    await bell(page).click();
    await panelOf(page).locator("[data-item]", { hasText: "Welcome to Herald, Alice" }).waitFor();
    expect(await panelOf(page).locator("[data-item]", { hasText: "Welcome to Herald, Alice" }).locator("[data-avatar=initials]").textContent()).toBe("H");
    await context.close();
  });

  it("moves between tabs with Left/Right/Home/End, one tab in the Tab order, each named with its unread count", async () => {
    const page = await aliceAtHome();
    await expect.poll(() => badge(page).textContent(), { timeout: 5_000 }).toMatch(/^\d+$/);
    const unread = await unreadCount(page);
    await bell(page).click();
    const panel = panelOf(page);
    const tab = (name: string) => panel.getByRole("tab", { name: new RegExp(`^${name}`) });
    expect(await tab("All").getAttribute("aria-label")).toBe(`All, ${unread} unread`);
    expect(await tab("Unread").getAttribute("aria-label")).toBe(`Unread, ${unread} unread`);
    expect(await tab("Unread").locator("[data-tab-count]").textContent()).toBe(String(unread));
    expect(await tab("Archived").getAttribute("aria-label")).toBe("Archived");
    const selected = async () => panel.locator("[role=tab][aria-selected=true]").textContent();
    const focused = async () => page.evaluate(() => document.activeElement?.textContent ?? "");
    const tabIndexes = async () => panel.getByRole("tab").evaluateAll((tabs) => tabs.map((t) => t.getAttribute("tabindex")));

    await expect.poll(focused).toMatch(/^All/);
    expect(await tabIndexes()).toEqual(["0", "-1", "-1"]);
    await page.keyboard.press("ArrowRight");
    expect(await focused()).toMatch(/^Unread/);
    expect(await selected()).toMatch(/^Unread/);
    expect(await tabIndexes()).toEqual(["-1", "0", "-1"]);
    await page.keyboard.press("ArrowRight");
    expect(await selected()).toBe("Archived");
    await page.keyboard.press("ArrowRight"); // wraps around
    expect(await selected()).toMatch(/^All/);
    await page.keyboard.press("ArrowLeft"); // and back
    expect(await focused()).toBe("Archived");
    await page.keyboard.press("Home");
    expect(await selected()).toMatch(/^All/);
    await page.keyboard.press("End");
    expect(await selected()).toBe("Archived");
    expect(await panel.getByRole("tabpanel").getAttribute("id")).toBe(await tab("Archived").getAttribute("aria-controls"));
    // A new item moves the counts on every tab at once.
    await send({ title: "Counted on the tabs" });
    await expect.poll(() => tab("All").getAttribute("aria-label"), { timeout: 3_000 }).toBe(`All, ${unread + 1} unread`);
    await page.context().close();
  });

  it("shows the sender's picture or initials, and marks unread with a dot, weight and tint", async () => {
    const page = await aliceAtHome();
    await send({ title: "Grace replied" }, { actor: { name: "Grace Hopper" } });
    await send({ title: "Priya shared a file" }, { actor: { name: "Priya Patel", avatarUrl: "/avatars/priya.svg" } });
    await send({ title: "Nobody in particular" });
    await bell(page).click();
    const panel = panelOf(page);
    const item = (title: string) => panel.locator("[data-item]", { hasText: title });
    await item("Nobody in particular").waitFor();
    expect(await item("Grace replied").locator("[data-avatar=initials]").textContent()).toBe("GH");
    expect(await item("Grace replied").locator("[data-actor]").getAttribute("title")).toBe("Grace Hopper");
    const picture = item("Priya shared a file").locator("img[data-avatar=image]");
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await item("Nobody in particular").locator("[data-actor]").count()).toBe(0);
    expect(await item("Nobody in particular").locator("svg[data-type-icon]").count()).toBe(1);

    // Unread: a dot with a name, a bold title and a tinted row; read: none of them.
    const unread = item("Grace replied");
    expect(await unread.getByRole("img", { name: "Unread" }).count()).toBe(1);
    const looks = (row: typeof unread) =>
      row.evaluate((el) => ({ weight: Number(getComputedStyle(el.querySelector("[data-item-title]")!).fontWeight), background: getComputedStyle(el).backgroundColor }));
    const unreadLook = await looks(unread);
    expect(unreadLook.weight).toBeGreaterThanOrEqual(700);
    expect(unreadLook.background).not.toBe("rgba(0, 0, 0, 0)");
    await screenshot(page, "inbox-actors-light-1280");
    await unread.click();
    await expect.poll(() => unread.getByRole("img", { name: "Unread" }).count()).toBe(0);
    await page.mouse.move(0, 0);
    await unread.blur();
    await expect.poll(async () => (await looks(unread)).weight).toBeLessThan(600);
    expect((await looks(unread)).background).toBe("rgba(0, 0, 0, 0)");
    await page.context().close();
  });

  it("follows an internal link without a reload, and leaves other links as they are", async () => {
    const page = await aliceAtHome();
    await send({ title: "Your preferences changed", actionUrl: "/preferences" });
    await send({ title: "Read the release notes", actionUrl: "https://example.com/releases" });
    await bell(page).click();
    const panel = panelOf(page);
    await panel.locator("[data-item]", { hasText: "Read the release notes" }).waitFor();
    expect(await panel.locator("a[data-item]", { hasText: "Read the release notes" }).getAttribute("href")).toBe("https://example.com/releases");

    await page.evaluate(() => ((window as unknown as { __marker: string }).__marker = "still here"));
    await panel.locator("[data-item]", { hasText: "Your preferences changed" }).click();
    await page.waitForURL(`${baseUrl}/preferences`);
    await page.getByRole("heading", { name: "Notification preferences" }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBe("still here");

    // Following the link closed the panel. Its footer: the full inbox and the preferences, also without a reload.
    expect(await page.getByRole("dialog").count()).toBe(0);
    await bell(page).click();
    expect(await panel.getByRole("link", { name: "Preferences", exact: true }).getAttribute("href")).toBe("/preferences");
    await panel.getByRole("link", { name: "View all", exact: true }).click();
    await page.waitForURL(`${baseUrl}/inbox`);
    await page.getByRole("heading", { name: "Inbox", exact: true }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBe("still here");
    expect(await page.getByRole("dialog").count()).toBe(0);
    await page.context().close();
  });

  it("pops up a toast for a new item while the panel is closed, opens the panel from it, and not when turned off", async () => {
    const page = await aliceAtHome();
    await page.addInitScript(countToastAnimations);
    await page.reload();
    await expect.poll(() => page.locator("main [data-item]").count(), { timeout: 5_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(300);

    await send({ title: "Build 42 passed", body: "All checks green." }, { actor: { name: "Ci Bot" } });
    const toast = toasts(page).filter({ hasText: "Build 42 passed" });
    await toast.waitFor({ timeout: 3_000 });
    expect(await page.locator("[role=status][aria-label='New notifications']").locator("[data-toast]").count()).toBe(1);
    // The shared context asks for reduced motion: the toast appears without moving.
    expect(await page.evaluate(() => (window as unknown as { __toastAnimations: number }).__toastAnimations)).toBe(0);
    await screenshot(page, "toast-light-1280");
    await toast.getByRole("button", { name: /^New notification Build 42 passed/ }).click();
    await panelOf(page).waitFor();
    expect(await toasts(page).count()).toBe(0);

    // With the panel open, nothing pops up.
    await send({ title: "Seen in the open panel" });
    await panelOf(page).locator("[data-item]", { hasText: "Seen in the open panel" }).waitFor({ timeout: 3_000 });
    expect(await toasts(page).count()).toBe(0);

    // Turned off in the panel's footer: still counted, never popped up (and remembered).
    const toggle = panelOf(page).getByRole("switch", { name: "Pop-ups for new notifications" });
    expect(await toggle.getAttribute("aria-checked")).toBe("true");
    await toggle.click();
    expect(await toggle.getAttribute("aria-checked")).toBe("false");
    await page.keyboard.press("Escape");
    await page.reload();
    await expect.poll(() => badge(page).textContent(), { timeout: 5_000 }).toMatch(/^\d+$/);
    await page.waitForTimeout(300);
    const before = await unreadCount(page);
    await send({ title: "Quietly counted" });
    await expect.poll(() => unreadCount(page), { timeout: 3_000 }).toBe(before + 1);
    await page.locator("main [data-item]", { hasText: "Quietly counted" }).waitFor();
    expect(await toasts(page).count()).toBe(0);
    await page.context().close();
  });

  it("slides a toast in when motion is welcome", async () => {
    const context: BrowserContext = await browser.newContext({ viewport: { width: 360, height: 800 }, reducedMotion: "no-preference", colorScheme: "dark" });
    await context.addInitScript(countToastAnimations);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByRole("button", { name: /Sign in as Alice Martin/ }).click();
    await page.waitForURL(`${baseUrl}/`);
    await expect.poll(() => page.locator("main [data-item]").count(), { timeout: 5_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(300);
    await send({ title: "Moving in" });
    await toasts(page).filter({ hasText: "Moving in" }).waitFor({ timeout: 3_000 });
    expect(await page.evaluate(() => (window as unknown as { __toastAnimations: number }).__toastAnimations)).toBe(1);
    // On a narrow screen it stays inside the viewport.
    const box = (await toasts(page).first().boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    await page.emulateMedia({ reducedMotion: "reduce" });
    await send({ title: "Standing still" });
    await toasts(page).filter({ hasText: "Standing still" }).waitFor({ timeout: 3_000 });
    expect(await page.evaluate(() => (window as unknown as { __toastAnimations: number }).__toastAnimations)).toBe(1);
    await screenshot(page, "toast-dark-360");
    await context.close();
  });

  it("shows the popover and the signed-in home at 360 and 1280 px, light and dark", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      for (const width of [360, 1280]) {
        const page = await aliceAtHome({ colorScheme, width });
        // The home page is an overview, not the inbox twice: a few items, the counts by type, the ways on.
        expect(await page.locator("main [data-item]").count()).toBeLessThanOrEqual(5);
        expect(await page.getByRole("region", { name: "Unread by type" }).count()).toBe(1);
        expect(await page.getByRole("navigation", { name: "Go to" }).getByRole("link").allTextContents()).toEqual(["Inbox →", "Preferences →"]);
        await screenshot(page, `home-overview-${colorScheme}-${width}`);
        await bell(page).click();
        await panelOf(page).locator("[data-item]").first().waitFor();
        const panelBox = (await panelOf(page).boundingBox())!;
        expect(panelBox.x + panelBox.width).toBeLessThanOrEqual(width);
        await screenshot(page, `popover-${colorScheme}-${width}`);
        await page.context().close();
      }
    }
  });
});
