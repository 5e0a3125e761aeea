import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, newContext, screenshot } from "../support/browser";

describe("local sign-in", () => {
  const baseUrl = inject("baseUrl");
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("alice signs in through the page and sees her name", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    // Signed out on the embedded default, the first screen is the newcomer's: it leads to sign-in.
    await page.goto(baseUrl);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Herald is running");
    await page.getByRole("link", { name: "pick another demo user" }).click();
    await page.waitForURL(/\/sign-in$/);
    await screenshot(page, "sign-in-light");
    await page.getByRole("button", { name: /Sign in as Alice Martin/ }).click();
    await page.waitForURL(`${baseUrl}/`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Welcome back, Alice Martin");
    expect(await page.getByTestId("current-user").textContent()).toBe("Alice Martin");
    await expect.poll(() => page.locator("[data-item]").count()).toBeGreaterThan(0);
    // Seeded data: bob's items never show on alice's page.
    expect(await page.getByText("Thanks for the review!").count()).toBe(0);
    await screenshot(page, "home-alice-light");
    await context.close();
  });

  it("an unknown email shows an error next to the field, and sign-out ends the session", async () => {
    const context = await newContext(browser, { colorScheme: "dark", width: 375 });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel("Or sign in by email").fill("mallory@example.com");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect.poll(() => page.locator("#sign-in-error").textContent()).toMatch(/No user with the email mallory@example.com/);
    await screenshot(page, "sign-in-error-dark-mobile");

    await page.getByLabel("Or sign in by email").fill("bob@example.com");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${baseUrl}/`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Welcome back, Bob Chen");
    await expect.poll(() => page.locator("[data-item]").count()).toBeGreaterThan(0);
    await screenshot(page, "home-bob-dark-mobile");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in$/);
    // Signed out again: the inbox sends to sign-in, and the home page is the newcomer's again.
    await page.goto(`${baseUrl}/inbox`);
    await page.waitForURL(/\/sign-in$/);
    await page.goto(baseUrl);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Herald is running");
    await context.close();
  });
});
