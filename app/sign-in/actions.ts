"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDatabase } from "@/lib/db/get-database";
import { toHeraldApiError } from "@/lib/api/errors";
import { clearSessionCookie, setSessionCookie } from "@/lib/auth/session-cookie";
import { redeemSignInLink, requestSignInLink } from "@/lib/auth/email-sign-in";
import { signInLocalUser } from "@/lib/auth/sign-in-local-user";
import { requestSupabaseCode, signOutOfSupabase, verifySupabaseCode } from "@/lib/auth/supabase-sign-in";

export type SignInState = { error?: string; sentTo?: string };

async function requestOrigin(): Promise<string> {
  const h = await headers();
  const proto = (h.get("x-forwarded-proto") ?? "http").split(",")[0]!.trim();
  return h.get("origin") ?? `${proto}://${h.get("x-forwarded-host") ?? h.get("host")}`;
}

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  try {
    const { db } = await getDatabase();
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
    await requestSignInLink(db, { email }, { baseUrl: await requestOrigin() });
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
    await requestSupabaseCode({ email }, await requestOrigin());
    return { sentTo: email };
  } catch (error) {
    return { error: toHeraldApiError(error).message };
  }
}

/** Supabase Auth, step 2: the code from the email; Supabase's cookies are set on success. */
export async function verifySupabaseCodeAction(previous: SignInState, formData: FormData): Promise<SignInState> {
  try {
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
