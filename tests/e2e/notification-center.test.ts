import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, screenshot, signInThroughPage } from "../support/browser";
import { createApiKeyAsAdmin } from "../support/http-session";

const baseUrl = inject("baseUrl");

const signInAs = (browser: Browser, name: string, colorScheme: "light" | "dark" = "light", width = 1280) =>
  signInThroughPage(browser, baseUrl, name, { colorScheme, width });

const badge = (page: Page) => page.getByTestId("unread-badge");

describe("notification center", () => {
  let browser: Browser;
  let key: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    key = await createApiKeyAsAdmin(baseUrl, "center-e2e");
  });
  afterAll(() => browser?.close());

  const send = (to: string, title: string) =>
    fetch(`${baseUrl}/api/v1/notifications`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ to: [to], content: { in_app: { title, body: "Sent from the end-to-end test" } } }),
    });

  it("shows a new notification in the badge within a second, live, and only to its recipient", async () => {
    const alice = await signInAs(browser, "Alice Martin");
    const bob = await signInAs(browser, "Bob Chen");
    // Loaded: the list is shown (and with it the counts behind the badge).
    for (const page of [alice, bob]) await expect.poll(() => page.locator("[data-item]").count(), { timeout: 5_000 }).toBeGreaterThan(0);
    await expect.poll(() => badge(alice).textContent(), { timeout: 5_000 }).toMatch(/^\d+$/);
    const before = Number(await badge(alice).textContent());
    const bobBefore = (await badge(bob).count()) ? Number(await badge(bob).textContent()) : 0;
    await screenshot(alice, "bell-light");
    // Let the live stream settle before measuring.
    await alice.waitForTimeout(500);
    const sentAt = Date.now();
    expect((await send("alice", "Deploy finished")).status).toBe(202);
    await expect.poll(() => badge(alice).textContent(), { timeout: 1_000, interval: 25 }).toBe(String(before + 1));
    console.log(`badge updated ${Date.now() - sentAt} ms after the 202`);
    await bob.waitForTimeout(500);
    expect((await badge(bob).count()) ? Number(await badge(bob).textContent()) : 0).toBe(bobBefore);

    await alice.getByRole("button", { name: /Notifications, \d+ unread/ }).click();
    const panel = alice.getByRole("dialog", { name: "Notifications" });
    await expect.poll(() => panel.getByText("Deploy finished").count()).toBe(1);
    await screenshot(alice, "center-open-light");
    await panel.getByText("Deploy finished").click();
    await expect.poll(() => badge(alice).textContent()).toBe(String(before));
    expect(await bob.getByText("Deploy finished").count()).toBe(0);
    await alice.context().close();
    await bob.context().close();
  });

  it("keeps a second tab in step live, and catches up after the connection was cut", async () => {
    const first = await signInAs(browser, "Alice Martin");
    const context = first.context();
    const second = await context.newPage();
    await second.goto(`${baseUrl}/inbox`);
    await second.bringToFront();
    await expect.poll(() => second.locator("[data-item]").count()).toBeGreaterThan(0);
    await expect.poll(() => badge(second).textContent(), { timeout: 5_000 }).toMatch(/^\d+$/);
    const unreadBefore = Number(await badge(second).textContent());
    await second.waitForTimeout(500);

    expect((await send("alice", "Seen in two tabs")).status).toBe(202);
    const item = (page: Page, text: string) => page.locator("[data-item]", { hasText: text });
    await expect.poll(() => item(second, "Seen in two tabs").count(), { timeout: 3_000 }).toBe(1);
    await expect.poll(() => badge(second).textContent()).toBe(String(unreadBefore + 1));
    const unreadInSecond = unreadBefore + 1;
    // Reading it in the first tab updates the second without a reload. (A hidden tab pauses
    // its stream and resyncs when shown again, so each tab is brought to the front in turn.)
    await first.bringToFront();
    await expect.poll(() => item(first, "Seen in two tabs").count()).toBeGreaterThan(0);
    await item(first, "Seen in two tabs").first().click();
    await expect.poll(() => badge(first).textContent().catch(() => "0")).toBe(String(unreadInSecond - 1));
    await second.bringToFront();
    await expect.poll(() => badge(second).textContent().catch(() => "0")).toBe(String(unreadInSecond - 1));

    // Cut the live connection, send meanwhile, restore: the missed notification shows up.
    // Offline, the bell says so; back online, it reconnects at once instead of after a backoff
    // that grew while the network was away.
    await context.setOffline(true);
    await expect.poll(() => second.getByTestId("live-status-dot").getAttribute("data-status")).toBe("offline");
    expect((await send("alice", "Sent while offline")).status).toBe(202);
    await second.waitForTimeout(2_000);
    await context.setOffline(false);
    await expect.poll(() => item(second, "Sent while offline").count(), { timeout: 3_000, interval: 50 }).toBe(1);
    expect(await second.getByTestId("live-status-dot").count()).toBe(0);
    await screenshot(second, "inbox-light");
    await context.close();
  });

  it("filters the full inbox by type and archives a selection in bulk", async () => {
    const page = await signInAs(browser, "Alice Martin", "dark");
    await page.goto(`${baseUrl}/inbox`);
    await expect.poll(() => page.locator("[data-item]").count()).toBeGreaterThan(1);
    await page.getByLabel("Type").selectOption("mention");
    await expect.poll(() => page.locator("[data-item]").count()).toBe(1);
    expect(await page.locator("[data-item]", { hasText: "Priya mentioned you" }).count()).toBe(1);
    await page.getByRole("checkbox", { name: /Select "Priya mentioned you"/ }).check();
    await page.getByRole("button", { name: "Archive selected" }).click();
    await expect.poll(() => page.locator("[data-item]").count()).toBe(0);
    await page.getByRole("tab", { name: "Archived" }).click();
    await expect.poll(() => page.locator("[data-item]", { hasText: "Priya mentioned you" }).count()).toBe(1);
    await screenshot(page, "inbox-dark");
    await page.getByRole("checkbox", { name: /Select "Priya mentioned you"/ }).check();
    await page.getByRole("button", { name: "Unarchive selected" }).click();
    await expect.poll(() => page.locator("[data-item]").count()).toBe(0);
    await page.context().close();
  });

  it("works from the keyboard: tabs, arrow keys through items, Escape returns focus to the bell", async () => {
    const page = await signInAs(browser, "Alice Martin", "dark", 390);
    const bell = page.getByRole("button", { name: /^Notifications/ });
    await bell.focus();
    await page.keyboard.press("Enter");
    const panel = page.getByRole("dialog", { name: "Notifications" });
    await expect.poll(() => panel.getByRole("tab", { name: "All" }).evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => panel.locator("[data-item]").count()).toBeGreaterThan(1);
    await panel.locator("[data-item]").first().focus();
    await page.keyboard.press("ArrowDown");
    expect(await panel.locator("[data-item]").nth(1).evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, "center-open-dark-mobile");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
    expect(await bell.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.getByRole("button", { name: /^Notifications/ }).click();
    await panel.getByRole("tab", { name: "Archived" }).click();
    await expect.poll(() => panel.getByText("New sign-in from Lisbon, PT").count()).toBe(1);
    await page.context().close();
  });
});
