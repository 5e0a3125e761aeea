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
    // In-app only once email is off: decided and delivered by the accept itself, no run needed.
    const detail = await waitFor(
      async () => {
        const body = (await (await fetch(`${baseUrl}/api/admin/notifications/${id}`, { headers: { cookie: admin } })).json()).data;
        return body && !body.inProgress ? (body as { notification: { status: string }; deliveries: { channel: string; status: string }[] }) : undefined;
      },
      { what: "the notification to be final", timeoutMs: 5_000, intervalMs: 100 },
    );
    expect(detail.notification.status).toBe("delivered");
    expect(detail.deliveries.map((d) => [d.channel, d.status]).sort()).toEqual([["email", "skipped"], ["in_app", "delivered"]]);

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
