import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newContext, screenshot, signInThroughPage } from "../support/browser";
import { createApiKeyAsAdmin } from "../support/http-session";

const baseUrl = inject("baseUrl");

describe("everyday quality", () => {
  let browser: Browser;
  let key: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    key = await createApiKeyAsAdmin(baseUrl, "everyday-e2e");
  });
  afterAll(() => browser?.close());

  it("below 640 px a menu button reaches Inbox and Preferences, by keyboard too; Escape closes it and gives focus back", async () => {
    const page = await signInThroughPage(browser, baseUrl, "Alice Martin", { width: 360 });
    const menu = page.getByRole("button", { name: "Menu" });
    expect(await menu.isVisible()).toBe(true);
    expect(await page.getByRole("banner").getByRole("link", { name: "Inbox", exact: true }).isVisible()).toBe(false);
    await menu.focus();
    await page.keyboard.press("Enter");
    expect(await menu.getAttribute("aria-expanded")).toBe("true");
    await screenshot(page, "mobile-nav-open-light");
    await page.keyboard.press("Escape");
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    expect(await menu.evaluate((el) => el === document.activeElement)).toBe(true);

    await menu.click();
    await page.getByRole("banner").getByRole("link", { name: "Preferences" }).click();
    await page.waitForURL(`${baseUrl}/preferences`);
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    await page.context().close();

    // On a desktop the links are in the header itself and there is no menu button.
    const desktop = await signInThroughPage(browser, baseUrl, "Alice Martin", { width: 1280 });
    expect(await desktop.getByRole("button", { name: "Menu" }).isVisible()).toBe(false);
    expect(await desktop.getByRole("banner").getByRole("link", { name: "Inbox", exact: true }).isVisible()).toBe(true);
    await desktop.context().close();
  });

  it("a long body is clamped to two lines with Show more, which expands and collapses it", async () => {
    const body = "A very long body that keeps going. ".repeat(30);
    const sent = await fetch(`${baseUrl}/api/v1/notifications`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ to: ["bob"], content: { in_app: { title: "Long read", body } } }),
    });
    expect(sent.status).toBe(202);
    const page = await signInThroughPage(browser, baseUrl, "Bob Chen", { width: 1280, colorScheme: "dark" });
    await page.getByRole("button", { name: /Notifications/ }).first().click();
    const panel = page.getByRole("dialog", { name: "Notifications" });
    const item = panel.locator("li", { hasText: "Long read" }).first();
    await expect.poll(() => item.count(), { timeout: 5_000 }).toBe(1);
    const text = item.locator("[data-item-body]");
    const lineHeight = await text.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
    const clampedHeight = (await text.boundingBox())!.height;
    expect(clampedHeight).toBeLessThanOrEqual(lineHeight * 2 + 1);
    await screenshot(page, "long-body-clamped-dark");
    await item.getByRole("button", { name: "Show more" }).click();
    await expect.poll(async () => (await text.boundingBox())!.height).toBeGreaterThan(lineHeight * 4);
    await item.getByRole("button", { name: "Show less" }).click();
    await expect.poll(async () => (await text.boundingBox())!.height).toBeLessThanOrEqual(lineHeight * 2 + 1);
    // A short body gets no Show more.
    expect(await panel.locator("li", { hasNotText: "Long read" }).getByRole("button", { name: "Show more" }).count()).toBe(0);
    await page.context().close();
  });

  it("type icons are SVG, not emoji that need a font", async () => {
    const page = await signInThroughPage(browser, baseUrl, "Alice Martin", { width: 1280 });
    const items = page.locator("main [data-item]");
    await expect.poll(() => items.count(), { timeout: 5_000 }).toBeGreaterThan(1);
    const count = await items.count();
    expect(await page.locator("main [data-item] svg[data-type-icon]").count()).toBe(count);
    const glyphs = await items.evaluateAll((rows) => rows.map((row) => row.querySelector("[data-type-icon]")?.closest("span")?.textContent ?? ""));
    expect(glyphs.every((text) => text.trim() === "")).toBe(true);
    await screenshot(page, "type-icons-light");
    await page.context().close();
  });

  it("an unknown URL is Herald's own 404 page, with a way back", async () => {
    const response = await fetch(`${baseUrl}/no/such/page`);
    expect(response.status).toBe(404);
    const context = await newContext(browser, { width: 360 });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/no/such/page`);
    expect(await page.getByRole("heading", { name: "There is no page here" }).isVisible()).toBe(true);
    expect(await page.title()).toBe("Page not found · Herald");
    await screenshot(page, "not-found-mobile");
    await page.getByRole("link", { name: "Back to your notifications" }).click();
    await page.waitForURL((url) => url.pathname === "/" || url.pathname.startsWith("/sign-in"));
    await context.close();
  });
});
