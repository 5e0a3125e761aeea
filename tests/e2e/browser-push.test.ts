import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signInThroughPage } from "../support/browser";

// The PostgreSQL app is started with a Firebase web config; the embedded one without.
const configured = inject("apps").find((a) => a.kind === "postgres");

describe("browser notifications offer", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("is not offered when Firebase is not configured", async () => {
    const page = await signInThroughPage(browser, inject("baseUrl"), "Alice Martin");
    await page.getByRole("heading", { name: "Notifications" }).first().waitFor();
    expect(await page.getByText("Get notified in this browser").count()).toBe(0);
    await page.goto(`${inject("baseUrl")}/preferences`);
    await page.getByRole("heading", { name: "Notification preferences" }).waitFor();
    expect(await page.getByRole("switch", { name: "Browser notifications" }).count()).toBe(0);
    await page.context().close();
  });

  it.skipIf(!configured)("is offered in the panel and on the preferences page when it is, and says why it fails", async () => {
    const baseUrl = configured!.baseUrl;
    const page = await signInThroughPage(browser, baseUrl, "Alice Martin");
    await page.context().grantPermissions(["notifications"], { origin: baseUrl });
    // The home page's notification center carries the offer (the bell's panel does too).
    const center = page.getByRole("region", { name: "Your notifications" });
    await center.getByText("Get notified in this browser even when Herald is closed.").waitFor();
    await screenshot(page, "browser-push-offer-light");

    // No push service is reachable from here, so the token request fails: the user is told, not left waiting.
    await center.getByRole("button", { name: "Enable" }).click();
    await center.getByRole("alert").filter({ hasText: "Browser notifications could not be turned on" }).waitFor({ timeout: 30_000 });
    expect(await center.getByRole("button", { name: "Try again" }).isEnabled()).toBe(true);
    await screenshot(page, "browser-push-offer-failed-light");

    await page.goto(`${baseUrl}/preferences`);
    const toggle = page.getByRole("switch", { name: "Browser notifications" });
    await toggle.waitFor();
    expect(await toggle.getAttribute("aria-checked")).toBe("false");
    await screenshot(page, "browser-push-preferences-light");
    await page.context().close();
  });
});
