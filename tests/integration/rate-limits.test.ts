import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cliActor } from "@/lib/audit/audit-actor";
import { createApiKey } from "@/lib/auth/api-keys";
import { openDatabase, type Database } from "@/lib/db/client";
import { getMetrics } from "@/lib/metrics/metrics-registry";
import { deleteExpiredRateLimits } from "@/lib/rate-limit/delete-expired-rate-limits";
import { enforceRateLimit } from "@/lib/rate-limit/enforce-rate-limit";
import { apiErrorOf } from "../support/api-error-of";
import { startAppRuntime } from "../support/app-runtime";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";
import { parsePrometheusText } from "../support/prometheus-text";

// Small limits, so a test reaches them; read once by getEnv() when the first limit is checked.
vi.hoisted(() => {
  process.env.HERALD_RATE_LIMIT_INTAKE = "3";
  process.env.HERALD_RATE_LIMIT_SIGN_IN = "2";
  process.env.HERALD_RATE_LIMIT_TOKEN_EXCHANGE = "25";
  process.env.HERALD_TRUST_PROXY = "true";
});

const { POST: sendRoute } = await import("@/app/api/v1/notifications/route");

const refusedSoFar = async (bucket: string) =>
  parsePrometheusText(await getMetrics().registry.getSingleMetricAsString("herald_rate_limited_total")).get(`herald_rate_limited_total{bucket="${bucket}"}`);

