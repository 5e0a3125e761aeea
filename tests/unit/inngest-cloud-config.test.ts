import { describe, expect, it } from "vitest";
import { inngestDashboardUrl } from "@/lib/admin/inngest-dashboard-url";
import { parseEnv } from "@/lib/env";

const cloud = { INNGEST_SIGNING_KEY: "signkey-prod-0123abcd", INNGEST_EVENT_KEY: "event-key-0123" };

describe("Inngest Cloud / self-hosted configuration", () => {
  it("is null in the embedded mode, whose runs the admin shows itself", () => {
    expect(inngestDashboardUrl(parseEnv({}))).toBeNull();
  });

  it("points to Inngest Cloud's runs, the self-hosted server's own UI, or the Dev Server's", () => {
    expect(inngestDashboardUrl(parseEnv(cloud))).toBe("https://app.inngest.com/env/production/runs");
    expect(inngestDashboardUrl(parseEnv({ ...cloud, INNGEST_BASE_URL: "http://inngest.internal:8288" }))).toBe("http://inngest.internal:8288/runs");
    expect(inngestDashboardUrl(parseEnv({ ...cloud, INNGEST_BASE_URL: "http://a:8288", INNGEST_API_BASE_URL: "http://b:8288/" }))).toBe("http://b:8288/runs");
    expect(inngestDashboardUrl(parseEnv({ INNGEST_DEV: "1" }))).toBe("http://localhost:8288/runs");
    expect(inngestDashboardUrl(parseEnv({ INNGEST_DEV: "http://127.0.0.1:9999" }))).toBe("http://127.0.0.1:9999/runs");
  });

  it("is INNGEST_DASHBOARD_URL when set (another Cloud environment, or a server's public address)", () => {
    const url = "https://app.inngest.com/env/staging/runs";
    expect(inngestDashboardUrl(parseEnv({ ...cloud, INNGEST_BASE_URL: "http://inngest:8288", INNGEST_DASHBOARD_URL: url }))).toBe(url);
  });

  it("a fallback signing key is validated like the signing key, and needs it", () => {
    expect(() => parseEnv({ ...cloud, INNGEST_SIGNING_KEY_FALLBACK: "not-a-key" })).toThrow(/INNGEST_SIGNING_KEY_FALLBACK: expected signkey-<env>-<hex>/);
    // A self-hosted server's key is the bare hex it was started with.
    expect(parseEnv({ INNGEST_SIGNING_KEY: "00ff9a", INNGEST_EVENT_KEY: "0123abcd" }).INNGEST_SIGNING_KEY).toBe("00ff9a");
    expect(() => parseEnv({ INNGEST_SIGNING_KEY_FALLBACK: "signkey-prod-00ff" })).toThrow(/INNGEST_SIGNING_KEY_FALLBACK: a fallback needs INNGEST_SIGNING_KEY/);
  });
});
