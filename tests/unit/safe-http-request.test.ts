import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllowedHosts } from "@/lib/channels/webhooks/allowed-hosts";
import { BlockedAddressError, checkUrlTarget, isPublicAddress, safeHttpRequest } from "@/lib/channels/webhooks/safe-http-request";
import { parseEnv } from "@/lib/env";

const policy = { allow: parseAllowedHosts(""), timeoutMs: 2000, maxResponseBytes: 1024 };
const allowing = (entries: string) => ({ ...policy, allow: parseAllowedHosts(entries) });

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
    const allowed = allowing(`127.0.0.1:${port}`);
    expect(await post(`http://127.0.0.1:${port}/`, allowed)).toMatchObject({ status: 200, body: "ok" });
    expect(await post(`http://127.0.0.1:${port}/redirect`, allowed)).toMatchObject({ status: 302 });
    expect(hits.filter((h) => h.includes("meta-data"))).toEqual([]);
    const big = await post(`http://127.0.0.1:${port}/big`, allowed);
    expect(big.body.length).toBeLessThanOrEqual(1024);
    expect(big.truncated).toBe(true);
  });

  it("allows by host name or CIDR range too, and gives up at the deadline", async () => {
    expect(await post(`http://localhost:${port}/`, allowing(`localhost:${port}`))).toMatchObject({ status: 200 });
    expect(await post(`http://127.0.0.1:${port}/`, allowing(`127.0.0.0/8:${port}`))).toMatchObject({ status: 200 });
    await expect(post(`http://127.0.0.1:${port}/slow`, { ...allowing(`127.0.0.1:${port}`), timeoutMs: 200 })).rejects.toMatchObject({ code: "ETIMEDOUT" });
  });

  it("opens only the port an entry names, and only 80 and 443 when it names none", async () => {
    const before = hits.length;
    for (const entries of ["127.0.0.1", "127.0.0.0/8", "localhost", `127.0.0.1:${port + 1}`, `[::1]:${port}`]) {
      await expect(post(`http://127.0.0.1:${port}/`, allowing(entries)), entries).rejects.toBeInstanceOf(BlockedAddressError);
    }
    await expect(post(`http://localhost:${port}/`, allowing("localhost"))).rejects.toThrow(`port ${port}`);
    expect(hits.length).toBe(before);
  });
});

describe("WEBHOOK_ALLOWED_HOSTS", () => {
  it("reads hosts, addresses and ranges with or without a port", () => {
    const rules = parseAllowedHosts(" 127.0.0.1:4000, [::1]:4001,hooks.Internal:8443 , 10.0.0.0/8, [fd00::/8]:9000, ::1");
    expect(rules.map((r) => ({ kind: r.kind, ports: r.ports }))).toEqual([
      { kind: "range", ports: [4000] },
      { kind: "range", ports: [4001] },
      { kind: "name", ports: [8443] },
      { kind: "range", ports: [80, 443] },
      { kind: "range", ports: [9000] },
      { kind: "range", ports: [80, 443] },
    ]);
    expect(rules[2]).toMatchObject({ name: "hooks.internal" });
  });

  it.each([["127.0.0.1:0"], ["127.0.0.1:65536"], ["127.0.0.1:*"], ["127.0.0.1:80x"], ["10.0.0.0/99"], ["hooks internal"], ["::1:4000x"], ["[::1]4000"]])(
    "refuses %s at start-up, naming the variable",
    (entry) => {
      expect(() => parseEnv({ WEBHOOK_ALLOWED_HOSTS: entry })).toThrow(/WEBHOOK_ALLOWED_HOSTS/);
    },
  );

  it("is empty when unset", () => expect(parseEnv({}).WEBHOOK_ALLOWED_HOSTS).toEqual([]));
});

describe("checkUrlTarget (endpoint creation)", () => {
  it.each([
    ["http://127.0.0.1:5432/", ""],
    ["http://127.0.0.1:5432/", "127.0.0.1"],
    ["http://127.0.0.1/", "127.0.0.1:4000"],
    ["http://localhost:4001/", "127.0.0.1:4000"],
    ["http://[::1]:4000/", "127.0.0.1:4000"],
    ["http://[::ffff:127.0.0.1]:4000/", ""],
    ["http://169.254.169.254/latest/meta-data", ""],
    ["https://10.1.2.3/", "10.0.0.0/8:8443"],
  ])("refuses %s with allowlist '%s'", async (url, entries) => {
    await expect(checkUrlTarget(url, parseAllowedHosts(entries))).rejects.toBeInstanceOf(BlockedAddressError);
  });

  it.each([
    ["http://127.0.0.1:4000/hooks", "127.0.0.1:4000"],
    ["http://127.0.0.1/hooks", "127.0.0.1"],
    ["https://127.0.0.1/hooks", "127.0.0.1"],
    ["http://[::1]:4000/", "[::1]:4000"],
    ["http://localhost:4000/", "localhost:4000"],
    ["https://10.1.2.3:8443/", "10.0.0.0/8:8443"],
    ["http://93.184.216.34:8080/", ""],
  ])("accepts %s with allowlist '%s'", async (url, entries) => {
    await expect(checkUrlTarget(url, parseAllowedHosts(entries))).resolves.toBeUndefined();
  });

  it("passes on the resolver's answer for a name that does not resolve", async () => {
    await expect(checkUrlTarget("https://hooks.example.invalid/", [])).rejects.toMatchObject({ code: "ENOTFOUND" });
  });
});
