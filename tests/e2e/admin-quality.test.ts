import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signInThroughPage } from "../support/browser";
import { createApiKeyAsAdmin } from "../support/http-session";

const baseUrl = inject("baseUrl");

describe("admin and layout quality", () => {
  let browser: Browser;
  let key: string;
  beforeAll(async () => {
    browser = await launchBrowser();
    key = await createApiKeyAsAdmin(baseUrl, "admin-quality-e2e");
  });
  afterAll(() => browser?.close());

  it("the header and every page's content start at the same left edge on a desktop", async () => {
    const page = await signInThroughPage(browser, baseUrl, "Ada Admin", { width: 1280 });
    const edges: Record<string, number> = {};
    for (const url of ["/", "/inbox", "/preferences", "/admin"]) {
      await page.goto(`${baseUrl}${url}`);
      const logo = await page.getByRole("navigation", { name: "Main" }).boundingBox();
      // The admin's side navigation comes first in its container; elsewhere the main content does.
      const main = await page.locator("main").first().evaluate((el) => (document.querySelector("aside") ?? el.firstElementChild ?? el).getBoundingClientRect().left);
      edges[url] = Math.round(main - logo!.x);
    }
    expect(edges).toEqual({ "/": 0, "/inbox": 0, "/preferences": 0, "/admin": 0 });
    await page.context().close();
  });

  it("the composer's type menu is wide enough for its longest name", async () => {
    const page = await signInThroughPage(browser, baseUrl, "Ada Admin", { width: 1280 });
    await page.goto(`${baseUrl}/admin/send`);
    const select = page.getByLabel("Notification type");
    await select.waitFor();
    const fits = await select.evaluate((el: HTMLSelectElement) => {
      const probe = document.createElement("span");
      probe.style.cssText = `position:absolute;visibility:hidden;white-space:nowrap;font:${getComputedStyle(el).font}`;
      probe.textContent = [...el.options].map((o) => o.text).sort((a, b) => b.length - a.length)[0]!;
      document.body.append(probe);
      const needed = probe.getBoundingClientRect().width;
      probe.remove();
      return el.clientWidth - needed;
    });
    // Room for the text plus the select's own padding and arrow.
    expect(fits).toBeGreaterThan(40);
    await screenshot(page, "admin-composer-type-menu");
    await page.context().close();
  });

  it("a skipped delivery's reason reads as plain words with its code beside it", async () => {
    const sent = await fetch(`${baseUrl}/api/v1/notifications`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      // Bob has no phone number: the SMS channel is skipped at planning.
      body: JSON.stringify({ to: ["bob"], type: "comment.created", channels: ["in_app", "sms"], data: { author: "Reason check", excerpt: "x", url: "/inbox" } }),
    });
    expect(sent.status).toBe(202);
    const id = ((await sent.json()) as { data: { notifications: { id: string }[] } }).data.notifications[0]!.id;
    for (const colorScheme of ["light", "dark"] as const) {
      const page = await signInThroughPage(browser, baseUrl, "Ada Admin", { width: 1280, colorScheme });
      await page.goto(`${baseUrl}/admin/deliveries/${id}`);
      const reason = page.getByText("The recipient has no phone number").first();
      await reason.waitFor();
      expect(await page.locator("code", { hasText: /^no_phone$/ }).first().isVisible()).toBe(true);
      await screenshot(page, `admin-reason-text-${colorScheme}`);
      await page.context().close();
    }
  });
});
