"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDatabase } from "@/lib/db/get-database";
import { toHeraldApiError } from "@/lib/api/errors";
import { requestOrigin } from "@/lib/api/request-origin";
import { getEnv } from "@/lib/env";
import type { Db } from "@/lib/db/client";
import { clientAddress } from "@/lib/rate-limit/client-address";
import { enforceRateLimit } from "@/lib/rate-limit/enforce-rate-limit";
import { clearSessionCookie, setSessionCookie } from "@/lib/auth/session-cookie";
import { redeemSignInLink, requestSignInLink } from "@/lib/auth/email-sign-in";
import { signInLocalUser } from "@/lib/auth/sign-in-local-user";
import { requestSupabaseCode, signOutOfSupabase, verifySupabaseCode } from "@/lib/auth/supabase-sign-in";

export type SignInState = { error?: string; sentTo?: string };

const origin = async () => requestOrigin(await headers());
/** Sign-in attempts count per client address, as the HTTP routes do. */
const limitSignIn = async (db: Db) => enforceRateLimit(db, "sign-in", `address:${clientAddress({ headers: await headers() })}`);

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  try {
    const { db } = await getDatabase();
    await limitSignIn(db);
    const { token } = await signInLocalUser(db, { email: formData.get("email") });
    await setSessionCookie(token);
  } catch (error) {
    return { error: toHeraldApiError(error).message };
  }
  redirect("/");
}

/** Emailed-link sign-in, step 1: the same answer whether or not the address has an account. */
export async function requestLinkAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const email = String(formData.get("email") ?? "");
  try {
    const { db } = await getDatabase();
    await limitSignIn(db);
    await requestSignInLink(db, { email });
    return { sentTo: email };
  } catch (error) {
    return { error: toHeraldApiError(error).message };
  }
}

/** Emailed-link sign-in, step 2: the token comes from the link's fragment, never from a URL the server logs. */
export async function redeemLinkAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  let next = "/";
  try {
    const { db } = await getDatabase();
    await limitSignIn(db);
    const { user, token } = await redeemSignInLink(db, { token: String(formData.get("token") ?? "") });
    await setSessionCookie(token);
    if (user.role !== "user") next = "/admin";
  } catch (error) {
    return { error: toHeraldApiError(error).message };
  }
  redirect(next);
}

/** Supabase Auth, step 1: a one-time code (and magic link) by email. */
export async function requestSupabaseCodeAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const email = String(formData.get("email") ?? "");
  try {
    await limitSignIn((await getDatabase()).db);
    await requestSupabaseCode({ email }, getEnv().HERALD_PUBLIC_URL ?? (await origin()));
    return { sentTo: email };
  } catch (error) {
    return { error: toHeraldApiError(error).message };
  }
}

/** Supabase Auth, step 2: the code from the email; Supabase's cookies are set on success. */
export async function verifySupabaseCodeAction(previous: SignInState, formData: FormData): Promise<SignInState> {
  try {
    await limitSignIn((await getDatabase()).db);
    await verifySupabaseCode({ email: String(formData.get("email") ?? ""), code: String(formData.get("code") ?? "") });
  } catch (error) {
    return { ...previous, error: toHeraldApiError(error).message };
  }
  redirect("/");
}

export async function signOutAction(): Promise<void> {
  await signOutOfSupabase();
  await clearSessionCookie();
  redirect("/sign-in");
}
