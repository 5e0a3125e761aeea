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
