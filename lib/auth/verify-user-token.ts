import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { HeraldApiError } from "@/lib/api/errors";
import { getEnv, type Env } from "@/lib/env";
import { recipientIdSchema } from "@/lib/notifications/schemas";

/** What a host app may say about its user in a token: who (the recipient's external id) and, optionally, a tenant. */
export type UserTokenClaims = { sub: string; tenant: string | null; expiresAt: Date };

// One key set per JWKS URL for the process: jose caches the keys and refetches on an unknown kid.
const keySets = new Map<string, JWTVerifyGetKey>();

function keyFor(env: Env): { key: Uint8Array | JWTVerifyGetKey; algorithms: string[] } | null {
  if (env.HERALD_USER_TOKEN_SECRET) return { key: new TextEncoder().encode(env.HERALD_USER_TOKEN_SECRET), algorithms: ["HS256"] };
  const url = env.HERALD_USER_TOKEN_JWKS_URL;
  if (!url) return null;
  let keySet = keySets.get(url);
  if (!keySet) keySets.set(url, (keySet = createRemoteJWKSet(new URL(url), { timeoutDuration: 5_000, cooldownDuration: 30_000 })));
  return { key: keySet, algorithms: ["RS256", "ES256"] };
}

const refuse = (why: string) => new HeraldApiError("unauthorized", `The user token was refused: ${why}.`);

/**
 * Verifies a host-app user token: the algorithm is pinned to the configured key (so `alg: none`
 * and an HS256 token signed with a public key are refused), `exp` is required and may not lie
 * further ahead than the configured maximum, and the audience (and issuer, when configured)
 * must match. Throws 401 naming the reason; never says which part of a signature was wrong.
 */
export async function verifyUserToken(token: string, env: Env = getEnv()): Promise<UserTokenClaims> {
  const configured = keyFor(env);
  if (!configured) throw new HeraldApiError("unauthorized", "User tokens are not enabled on this deployment.");
  let payload;
  try {
    ({ payload } = await jwtVerify(token, configured.key as Uint8Array, {
      algorithms: configured.algorithms,
      audience: env.HERALD_USER_TOKEN_AUDIENCE,
      ...(env.HERALD_USER_TOKEN_ISSUER ? { issuer: env.HERALD_USER_TOKEN_ISSUER } : {}),
      requiredClaims: ["exp", "sub"],
      clockTolerance: 5,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw refuse("it has expired");
    if (error instanceof errors.JWTClaimValidationFailed) throw refuse(`the "${error.claim}" claim is missing or wrong`);
    if (error instanceof errors.JOSEAlgNotAllowed) throw refuse("its algorithm is not accepted");
    if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
      throw new HeraldApiError("service_unavailable", "The host app's signing keys could not be fetched; try again.");
    }
    throw refuse("it is malformed or its signature does not verify");
  }
  const expiresAt = new Date(payload.exp! * 1000);
  if (expiresAt.getTime() - Date.now() > env.HERALD_USER_TOKEN_MAX_AGE_SECONDS * 1000) {
    throw refuse(`it is valid for longer than ${env.HERALD_USER_TOKEN_MAX_AGE_SECONDS} seconds`);
  }
  const sub = recipientIdSchema.safeParse(payload.sub);
  if (!sub.success) throw refuse('"sub" is not a recipient id');
  const tenant = payload.tenant;
  if (tenant !== undefined && typeof tenant !== "string") throw refuse('"tenant" must be a string');
  return { sub: sub.data, tenant: tenant ?? null, expiresAt };
}
