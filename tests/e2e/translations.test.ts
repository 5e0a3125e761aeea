import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { SignJWT } from "jose";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "../support/browser";
import { startApp, type RunningApp } from "../support/start-app";

const SECRET = "translations-host-secret-0123456789abcdef";

/** A context whose browser speaks `locale` (navigator.language and Accept-Language). */
const localeContext = (browser: Browser, locale: string, width = 1280): Promise<BrowserContext> =>
  browser.newContext({ locale, colorScheme: "light", viewport: { width, height: 800 }, reducedMotion: "reduce" });

describe("the end-user pages speak the browser's language", () => {
  const baseUrl = inject("baseUrl");
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("German for a de-DE browser: sign-in, header, navigation, home, inbox and the bell", async () => {
    const context = await localeContext(browser, "de-DE");
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    expect(await page.locator("html").getAttribute("lang")).toBe("de");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Bei Herald anmelden");
    await page.getByRole("button", { name: /Als Alice Martin anmelden/ }).click();
    await page.waitForURL(`${baseUrl}/`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Willkommen zurück, Alice Martin");
    const nav = page.getByRole("navigation", { name: "Hauptnavigation" });
    expect(await nav.getByRole("link", { name: "Posteingang", exact: true }).count()).toBe(1);
    expect(await nav.getByRole("link", { name: "Einstellungen", exact: true }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Abmelden" }).count()).toBe(1);
    // The summary follows the unread count, which loads after the page.
    await expect.poll(() => page.getByText(/^Sie haben \d+ ungelesene Benachrichtigung(en)?\.$|^Sie sind auf dem neuesten Stand\.$/).count()).toBe(1);

    await page.goto(`${baseUrl}/inbox`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Posteingang");
    await page.locator("[data-item]").first().waitFor();
    expect(await page.getByRole("tablist", { name: "Benachrichtigungen filtern" }).count()).toBe(1);
    expect(await page.getByRole("tab", { name: /^Alle/ }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Alle als gelesen markieren" }).count()).toBe(1);
    expect(await page.getByLabel("Alle auswählen").count()).toBe(1);
    await screenshot(page, "de-inbox-1280");

    await page.getByRole("button", { name: /^Benachrichtigungen/ }).click();
    const panel = page.getByRole("dialog", { name: "Benachrichtigungen" });
    await panel.locator("[data-item]").first().waitFor();
    expect(await panel.getByText("Pop-ups für neue Benachrichtigungen").count()).toBe(1);
    expect(await panel.getByRole("link", { name: "Alle anzeigen" }).count()).toBe(1);
    await screenshot(page, "de-bell-1280");
    await context.close();
  });

  it("German on the preferences page and on a newcomer's first screen", async () => {
    const context = await localeContext(browser, "de-DE");
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByRole("button", { name: /Als Alice Martin anmelden/ }).click();
    await page.waitForURL(`${baseUrl}/`);
    await page.goto(`${baseUrl}/preferences`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Benachrichtigungseinstellungen");
    expect(await page.title()).toBe("Einstellungen · Herald");
    // Switches answer clicks only once the page is hydrated, which the zone picker's options show.
    await page.locator("datalist option").first().waitFor({ state: "attached" });

    const legend = page.getByRole("region", { name: "Wie Herald Sie erreicht" });
    expect(await legend.getByText("E-Mail", { exact: true }).isVisible()).toBe(true);
    expect(await legend.getByText(": an alice@example.com").isVisible()).toBe(true);
    expect(await legend.getByText(": in der Glocke und in Ihrem Posteingang").isVisible()).toBe(true);
    expect(await page.getByRole("switch", { name: "E-Mail für alle Benachrichtigungen" }).count()).toBe(1);
    expect(await page.getByRole("heading", { level: 2, name: "Aktivität" }).count()).toBe(1);
    expect(await page.getByRole("heading", { level: 2, name: "Konto & Sicherheit" }).count()).toBe(1);
    expect(await page.getByText(/Immer an: Dieser Typ schützt Ihr Konto/).isVisible()).toBe(true);

    // Type names are data and stay as the admin wrote them; the words around them are German.
    const commentEmail = page.getByRole("switch", { name: "New comment per E-Mail" });
    expect(await commentEmail.getAttribute("aria-checked")).toBe("true");
    const toast = page.locator('[role="status"][aria-live="polite"]');
    await commentEmail.click();
    await expect.poll(() => toast.textContent()).toMatch(/Gespeichert: New comment per E-Mail aus\./);
    await toast.getByRole("button", { name: "Rückgängig" }).click();
    await expect.poll(() => toast.textContent()).toMatch(/Rückgängig gemacht: New comment per E-Mail wieder an\./);
    expect(await commentEmail.getAttribute("aria-checked")).toBe("true");

    expect(await page.getByRole("heading", { level: 2, name: "Ruhezeiten" }).count()).toBe(1);
    expect(await page.getByRole("checkbox", { name: "E-Mail, SMS und Push während der Ruhezeiten zurückhalten (In-App-Benachrichtigungen kommen weiterhin an, ohne Ton)" }).count()).toBe(1);
    expect(await page.getByRole("combobox", { name: "Zeitzone" }).getAttribute("placeholder")).toBe("Suchen, z. B. Berlin");
    expect(await page.getByRole("button", { name: "Ruhezeiten speichern" }).count()).toBe(1);
    await screenshot(page, "de-preferences-1280");
    await context.close();

    const newcomer = await localeContext(browser, "de-DE");
    const first = await newcomer.newPage();
    await first.goto(`${baseUrl}/`);
    expect(await first.getByRole("heading", { level: 1 }).textContent()).toBe("Herald läuft");
    expect(await first.getByText(/^Ein Benachrichtigungscenter für Ihre App/).count()).toBe(1);
    const steps = first.getByRole("region", { name: "Herald in drei Schritten ausprobieren" }).getByRole("listitem");
    expect(await steps.locator("h3").allTextContents()).toEqual(["Als Demo-Benutzer anmelden", "Testbenachrichtigung senden", "Die Glocke öffnen"]);
    expect(await first.getByRole("button", { name: "Als Alice Martin anmelden" }).count()).toBe(1);
    expect(await first.getByRole("link", { name: "einen anderen Demo-Benutzer wählen" }).count()).toBe(1);
    await screenshot(first, "de-newcomer-1280");
    await newcomer.close();
  });

  it("German at 360 px: the menu and its links", async () => {
    const context = await localeContext(browser, "de-DE", 360);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await screenshot(page, "de-sign-in-360");
    await page.getByRole("button", { name: /Als Bob Chen anmelden/ }).click();
    await page.waitForURL(`${baseUrl}/`);
    await page.getByRole("button", { name: "Menü" }).click();
    expect(await page.getByRole("link", { name: "Posteingang", exact: true }).first().isVisible()).toBe(true);
    await screenshot(page, "de-home-menu-360");
    await page.keyboard.press("Escape");
    await page.goto(`${baseUrl}/inbox`);
    await page.locator("[data-item]").first().waitFor();
    await screenshot(page, "de-inbox-360");
    await context.close();
  });

  it("English for an en-US browser, and for a German one that chose English (the herald_locale cookie)", async () => {
    const english = await localeContext(browser, "en-US");
    const page = await english.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Sign in to Herald");
    await page.getByRole("button", { name: /Sign in as Alice Martin/ }).click();
    await page.waitForURL(`${baseUrl}/`);
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.getByRole("link", { name: "Inbox", exact: true }).count()).toBe(1);
    await english.close();

    const chose = await localeContext(browser, "de-DE");
    await chose.addCookies([{ name: "herald_locale", value: "en", url: baseUrl }]);
    const other = await chose.newPage();
    await other.goto(`${baseUrl}/sign-in`);
    expect(await other.locator("html").getAttribute("lang")).toBe("en");
    expect(await other.getByRole("heading", { level: 1 }).textContent()).toBe("Sign in to Herald");
    await chose.close();
  });

  it("the error pages speak it too", async () => {
    const context = await localeContext(browser, "de-DE");
    const page = await context.newPage();
    const response = await page.goto(`${baseUrl}/no-such-page`);
    expect(response?.status()).toBe(404);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Diese Seite gibt es nicht");
    await context.close();
  });
});

/**
 * The embeddable bell on a host app's page (its own origin), against a Herald that accepts the
 * host's user tokens: German from the browser's language, or when the host asks for it.
 */
describe("the embedded bell's language", () => {
  let app: RunningApp;
  let host: http.Server;
  let hostOrigin: string;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    host = http.createServer();
    await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
    hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-i18n-e2e-"));
    app = await startApp({ LOG_LEVEL: "warn", DATABASE_URL: "", HERALD_DATA_DIR: dataDir, HERALD_USER_TOKEN_SECRET: SECRET, HERALD_CORS_ORIGINS: hostOrigin });
    const token = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("bob").setAudience("herald").setExpirationTime("10m").sign(new TextEncoder().encode(SECRET));
    host.on("request", (req, res) => {
      const locale = new URL(req.url ?? "/", hostOrigin).searchParams.get("locale");
      const options = `{ heraldUrl: ${JSON.stringify(app.baseUrl)}, getToken: () => ${JSON.stringify(token)}${locale ? `, locale: ${JSON.stringify(locale)}` : ""} }`;
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Host app</title></head>
<body style="font-family: sans-serif; margin: 0"><header style="display: flex; justify-content: space-between; align-items: center; padding: 8px 16px; border-bottom: 1px solid #ddd">
<strong>Host app</strong><div id="bell"></div></header>
<script src="${app.baseUrl}/embed/herald-bell.js"></script>
<script>window.Herald.mountBell(document.getElementById("bell"), ${options});</script>
</body></html>`);
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await new Promise((resolve) => host?.close(resolve));
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const openBell = async (context: BrowserContext, query = "") => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${hostOrigin}/${query}`);
    return { page, errors };
  };

  it("follows navigator.language by default and the locale option when given", async () => {
    const german = await localeContext(browser, "de-DE");
    const { page, errors } = await openBell(german);
    const bell = page.getByRole("button", { name: /^Benachrichtigungen/ });
    await bell.waitFor();
    await bell.click();
    const panel = page.getByRole("dialog", { name: "Benachrichtigungen" });
    await panel.locator("[data-item]").first().waitFor();
    expect(await panel.getByRole("button", { name: "Alle als gelesen markieren" }).count()).toBe(1);
    expect(await panel.getByRole("tab", { name: /^Ungelesen/ }).count()).toBe(1);
    // Inside the shadow root Tailwind's variables still have their defaults: the switch's knob moves.
    const popups = panel.getByRole("switch", { name: "Pop-ups für neue Benachrichtigungen" });
    const knobX = async () => (await popups.locator("span").boundingBox())!.x;
    const before = { checked: await popups.getAttribute("aria-checked"), x: await knobX() };
    await popups.click();
    await expect.poll(() => popups.getAttribute("aria-checked")).not.toBe(before.checked);
    expect(Math.abs((await knobX()) - before.x)).toBeGreaterThan(8);
    await popups.click();
    await screenshot(page, "de-embed-bell-1280");
    expect(errors).toEqual([]);
    await german.close();

    const asked = await localeContext(browser, "en-US", 360);
    const second = await openBell(asked, "?locale=de-AT");
    await second.page.getByRole("button", { name: /^Benachrichtigungen/ }).click();
    await second.page.getByRole("dialog", { name: "Benachrichtigungen" }).locator("[data-item]").first().waitFor();
    await screenshot(second.page, "de-embed-bell-360");
    expect(second.errors).toEqual([]);
    await asked.close();

    const english = await localeContext(browser, "en-US");
    const third = await openBell(english);
    await third.page.getByRole("button", { name: /^Notifications/ }).waitFor();
    await english.close();
  });
});
