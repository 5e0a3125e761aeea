import { randomBytes, randomInt, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT, exportJWK, generateKeyPair, jwtVerify } from "jose";

type AuthUser = { id: string; email: string };

/**
 * Supabase Auth (GoTrue) on loopback, as far as Herald's sign-in uses it, so the real
 * supabase-js and @supabase/ssr run against it: email OTP (`/otp`, `/verify`), sessions signed
 * with an asymmetric key published at `/.well-known/jwks.json` (what `getClaims()` verifies),
 * `/user`, refresh and `/logout`. Codes it "emails" are kept in `sentCodes`; `session(user)`
 * signs a session directly, and `server` takes other Supabase services on the same origin (the
 * Realtime stand-in's WebSocket upgrades), since one project URL serves them all.
 */
export async function startSupabaseAuthStandIn(users: AuthUser[], { expiresIn = 3600 }: { expiresIn?: number } = {}) {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const kid = "stand-in-key";
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" };
  const sentCodes = new Map<string, string>();
  const refreshTokens = new Map<string, AuthUser>();
  // GoTrue's reuse interval: a refresh token used in the last 10 s still works, so the browser
  // and the server refreshing the same session at once both get one.
  const usedRefreshTokens = new Map<string, { user: AuthUser; at: number }>();
  const byEmail = (email: string) => users.find((u) => u.email === email.toLowerCase());

  async function session(user: AuthUser) {
    const accessToken = await new SignJWT({ email: user.email, role: "authenticated", aal: "aal1", session_id: randomUUID(), app_metadata: {}, user_metadata: {} })
      .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
      .setSubject(user.id)
      .setAudience("authenticated")
      .setIssuer(`${baseUrl}/auth/v1`)
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .sign(privateKey);
    const refreshToken = randomBytes(16).toString("hex");
    refreshTokens.set(refreshToken, user);
    return {
      access_token: accessToken,
      token_type: "bearer",
      expires_in: expiresIn,
      expires_at: Math.floor(Date.now() / 1000) + expiresIn,
      refresh_token: refreshToken,
      user: userJson(user),
    };
  }
  const userJson = (user: AuthUser) => ({ id: user.id, aud: "authenticated", role: "authenticated", email: user.email, app_metadata: { provider: "email" }, user_metadata: {}, identities: [], created_at: new Date(0).toISOString() });

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const body = raw ? (JSON.parse(raw) as Record<string, string>) : {};
    // Supabase Auth answers any origin: the browser client refreshes sessions itself.
    const cors = { "access-control-allow-origin": req.headers.origin ?? "*", "access-control-allow-headers": "authorization, apikey, content-type, x-client-info, x-supabase-api-version", "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS" };
    if (req.method === "OPTIONS") return res.writeHead(204, cors).end();
    const send = (status: number, payload: unknown) => res.writeHead(status, { ...cors, "content-type": "application/json" }).end(JSON.stringify(payload));
    const path = url.pathname.replace(/^\/auth\/v1/, "");
    if (path === "/.well-known/jwks.json") return send(200, { keys: [jwk] });
    if (path === "/otp" && req.method === "POST") {
      const user = byEmail(body.email ?? "");
      if (!user) return send(422, { code: 422, error_code: "otp_disabled", msg: "Signups not allowed for otp" });
      sentCodes.set(user.email, String(randomInt(100000, 999999)));
      return send(200, {});
    }
    if (path === "/verify" && req.method === "POST") {
      const user = byEmail(body.email ?? "");
      if (!user || sentCodes.get(user.email) !== body.token) return send(403, { code: 403, error_code: "otp_expired", msg: "Token has expired or is invalid" });
      sentCodes.delete(user.email);
      return send(200, await session(user));
    }
    if (path === "/token" && url.searchParams.get("grant_type") === "refresh_token") {
      const used = usedRefreshTokens.get(body.refresh_token ?? "");
      const user = refreshTokens.get(body.refresh_token ?? "") ?? (used && Date.now() - used.at < 10_000 ? used.user : undefined);
      if (!user) return send(400, { code: 400, error_code: "refresh_token_not_found", msg: "Invalid Refresh Token" });
      if (refreshTokens.delete(body.refresh_token!)) usedRefreshTokens.set(body.refresh_token!, { user, at: Date.now() });
      return send(200, await session(user));
    }
    if (path === "/user" && req.method === "GET") {
      try {
        const { payload } = await jwtVerify((req.headers.authorization ?? "").replace(/^Bearer /, ""), publicKey);
        const user = users.find((u) => u.id === payload.sub);
        return user ? send(200, userJson(user)) : send(404, { code: 404, msg: "User not found" });
      } catch {
        return send(401, { code: 401, error_code: "bad_jwt", msg: "invalid JWT" });
      }
    }
    if (path === "/logout") return res.writeHead(204, cors).end();
    send(404, { code: 404, msg: `no stand-in for ${req.method} ${url.pathname}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    jwksUrl: `${baseUrl}/auth/v1/.well-known/jwks.json`,
    server,
    sentCodes,
    session,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
