import { describe, expect, it } from "vitest";
import { defaultApiKeyScopes, hasScope } from "@/lib/auth/scopes";

describe("API key scopes", () => {
  it("grant what is listed, and admin grants everything", () => {
    expect(hasScope(["recipients:read"], "recipients:read")).toBe(true);
    expect(hasScope(["recipients:read"], "recipients:write")).toBe(false);
    expect(hasScope(["admin"], "notifications:write")).toBe(true);
  });
  it("default to everything a host app needs except admin", () => {
    expect(defaultApiKeyScopes).not.toContain("admin");
    expect(defaultApiKeyScopes).toContain("notifications:write");
  });
});

describe("metrics:read", () => {
  it("is granted by itself or by admin, and is not in a host app's default key", () => {
    expect(hasScope(["metrics:read"], "metrics:read")).toBe(true);
    expect(hasScope(["admin"], "metrics:read")).toBe(true);
    expect(hasScope(["notifications:write"], "metrics:read")).toBe(false);
    expect(defaultApiKeyScopes).not.toContain("metrics:read");
  });
});
