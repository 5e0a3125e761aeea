"use server";

import { redirect } from "next/navigation";
import { getDatabase } from "@/lib/db/get-database";
import { toHeraldApiError } from "@/lib/api/errors";
import { clearSessionCookie, setSessionCookie } from "@/lib/auth/session-cookie";
import { signInLocalUser } from "@/lib/auth/sign-in-local-user";

export type SignInState = { error?: string };

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

export async function signOutAction(): Promise<void> {
  await clearSessionCookie();
  redirect("/sign-in");
}
