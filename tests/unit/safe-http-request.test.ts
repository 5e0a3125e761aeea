import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlockedAddressError, isPublicAddress, safeHttpRequest } from "@/lib/channels/webhooks/safe-http-request";

const policy = { allow: [] as string[], timeoutMs: 2000, maxResponseBytes: 1024 };

describe("isPublicAddress", () => {
  it.each([
    "127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
    "255.255.255.255", "224.0.0.1", "::1", "::", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
  ])("refuses %s", (address) => expect(isPublicAddress(address)).toBe(false));
  it.each(["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("accepts %s", (address) =>
    expect(isPublicAddress(address)).toBe(true),
  );
  it("refuses what is not an address", () => expect(isPublicAddress("example.com")).toBe(false));
});

describe("safeHttpRequest", () => {
  let server: http.Server;
  let port: number;
  const hits: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url ?? "");
      if (req.url === "/redirect") return res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      if (req.url === "/big") return res.writeHead(200).end("x".repeat(10_000));
      if (req.url === "/slow") return setTimeout(() => res.writeHead(200).end("late"), 1500);
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const post = (url: string, p = policy) => safeHttpRequest(url, { method: "POST", headers: {}, body: "{}" }, p);

  it.each([
    ["loopback", () => `http://127.0.0.1:${port}/`],
    ["a private network", () => "http://10.0.0.1/"],
    ["the cloud metadata address", () => "http://169.254.169.254/latest/meta-data/"],
    ["IPv6 loopback", () => `http://[::1]:${port}/`],
    ["IPv4-mapped IPv6 loopback", () => `http://[::ffff:127.0.0.1]:${port}/`],
    ["a host name that resolves to loopback", () => `http://localhost:${port}/`],
  ])("refuses %s before any byte is sent", async (_, url) => {
    const before = hits.length;
    await expect(post(url())).rejects.toBeInstanceOf(BlockedAddressError);
    expect(hits.length).toBe(before);
  });

  it("reaches an allowed address, does not follow redirects, and caps the answer", async () => {
    const allowed = { ...policy, allow: ["127.0.0.1"] };
    expect(await post(`http://127.0.0.1:${port}/`, allowed)).toMatchObject({ status: 200, body: "ok" });
    expect(await post(`http://127.0.0.1:${port}/redirect`, allowed)).toMatchObject({ status: 302 });
    expect(hits.filter((h) => h.includes("meta-data"))).toEqual([]);
    const big = await post(`http://127.0.0.1:${port}/big`, allowed);
    expect(big.body.length).toBeLessThanOrEqual(1024);
    expect(big.truncated).toBe(true);
  });

  it("allows by host name or CIDR range too, and gives up at the deadline", async () => {
    expect(await post(`http://localhost:${port}/`, { ...policy, allow: ["localhost"] })).toMatchObject({ status: 200 });
    expect(await post(`http://127.0.0.1:${port}/`, { ...policy, allow: ["127.0.0.0/8"] })).toMatchObject({ status: 200 });
    await expect(post(`http://127.0.0.1:${port}/slow`, { ...policy, allow: ["127.0.0.1"], timeoutMs: 200 })).rejects.toMatchObject({ code: "ETIMEDOUT" });
  });
});
