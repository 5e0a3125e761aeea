import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { clientAddress } from "@/lib/rate-limit/client-address";

const request = (headers: Record<string, string>) => new Request("http://herald.test/api/v1/notifications", { headers });

describe("client address", () => {
  it("is one shared 'unknown' unless a proxy is trusted: the headers are the client's word", () => {
    expect(clientAddress(request({ "x-forwarded-for": "203.0.113.7", "x-real-ip": "203.0.113.7" }), 0)).toBe("unknown");
    expect(clientAddress(request({}), 0)).toBe("unknown");
  });

  it("behind one proxy, is the address that proxy appended, not what the client wrote before it", () => {
    expect(clientAddress(request({ "x-forwarded-for": "203.0.113.7" }), 1)).toBe("203.0.113.7");
    expect(clientAddress(request({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" }), 1)).toBe("203.0.113.7");
    expect(clientAddress(request({ "x-forwarded-for": "6.6.6.6, 2001:db8::1 " }), 1)).toBe("2001:db8::1");
  });

  it("behind a chain of proxies, counts that many entries from the end", () => {
    expect(clientAddress(request({ "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.2" }), 2)).toBe("203.0.113.7");
    expect(clientAddress(request({ "x-forwarded-for": "203.0.113.7" }), 3)).toBe("203.0.113.7");
  });

  it("falls back to X-Real-IP from the proxy, then to 'unknown'", () => {
    expect(clientAddress(request({ "x-real-ip": "198.51.100.4" }), 1)).toBe("198.51.100.4");
    expect(clientAddress(request({}), 1)).toBe("unknown");
  });

  it("reads HERALD_TRUST_PROXY as true, false or a number of proxies", () => {
    expect(parseEnv({}).HERALD_TRUST_PROXY).toBe(0);
    expect(parseEnv({ HERALD_TRUST_PROXY: "true" }).HERALD_TRUST_PROXY).toBe(1);
    expect(parseEnv({ HERALD_TRUST_PROXY: "false" }).HERALD_TRUST_PROXY).toBe(0);
    expect(parseEnv({ HERALD_TRUST_PROXY: "2" }).HERALD_TRUST_PROXY).toBe(2);
    expect(() => parseEnv({ HERALD_TRUST_PROXY: "yes" })).toThrow(/HERALD_TRUST_PROXY/);
    expect(parseEnv({})).toMatchObject({ HERALD_RATE_LIMIT_INTAKE: 6000, HERALD_RATE_LIMIT_SIGN_IN: 20, HERALD_RATE_LIMIT_TOKEN_EXCHANGE: 300 });
  });
});
