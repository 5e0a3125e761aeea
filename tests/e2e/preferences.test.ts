import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, screenshot, signInThroughPage } from "../support/browser";
import { createApiKeyAsAdmin, signInCookie } from "../support/http-session";
import { waitFor } from "../support/wait-for";

const baseUrl = inject("baseUrl");

describe("preferences page", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("saves a change that persists and steers the next send; critical rows stay locked", async () => {
    const page = await signInThroughPage(browser, baseUrl, "Alice Martin");
    const context = page.context();
    await page.getByRole("link", { name: "Preferences" }).click();
    await page.waitForURL(`${baseUrl}/preferences`);

    const emailForComments = page.getByRole("checkbox", { name: "New comment by Email" });
    expect(await emailForComments.isChecked()).toBe(true);
    expect(await page.getByRole("checkbox", { name: "Security alert by SMS" }).isDisabled()).toBe(true);
    await emailForComments.uncheck();
    await page.getByRole("button", { name: "Save preferences" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/Saved/);
    await screenshot(page, "preferences-light");
    await page.reload();
    expect(await page.getByRole("checkbox", { name: "New comment by Email" }).isChecked()).toBe(false);

    // The next comment notification skips email for alice.
    const admin = await signInCookie(baseUrl, "admin@example.com");
    const key = await createApiKeyAsAdmin(baseUrl, "prefs");
    const sent = await fetch(`${baseUrl}/api/v1/notifications`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ to: ["alice"], type: "comment.created", data: { author: "Pat", excerpt: "hi", url: "/" } }),
    });
    const id = (await sent.json()).data.notifications[0].id;
    const output = await waitFor(
      async () => {
        const runs = (await (await fetch(`${baseUrl}/api/admin/runs?functionId=herald-deliver-notification&limit=20`, { headers: { cookie: admin } })).json()).data;
        const run = runs.find((r: { event: { data: { notificationId: string } }; status: string }) => r.event.data.notificationId === id && r.status === "completed");
        return run?.output as { delivered: number; skipped: number } | undefined;
      },
      { what: "the delivery run to complete", timeoutMs: 5_000, intervalMs: 100 },
    );
    expect(output).toMatchObject({ status: "delivered", delivered: 1, skipped: 1 });

    await page.getByRole("checkbox", { name: "New comment by Email" }).check();
    await page.getByRole("button", { name: "Save preferences" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/Saved/);
    await context.close();

    const mobile = await signInThroughPage(browser, baseUrl, "Bob Chen", { colorScheme: "dark", width: 375 });
    await mobile.goto(`${baseUrl}/preferences`);
    await screenshot(mobile, "preferences-dark-mobile");
    await mobile.context().close();
  });
});
