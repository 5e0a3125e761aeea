import { describe, expect, it } from "vitest";
import { redact } from "@/lib/logger";

describe("log redaction", () => {
  it("replaces secret-looking keys at any depth and keeps the rest", () => {
    const out = redact({
      user: "alice",
      apiKey: "hk_123",
      nested: { authorization: "Bearer x", list: [{ webhookSecret: "whsec_1", ok: 1 }] },
      headers: { cookie: "a=b", "x-request-id": "r1" },
    });
    expect(out).toEqual({
      user: "alice",
      apiKey: "[redacted]",
      nested: { authorization: "[redacted]", list: [{ webhookSecret: "[redacted]", ok: 1 }] },
      headers: { cookie: "[redacted]", "x-request-id": "r1" },
    });
  });

  it("turns errors into plain objects", () => {
    expect(redact(new TypeError("boom"))).toMatchObject({ name: "TypeError", message: "boom" });
  });
});
