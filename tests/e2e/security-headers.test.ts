import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, newContext, signInThroughPage } from "../support/browser";

const baseUrl = inject("baseUrl");

describe("security headers", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("pages carry a nonce-based CSP that forbids framing, with a new nonce each time", async () => {
    const nonceOf = async () => {
      const response = await fetch(`${baseUrl}/sign-in`);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain("unsafe-eval");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
      // Next.js put this response's nonce on its scripts.
      expect(await response.text()).toContain(`nonce="${nonce}"`);
      return nonce;
    };
    expect(await nonceOf()).not.toBe(await nonceOf());
  });

  it("API answers are locked down too, and HSTS is sent over HTTPS only", async () => {
    const plain = await fetch(`${baseUrl}/api/health`);
    expect(plain.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(plain.headers.get("x-content-type-options")).toBe("nosniff");
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    const https = await fetch(`${baseUrl}/api/health`, { headers: { "x-forwarded-proto": "https" } });
    expect(https.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });

  it("the app runs under its CSP without a violation, and another origin cannot frame it", async () => {
    const page = await signInThroughPage(browser, baseUrl, "Ada Admin");
    const violations: string[] = [];
    await page.exposeFunction("reportViolation", (v: string) => violations.push(v));
    await page.addInitScript(() => document.addEventListener("securitypolicyviolation", (e) => (window as unknown as { reportViolation: (v: string) => void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
    for (const path of ["/", "/inbox", "/preferences", "/admin", "/admin/send", "/admin/templates"]) {
      await page.goto(`${baseUrl}${path}`);
      await page.waitForLoadState("networkidle");
    }
    expect(violations).toEqual([]);
    await page.context().close();

    const framer = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(`<iframe id="f" src="${baseUrl}/sign-in"></iframe>`));
    await new Promise<void>((resolve) => framer.listen(0, "127.0.0.1", resolve));
    const context = await newContext(browser);
    const framing = await context.newPage();
    try {
      await framing.goto(`http://127.0.0.1:${(framer.address() as AddressInfo).port}/`);
      await framing.waitForLoadState("load");
      const frame = framing.frames().find((f) => f !== framing.mainFrame());
      // Blocked by frame-ancestors: the frame shows the browser's refusal, never Herald's page.
      expect(frame).toBeDefined();
      expect(await frame!.getByText("Sign in to Herald").count().catch(() => 0)).toBe(0);
    } finally {
      await context.close();
      await new Promise<void>((resolve) => framer.close(() => resolve()));
    }
  });
});
