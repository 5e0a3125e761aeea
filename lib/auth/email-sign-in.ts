import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { HeraldApiError } from "@/lib/api/errors";
import { getChannelProviders, providersFor, type ChannelProviders } from "@/lib/channels/get-channel-providers";
import { sendWithFailover } from "@/lib/channels/send-with-failover";
import type { Db } from "@/lib/db/client";
import { signInLinks } from "@/lib/db/schema";
import { getEnv, runtimeModes } from "@/lib/env";
import { logger } from "@/lib/logger";
import { enforceRateLimit } from "@/lib/rate-limit/enforce-rate-limit";
import { issueSessionToken } from "./local-session";
import { findSessionUser, type SessionUser } from "./session-user";

export const signInLinkRequestSchema = z.strictObject({ email: z.email({ error: "expected an email address" }).max(320) });
export const signInLinkRedeemSchema = z.strictObject({ token: z.string().max(200) });

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

function assertEmailLinkMode() {
  if (runtimeModes().auth !== "email-link") {
    throw new HeraldApiError("not_found", "Sign-in by emailed link is not used on this deployment.");
  }
}

function signInEmail(link: string, minutes: number) {
  const text = `Use this link to sign in to Herald. It works once, for ${minutes} minutes:\n\n${link}\n\nIf you did not ask to sign in, ignore this email.`;
  const html = `<p>Use this link to sign in to Herald. It works once, for ${minutes} minutes:</p><p><a href="${link}">Sign in to Herald</a></p><p>If you did not ask to sign in, ignore this email.</p>`;
  return { subject: "Your Herald sign-in link", body: text, html };
}

/**
 * Emails a single-use sign-in link to an account holder, through Herald's own email providers
 * (the dev outbox when none is configured). The answer is the same whether or not the address
 * has an account, so the form cannot be used to find out who does.
 */
export async function requestSignInLink(db: Db, input: unknown, providers: ChannelProviders = getChannelProviders()): Promise<void> {
  assertEmailLinkMode();
  const { email } = signInLinkRequestSchema.parse(input);
  // Per address too (by the caller): this stops one inbox being flooded from many addresses.
  await enforceRateLimit(db, "sign-in", `email:${email.toLowerCase()}`);
  // Never the request's Host header: a forged one would mail the victim a link to the forger.
  const publicUrl = getEnv().HERALD_PUBLIC_URL;
  if (!publicUrl) throw new HeraldApiError("service_unavailable", "Sign-in links need HERALD_PUBLIC_URL, the address people reach Herald at; ask the operator to set it.");
  const user = await findSessionUser(db, { email });
  if (!user) {
    logger.info("sign-in link requested for an unknown address");
    return;
  }
  const minutes = getEnv().HERALD_SIGN_IN_LINK_TTL_MINUTES;
  const token = randomBytes(32).toString("base64url");
  const tokenHash = hashToken(token);
  // Expired links are of no use to anyone: cleared as new ones are made.
  await db.delete(signInLinks).where(lt(signInLinks.expiresAt, sql`now() - interval '1 day'`));
  await db.insert(signInLinks).values({ tokenHash, userId: user.id, expiresAt: sql`now() + make_interval(mins => ${minutes})` });
  const link = new URL(`/sign-in/link#token=${token}`, publicUrl).toString();
  const outcome = await sendWithFailover(
    db,
    providersFor(providers, "email", db),
    { channel: "email", to: [user.email], ...signInEmail(link, minutes), idempotencyKey: `sign-in:${tokenHash}`, deliveryId: null },
    providers.breaker,
  );
  if (!outcome.ok) {
    logger.warn("sign-in link could not be sent", { provider: outcome.error.provider, code: outcome.error.code });
    throw new HeraldApiError("service_unavailable", "The sign-in email could not be sent right now; try again in a minute.");
  }
}

/**
 * Redeems a link: one conditional update marks it used, so two clicks (or a mail scanner and
 * a person) cannot both sign in with it. Returns the user and a session token.
 */
export async function redeemSignInLink(db: Db, input: unknown): Promise<{ user: SessionUser; token: string }> {
  assertEmailLinkMode();
  const { token } = signInLinkRedeemSchema.parse(input);
  const refused = new HeraldApiError("unauthorized", "This sign-in link is invalid, used or expired. Ask for a new one.");
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw refused;
  const [redeemed] = await db
    .update(signInLinks)
    .set({ usedAt: sql`now()` })
    .where(and(eq(signInLinks.tokenHash, hashToken(token)), isNull(signInLinks.usedAt), gt(signInLinks.expiresAt, sql`now()`)))
    .returning({ userId: signInLinks.userId });
  const user = redeemed && (await findSessionUser(db, { id: redeemed.userId }));
  if (!user) throw refused;
  return { user, token: await issueSessionToken(db, user.id, "email-link") };
}
