import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// A plain-Postgres deployment: sign-in by emailed link, not local sign-in. Set before anything
// reads (and caches) the environment.
vi.stubEnv("DATABASE_URL", "postgres://herald@127.0.0.1:1/not-used-by-these-tests");
vi.stubEnv("HERALD_PUBLIC_URL", "https://herald.example");

const { parseEnv } = await import("@/lib/env");
const { verifyUserToken } = await import("@/lib/auth/verify-user-token");
const { redeemSignInLink, requestSignInLink } = await import("@/lib/auth/email-sign-in");
const { readSessionToken } = await import("@/lib/auth/local-session");
const { issueStreamTicket, readStreamTicket } = await import("@/lib/auth/stream-ticket");
const { signInLocalUser } = await import("@/lib/auth/sign-in-local-user");
const { userFromToken } = await import("@/lib/auth/user-from-token");
const { createChannelProviders } = await import("@/lib/channels/get-channel-providers");
const { authUsers, outboxMessages, recipients, signInLinks } = await import("@/lib/db/schema");
const { createTestDatabase, testDatabaseKinds } = await import("../support/databases");

const hs = "a-host-app-secret-of-at-least-32-chars!";

describe("host-app user tokens", () => {
  let jwks: http.Server;
  let jwksUrl: string;
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let ec: Awaited<ReturnType<typeof generateKeyPair>>;
  beforeAll(async () => {
    rsa = await generateKeyPair("RS256");
    ec = await generateKeyPair("ES256");
    const keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: "rsa-1", alg: "RS256", use: "sig" },
      { ...(await exportJWK(ec.publicKey)), kid: "ec-1", alg: "ES256", use: "sig" },
    ];
    jwks = http.createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys })));
    await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => jwks.close(() => resolve())));

  const token = (alg: string, key: CryptoKey | Uint8Array, claims: { sub?: string; aud?: string; exp?: string | number; kid?: string; tenant?: unknown } = {}) => {
    const jwt = new SignJWT(claims.tenant === undefined ? {} : { tenant: claims.tenant }).setProtectedHeader({ alg, ...(claims.kid ? { kid: claims.kid } : {}) });
    if (claims.sub !== "") jwt.setSubject(claims.sub ?? "alice");
    if (claims.aud !== "") jwt.setAudience(claims.aud ?? "herald");
    if (claims.exp !== "") jwt.setExpirationTime(claims.exp ?? "10m");
    return jwt.sign(key);
  };

  it("accepts HS256 with the shared secret, and reads sub and tenant", async () => {
    const env = parseEnv({ HERALD_USER_TOKEN_SECRET: hs });
    const claims = await verifyUserToken(await token("HS256", new TextEncoder().encode(hs), { tenant: "acme" }), env);
    expect(claims).toMatchObject({ sub: "alice", tenant: "acme" });
  });

  it("accepts RS256 and ES256 from the host's JWKS, and refuses an HS256 token signed with the public key", async () => {
    const env = parseEnv({ HERALD_USER_TOKEN_JWKS_URL: jwksUrl });
    expect((await verifyUserToken(await token("RS256", rsa.privateKey, { kid: "rsa-1" }), env)).sub).toBe("alice");
    expect((await verifyUserToken(await token("ES256", ec.privateKey, { kid: "ec-1", sub: "bob" }), env)).sub).toBe("bob");
    const publicAsSecret = new TextEncoder().encode(JSON.stringify(await exportJWK(rsa.publicKey)));
    await expect(verifyUserToken(await token("HS256", publicAsSecret), env)).rejects.toMatchObject({ code: "unauthorized", message: expect.stringMatching(/algorithm/) });
    const stranger = await generateKeyPair("RS256");
    await expect(verifyUserToken(await token("RS256", stranger.privateKey, { kid: "rsa-1" }), env)).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("refuses missing claims, wrong audience or issuer, long lives and odd claim types", async () => {
    const key = new TextEncoder().encode(hs);
    const env = parseEnv({ HERALD_USER_TOKEN_SECRET: hs, HERALD_USER_TOKEN_ISSUER: "https://acme.example" });
    const withIssuer = (claims: Parameters<typeof token>[2]) =>
      new SignJWT(claims?.tenant === undefined ? {} : { tenant: claims.tenant }).setProtectedHeader({ alg: "HS256" }).setIssuer("https://acme.example").setSubject(claims?.sub ?? "alice").setAudience(claims?.aud ?? "herald").setExpirationTime(claims?.exp ?? "10m").sign(key);
    expect((await verifyUserToken(await withIssuer({}), env)).sub).toBe("alice");
    const plain = parseEnv({ HERALD_USER_TOKEN_SECRET: hs });
    await expect(verifyUserToken(await token("HS256", key, { exp: "" }), plain)).rejects.toMatchObject({ message: expect.stringMatching(/"exp"/) });
    await expect(verifyUserToken(await token("HS256", key, { sub: "" }), plain)).rejects.toMatchObject({ message: expect.stringMatching(/"sub"/) });
    const cases: [string, string, RegExp][] = [
      ["no issuer", await token("HS256", key), /"iss"/],
      ["wrong audience", await withIssuer({ aud: "other" }), /"aud"/],
      ["expired", await withIssuer({ exp: Math.floor(Date.now() / 1000) - 30 }), /expired/],
      ["a day long", await withIssuer({ exp: "1d" }), /longer than 3600 seconds/],
      ["sub with spaces", await withIssuer({ sub: "alice smith" }), /recipient id/],
      ["numeric tenant", await withIssuer({ tenant: 7 }), /tenant/],
    ];
    for (const [name, jwt, reason] of cases) {
      await expect(verifyUserToken(jwt, env), name).rejects.toMatchObject({ code: "unauthorized", message: expect.stringMatching(reason) });
    }
    await expect(verifyUserToken("x", parseEnv({}))).rejects.toMatchObject({ message: expect.stringMatching(/not enabled/) });
  });

  it("refuses both a secret and a JWKS URL at start-up", () => {
    expect(() => parseEnv({ HERALD_USER_TOKEN_SECRET: hs, HERALD_USER_TOKEN_JWKS_URL: "https://acme.example/jwks.json" })).toThrow(/HERALD_USER_TOKEN_JWKS_URL/);
    expect(() => parseEnv({ HERALD_CORS_ORIGINS: "https://acme.example/app" })).toThrow(/HERALD_CORS_ORIGINS/);
    expect(parseEnv({ HERALD_CORS_ORIGINS: "https://acme.example, http://127.0.0.1:4000" }).HERALD_CORS_ORIGINS).toEqual(["https://acme.example", "http://127.0.0.1:4000"]);
  });
});

