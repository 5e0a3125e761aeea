import { describe, expect, it } from "vitest";
import { describeReason } from "@/lib/notifications/describe-reason";
import type { SkipReason } from "@/lib/notifications/plan-delivery";

describe("describeReason", () => {
  it("gives every planned skip reason plain text and keeps its code", () => {
    const reasons: SkipReason[] = ["channel_disabled", "opted_out", "no_email", "no_phone", "no_push_token", "no_webhook"];
    for (const reason of reasons) {
      const described = describeReason(reason);
      expect(described.code).toBe(reason);
      expect(described.text).not.toContain("_");
      expect(described.text).toMatch(/^[A-Z]/);
    }
    expect(describeReason("opted_out").text).toBe("The recipient turned this notification type off for this channel");
  });

  it("reads `code: message` as the senders write it", () => {
    expect(describeReason("blocked_address: 10.0.0.1 is a private address")).toEqual({
      text: "The webhook address is private or not allowed (server-side request forgery guard): 10.0.0.1 is a private address",
      code: "blocked_address",
    });
  });

  it("humanizes codes nobody described and leaves sentences alone, naming a separate code", () => {
    expect(describeReason("endpoint_gone")).toEqual({ text: "Endpoint gone", code: "endpoint_gone" });
    expect(describeReason("30003")).toEqual({ text: "Provider code 30003", code: "30003" });
    expect(describeReason("retries exhausted after 5 attempts over 1h: 503: down", "503")).toEqual({
      text: "retries exhausted after 5 attempts over 1h: 503: down",
      code: "503",
    });
    expect(describeReason("callback: bounced")).toEqual({ text: "callback: bounced", code: null });
  });
});