describe.each(testDatabaseKinds())("rate limits on %s", (kind) => {
  // The app's runtime, so the route's 202s hand their events to a running executor.
  let t: Awaited<ReturnType<typeof startAppRuntime>>;
  beforeAll(async () => {
    t = await startAppRuntime(kind);
  });
  afterAll(() => t.stop());

  // Every test uses its own keys: counts never leak from one test into another.
  const unique = (name: string) => `${name}-${crypto.randomUUID()}`;

  it("allow N requests a minute, refuse the next with Retry-After and RateLimit-* headers, and count the refusal", async () => {
    const key = unique("key");
    const allowed = [];
    for (let i = 0; i < 3; i++) allowed.push(await enforceRateLimit(t.database.db, "intake", key));
    expect(allowed.map((h) => h["RateLimit-Remaining"])).toEqual(["2", "1", "0"]);
    expect(allowed[0]).toMatchObject({ "RateLimit-Limit": "3", "RateLimit-Reset": expect.stringMatching(/^\d+$/) });

    const before = (await refusedSoFar("intake")) ?? 0;
    const refused = await apiErrorOf(enforceRateLimit(t.database.db, "intake", key));
    expect(refused.status).toBe(429);
    expect(refused.message).toMatch(/at most 3 per minute for intake/);
    const retryAfter = Number(refused.headers?.["Retry-After"]);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers).toEqual({ "Retry-After": String(retryAfter), "RateLimit-Limit": "3", "RateLimit-Remaining": "0", "RateLimit-Reset": String(retryAfter) });
    expect(await refusedSoFar("intake")).toBe(before + 1);
  });

  it("keep separate keys and buckets apart", async () => {
    const [a, b] = [unique("a"), unique("b")];
    await enforceRateLimit(t.database.db, "sign-in", a);
    await enforceRateLimit(t.database.db, "sign-in", a);
    await expect(enforceRateLimit(t.database.db, "sign-in", a)).rejects.toMatchObject({ code: "rate_limit_exceeded" });
    expect(await enforceRateLimit(t.database.db, "sign-in", b)).toMatchObject({ "RateLimit-Remaining": "1" });
    // The same key in another bucket is another counter.
    expect(await enforceRateLimit(t.database.db, "intake", a)).toMatchObject({ "RateLimit-Remaining": "2" });
  });

  it("with several keys, refuse when any one is spent and report the tightest", async () => {
    const [address, key1, key2] = [unique("address"), unique("key1"), unique("key2")];
    expect(await enforceRateLimit(t.database.db, "intake", [key1, address])).toMatchObject({ "RateLimit-Remaining": "2" });
    expect(await enforceRateLimit(t.database.db, "intake", [key2, address])).toMatchObject({ "RateLimit-Remaining": "1" });
    expect(await enforceRateLimit(t.database.db, "intake", [key2, address])).toMatchObject({ "RateLimit-Remaining": "0" });
    // key1 has used one of three, but the address is spent.
    await expect(enforceRateLimit(t.database.db, "intake", [key1, address])).rejects.toMatchObject({ status: 429 });
  });

  it("start afresh in the next window", async () => {
    const key = unique("key");
    for (let i = 0; i < 3; i++) await enforceRateLimit(t.database.db, "intake", key);
    await expect(enforceRateLimit(t.database.db, "intake", key)).rejects.toMatchObject({ status: 429 });
    // As if a minute had passed.
    await t.database.query("update rate_limits set window_start = window_start - interval '1 minute'");
    expect(await enforceRateLimit(t.database.db, "intake", key)).toMatchObject({ "RateLimit-Remaining": "2", "RateLimit-Reset": expect.stringMatching(/^([1-5]?\d|60)$/) });
  });

  it("delete windows that ended over an hour ago, and keep the rest", async () => {
    const [old, current] = [unique("old"), unique("current")];
    await enforceRateLimit(t.database.db, "sign-in", old);
    await t.database.query("update rate_limits set window_start = now() - interval '2 hours' where bucket = 'sign-in'");
    await enforceRateLimit(t.database.db, "sign-in", current);
    expect(await deleteExpiredRateLimits(t.database.db, new Date(Date.now() - 3_600_000))).toBeGreaterThanOrEqual(1);
    const [row] = await t.database.query<{ n: number }>("select count(*)::int as n from rate_limits where bucket = 'sign-in'");
    expect(row!.n).toBe(1);
    // The old key starts over.
    expect(await enforceRateLimit(t.database.db, "sign-in", old)).toMatchObject({ "RateLimit-Remaining": "1" });
  });

  it("POST /api/v1/notifications: counted per API key and per client address, headers on the 202s and the 429", async () => {
    const { key } = await createApiKey(t.database.db, { name: unique("limits"), scopes: ["notifications:write"] }, cliActor);
    const { key: other } = await createApiKey(t.database.db, { name: unique("limits"), scopes: ["notifications:write"] }, cliActor);
    const post = (apiKey: string, address: string) =>
      sendRoute(
        new Request("http://herald.test/api/v1/notifications", {
          method: "POST",
          headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", "x-forwarded-for": address },
          body: JSON.stringify({ to: ["alice"], channels: ["in_app"], content: { in_app: { title: "Limited" } } }),
        }),
        { params: Promise.resolve({}) },
      );
    const [count] = await t.database.query<{ n: number }>("select count(*)::int as n from notifications");

    const answers = [await post(key, "198.51.100.1"), await post(key, "198.51.100.2"), await post(key, "198.51.100.3")];
    expect(answers.map((r) => r.status)).toEqual([202, 202, 202]);
    expect(answers.map((r) => r.headers.get("ratelimit-remaining"))).toEqual(["2", "1", "0"]);
    expect(answers[0]!.headers.get("ratelimit-limit")).toBe("3");

    const refused = await post(key, "198.51.100.4");
    expect(refused.status).toBe(429);
    expect((await refused.json()).error).toMatchObject({ code: "rate_limit_exceeded", message: expect.stringMatching(/Try again in \d+ s/) });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");

    // Another key from a fresh address is unaffected; from a spent address, it is refused too.
    expect((await post(other, "198.51.100.5")).status).toBe(202);
    expect((await post(other, "198.51.100.5")).status).toBe(202);
    expect((await post(other, "198.51.100.5")).status).toBe(202);
    expect((await post(other, "198.51.100.6")).status).toBe(429);
    const [after] = await t.database.query<{ n: number }>("select count(*)::int as n from notifications");
    expect(after!.n - count!.n).toBe(6);
  });
});

describe.skipIf(!testDatabaseKinds().includes("postgres"))("rate limits shared by processes on one PostgreSQL database", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let second: Database;
  beforeAll(async () => {
    t = await createTestDatabase("postgres");
    second = await openDatabase({ kind: "postgres", url: t.url!, poolMax: 5 });
  });
  afterAll(async () => {
    await second.close();
    await t.drop();
  });

  it("count every request of both handles, even when they race: exactly the limit is allowed", async () => {
    const key = `shared-${crypto.randomUUID()}`;
    const handles = [t.database.db, second.db];
    const outcomes = await Promise.allSettled(Array.from({ length: 60 }, (_, i) => enforceRateLimit(handles[i % 2]!, "token-exchange", key)));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(25);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(refused).toHaveLength(35);
    for (const r of refused) expect(r.reason).toMatchObject({ code: "rate_limit_exceeded" });
    // One handle spends the limit, the other sees it spent.
    const other = `shared-${crypto.randomUUID()}`;
    await enforceRateLimit(t.database.db, "sign-in", other);
    await enforceRateLimit(t.database.db, "sign-in", other);
    await expect(enforceRateLimit(second.db, "sign-in", other)).rejects.toMatchObject({ status: 429 });
  });
});