describe.each(testDatabaseKinds())("identity on %s", (kind) => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  const providers = createChannelProviders(parseEnv({}));
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await t.database.db.insert(authUsers).values({ email: "ops@example.com", rawAppMetaData: { role: "admin" } });
  });
  afterAll(() => t.drop());

  const linkToken = async () => {
    const [mail] = await t.database.db.select().from(outboxMessages).orderBy(sql`created_at desc`).limit(1);
    return /#token=([A-Za-z0-9_-]{43})/.exec(mail!.body!)![1]!;
  };

  it("local sign-in does not exist with DATABASE_URL", async () => {
    await expect(signInLocalUser(t.database.db, { email: "ops@example.com" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("emails a link that signs in once; only its hash is stored", async () => {
    const db = t.database.db;
    await requestSignInLink(db, { email: "OPS@example.com" }, providers);
    const [mail] = await db.select().from(outboxMessages).orderBy(sql`created_at desc`).limit(1);
    expect(mail).toMatchObject({ channel: "email", recipient: "ops@example.com", subject: "Your Herald sign-in link", deliveryId: null });
    expect(mail!.html).toContain("https://herald.example/sign-in/link#token=");
    const token = await linkToken();
    const stored = await db.select().from(signInLinks);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);

    const { user, token: session } = await redeemSignInLink(db, { token });
    expect(user).toMatchObject({ email: "ops@example.com", role: "admin" });
    expect(await readSessionToken(db, session, "email-link")).toBe(user.id);
    // A session from one method is nothing to another.
    expect(await readSessionToken(db, session, "local")).toBeNull();
    await expect(redeemSignInLink(db, { token })).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("two redemptions racing: exactly one signs in", async () => {
    await requestSignInLink(t.database.db, { email: "ops@example.com" }, providers);
    const token = await linkToken();
    const results = await Promise.allSettled([redeemSignInLink(t.database.db, { token }), redeemSignInLink(t.database.db, { token })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("an expired link is refused; an unknown address gets no mail and the same answer", async () => {
    const db = t.database.db;
    await requestSignInLink(db, { email: "ops@example.com" }, providers);
    const token = await linkToken();
    await db.update(signInLinks).set({ expiresAt: sql`now() - interval '1 second'` }).where(sql`used_at is null`);
    await expect(redeemSignInLink(db, { token })).rejects.toMatchObject({ code: "unauthorized" });

    const mails = async () => (await db.select({ count: sql<number>`count(*)::int` }).from(outboxMessages))[0]!.count;
    const before = await mails();
    await expect(requestSignInLink(db, { email: "nobody@example.com" }, providers)).resolves.toBeUndefined();
    expect(await mails()).toBe(before);
    await expect(requestSignInLink(db, { email: "nope" }, providers)).rejects.toMatchObject({ name: "ZodError" });
    await expect(redeemSignInLink(db, { token: "short" })).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("a token user is their recipient (created on first sight), and a stream ticket names only their topic", async () => {
    const db = t.database.db;
    const expiresAt = new Date(Date.now() + 60_000);
    const first = await userFromToken(db, { sub: "carol", tenant: null, expiresAt });
    const again = await userFromToken(db, { sub: "carol", tenant: null, expiresAt });
    expect(again.recipientId).toBe(first.recipientId);
    expect(first).toMatchObject({ role: "user", via: "user-token", inboxTopic: `recipient:${first.recipientId}:notifications` });
    expect(await db.select().from(recipients).where(eq(recipients.externalId, "carol"))).toHaveLength(1);

    const { ticket } = await issueStreamTicket(db, first.recipientId!, first.inboxTopic);
    expect(await readStreamTicket(db, ticket)).toEqual({ recipientId: first.recipientId, topic: first.inboxTopic });
    expect(await readStreamTicket(db, `${ticket.slice(0, -2)}xx`)).toBeNull();
    // A session token is not a ticket, nor a ticket a session.
    expect(await readSessionToken(db, ticket, "email-link")).toBeNull();
  });
});
