import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { launchBrowser, screenshot, signInThroughPage } from "../support/browser";
import { createApiKeyAsAdmin, signInCookie } from "../support/http-session";
import { waitFor } from "../support/wait-for";

const baseUrl = inject("baseUrl");

const checked = async (control: Locator) => (await control.getAttribute("aria-checked")) === "true";
const toast = (page: Page) => page.locator('[role="status"][aria-live="polite"]');

async function openPreferences(page: Page) {
  await page.goto(`${baseUrl}/preferences`);
  await page.getByRole("heading", { name: "Notification preferences" }).waitFor();
  // Switches answer clicks only once the page is hydrated, which the zone picker's options show.
  await page.locator("datalist option").first().waitFor({ state: "attached" });
}

describe("preferences page", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("proposes the browser's time zone for quiet hours, searchable, and checks it before saving", async () => {
    // Alice's recipient zone is America/Los_Angeles; the browser's wins while she has none saved.
    const context = await browser.newContext({ timezoneId: "Europe/Berlin", viewport: { width: 1280, height: 800 }, reducedMotion: "reduce" });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByRole("button", { name: /Sign in as Alice Martin/ }).click();
    await page.waitForURL(`${baseUrl}/`);
    await openPreferences(page);

    const zone = page.getByRole("combobox", { name: "Time zone" });
    expect(await zone.inputValue()).toBe("Europe/Berlin");
    expect(await page.getByText("This browser's time zone.").isVisible()).toBe(true);
    const options = await page.locator("datalist option").evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value));
    expect(options).toContain("Asia/Tokyo");
    expect(options.length).toBeGreaterThan(300);

    await page.getByRole("checkbox", { name: /Hold email, SMS and push back/ }).check();
    await zone.fill("Mars/Olympus");
    await page.getByRole("button", { name: "Save quiet hours" }).click();
    await page.getByText("Pick a time zone from the list, e.g. Europe/Berlin.").waitFor();
    expect(await zone.getAttribute("aria-invalid")).toBe("true");

    await zone.fill("asia/tokyo");
    await page.getByRole("button", { name: "Save quiet hours" }).click();
    await page.getByText("Quiet hours saved.").waitFor();
    await page.reload();
    expect(await page.getByRole("combobox", { name: "Time zone" }).inputValue()).toBe("Asia/Tokyo");
    expect(await page.getByText("This browser's time zone.").count()).toBe(0);

    // The server refuses what is not a zone, naming the field, whatever the page allowed.
    const alice = await signInCookie(baseUrl, "alice@example.com");
    const refused = await fetch(`${baseUrl}/api/preferences`, {
      method: "PUT",
      headers: { cookie: alice, "content-type": "application/json" },
      body: JSON.stringify({ quietHours: { enabled: true, start: "22:00", end: "07:00", timezone: "+01:00" } }),
    });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.issues).toEqual([{ path: "quietHours.timezone", message: "expected an IANA time zone, e.g. Europe/Berlin" }]);

    // Put Alice back as the seed left her: no quiet hours.
    const reset = await fetch(`${baseUrl}/api/preferences`, { method: "PUT", headers: { cookie: alice, "content-type": "application/json" }, body: JSON.stringify({ quietHours: null }) });
    expect(reset.status).toBe(200);
    await context.close();
  });

  it("groups types by category, explains the channels once, and saves each switch at once; the change persists and steers the next send", async () => {
    const page = await signInThroughPage(browser, baseUrl, "Alice Martin");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Preferences" }).click();
    await page.waitForURL(`${baseUrl}/preferences`);
    await openPreferences(page);

    const headings = await page.locator("main h2").allTextContents();
    expect(headings).toEqual(["How Herald reaches you", "Activity", "Account & security", "Digests", "Other", "Quiet hours"]);
    const activity = page.getByRole("region", { name: "Activity" });
    expect(await activity.getByText("Someone commented on your post.").isVisible()).toBe(true);
    const legend = page.getByRole("region", { name: "How Herald reaches you" });
    expect(await legend.getByText(": to alice@example.com").isVisible()).toBe(true);
    expect(await legend.getByText(": in the bell and your inbox").isVisible()).toBe(true);
    expect(await legend.getByText(": text messages to +14155550101").isVisible()).toBe(true);
    // No type uses webhooks, so they are not explained.
    expect(await legend.getByText("Webhook").count()).toBe(0);
    // A type shows only the channels it uses: the weekly digest is email only.
    const digest = page.getByRole("region", { name: "Digests" });
    expect(await digest.getByRole("switch").allTextContents()).toEqual(["Email"]);

    // Critical types are locked, and say why.
    const securitySms = page.getByRole("switch", { name: "Security alert by SMS" });
    expect(await securitySms.isDisabled()).toBe(true);
    expect(await checked(securitySms)).toBe(true);
    expect(await page.getByText(/Always on: it protects your account/).isVisible()).toBe(true);
    expect(await securitySms.getAttribute("aria-describedby")).toBe("locked-security.alert");

    expect(await page.getByRole("button", { name: "Save preferences" }).count()).toBe(0);
    const emailForComments = page.getByRole("switch", { name: "New comment by Email" });
    expect(await checked(emailForComments)).toBe(true);
    const saved = page.waitForResponse((r) => r.url().endsWith("/api/preferences") && r.request().method() === "PUT");
    await emailForComments.click();
    expect((await saved).status()).toBe(200);
    expect(await checked(emailForComments)).toBe(false);
    await expect.poll(() => toast(page).textContent()).toMatch(/Saved: New comment by Email off\./);
    expect(await toast(page).getByRole("button", { name: "Undo" }).isVisible()).toBe(true);
    await screenshot(page, "preferences-saved-light");
    await page.reload();
    expect(await checked(page.getByRole("switch", { name: "New comment by Email" }))).toBe(false);

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

    // Back on, as the seed had it: the app is shared with the other end-to-end files.
    await page.getByRole("switch", { name: "New comment by Email" }).click();
    await expect.poll(() => toast(page).textContent()).toMatch(/Saved: New comment by Email on\./);
    await page.context().close();
  });

  it("Undo restores the switch and what is saved; focus returns to the switch", async () => {
    const page = await signInThroughPage(browser, baseUrl, "Bob Chen");
    await openPreferences(page);
    const mention = page.getByRole("switch", { name: "Mention by Push" });
    expect(await checked(mention)).toBe(true);
    await mention.click();
    await expect.poll(() => toast(page).textContent()).toMatch(/Saved: Mention by Push off/);
    const restored = page.waitForResponse((r) => r.url().endsWith("/api/preferences") && r.request().method() === "PUT");
    await toast(page).getByRole("button", { name: "Undo" }).click();
    expect((await restored).status()).toBe(200);
    expect(await checked(mention)).toBe(true);
    await expect.poll(() => toast(page).textContent()).toMatch(/Undone: Mention by Push on again/);
    expect(await mention.evaluate((el) => el === document.activeElement)).toBe(true);
    // An undo is not itself undone from the toast.
    expect(await toast(page).getByRole("button", { name: "Undo" }).count()).toBe(0);
    await page.reload();
    expect(await checked(page.getByRole("switch", { name: "Mention by Push" }))).toBe(true);

    const bob = await signInCookie(baseUrl, "bob@example.com");
    const stored = (await (await fetch(`${baseUrl}/api/preferences`, { headers: { cookie: bob } })).json()).data;
    expect(stored.types.find((t: { key: string }) => t.key === "mention").channels.push).toBe(true);
    await page.context().close();
  });

  it("a failed save puts the switch back and says so", async () => {
    const page = await signInThroughPage(browser, baseUrl, "Bob Chen");
    await openPreferences(page);
    await page.route(`${baseUrl}/api/preferences`, (route) =>
      route.request().method() === "PUT"
        ? route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "The database is unavailable; try again shortly." } }) })
        : route.continue(),
    );
    const digest = page.getByRole("switch", { name: "Weekly digest by Email" });
    expect(await checked(digest)).toBe(true);
    await digest.click();
    const alert = page.getByRole("alert").filter({ hasText: "Not saved" });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Not saved: Weekly digest by Email off\. The database is unavailable; try again shortly\. The switch is back as it was\./);
    expect(await checked(digest)).toBe(true);
    await screenshot(page, "preferences-save-failed-light");
    await page.unroute(`${baseUrl}/api/preferences`);

    const bob = await signInCookie(baseUrl, "bob@example.com");
    const stored = (await (await fetch(`${baseUrl}/api/preferences`, { headers: { cookie: bob } })).json()).data;
    expect(stored.types.find((t: { key: string }) => t.key === "digest.weekly").channels.email).toBe(true);
    await page.context().close();
  });

  it("switches work from the keyboard alone and keep focus", async () => {
    const page = await signInThroughPage(browser, baseUrl, "Bob Chen");
    await openPreferences(page);
    const allEmail = page.getByRole("switch", { name: "Email for all notifications" });
    await allEmail.focus();
    // Tab moves from the channel switch to the next one, in reading order.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("SMS for all notifications");
    await page.keyboard.press("Shift+Tab");

    await page.keyboard.press("Space");
    await expect.poll(() => toast(page).textContent()).toMatch(/Saved: All notifications by Email off/);
    expect(await checked(allEmail)).toBe(false);
    expect(await allEmail.evaluate((el) => el === document.activeElement)).toBe(true);
    // With email off for everything, the per-type email switches are off and say why.
    const commentEmail = page.getByRole("switch", { name: "New comment by Email" });
    expect(await commentEmail.isDisabled()).toBe(true);
    expect(await commentEmail.getAttribute("aria-describedby")).toBe("channel-off-email");
    await screenshot(page, "preferences-email-off-light");

    await page.keyboard.press("Enter");
    await expect.poll(() => toast(page).textContent()).toMatch(/Saved: All notifications by Email on/);
    expect(await checked(allEmail)).toBe(true);
    expect(await commentEmail.isDisabled()).toBe(false);

    // Ctrl+Z undoes the last change without leaving the switch.
    await commentEmail.focus();
    await page.keyboard.press("Space");
    await expect.poll(() => toast(page).textContent()).toMatch(/Saved: New comment by Email off/);
    const undone = page.waitForResponse((r) => r.url().endsWith("/api/preferences") && r.request().method() === "PUT");
    await page.keyboard.press("Control+z");
    expect((await undone).status()).toBe(200);
    await expect.poll(() => toast(page).textContent()).toMatch(/Undone: New comment by Email on again/);
    expect(await checked(commentEmail)).toBe(true);
    expect(await commentEmail.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.context().close();
  });

  it("an admin files a type under a category, and the preferences page follows", async () => {
    const admin = await signInThroughPage(browser, baseUrl, "Ada Admin");
    const setCategory = async (category: string) => {
      await admin.goto(`${baseUrl}/admin/templates/task.assigned`);
      const settings = admin.getByRole("form", { name: "Type settings" });
      await settings.getByLabel("Category (optional)").fill(category);
      await settings.getByRole("button", { name: "Save settings" }).click();
      await settings.getByText("Settings saved.").waitFor();
    };
    await setCategory("Work");
    await screenshot(admin, "admin-type-category-light");

    const alice = await signInThroughPage(browser, baseUrl, "Alice Martin");
    await openPreferences(alice);
    expect(await alice.locator("main h2").allTextContents()).toEqual(["How Herald reaches you", "Activity", "Account & security", "Digests", "Work", "Other", "Quiet hours"]);
    expect(await alice.getByRole("region", { name: "Work" }).getByText("Task assigned").isVisible()).toBe(true);

    await setCategory("Activity");
    await alice.reload();
    expect(await alice.getByRole("region", { name: "Work" }).count()).toBe(0);
    await admin.context().close();
    await alice.context().close();
  });

  it("reads well at 360 and 1280 px, light and dark", async () => {
    for (const [width, colorScheme] of [[1280, "dark"], [360, "light"], [360, "dark"]] as const) {
      const page = await signInThroughPage(browser, baseUrl, "Alice Martin", { width, colorScheme });
      await openPreferences(page);
      // Nothing is wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.getByRole("switch", { name: "Mention by Push" }).click();
      await expect.poll(() => toast(page).textContent()).toMatch(/Saved/);
      await screenshot(page, `preferences-${width}-${colorScheme}`);
      await toast(page).getByRole("button", { name: "Undo" }).click();
      await expect.poll(() => toast(page).textContent()).toMatch(/Undone/);
      await page.context().close();
    }
  });
});
