import { cookies } from "next/headers";
import { cache } from "react";
import { getDatabase } from "@/lib/db/get-database";
import { runtimeModes } from "@/lib/env";
import { createSupabaseServerClient } from "@/lib/supabase/server";
import { readSessionToken, SESSION_COOKIE } from "./local-session";
import { findSessionUser, type SessionUser } from "./session-user";

/**
 * The signed-in user of this request (local session cookie, or Supabase Auth), or null. Read
 * once per server render: an admin page's layout and the page itself both ask.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  // Cookies first: reading them marks the page dynamic before anything touches the database.
  const cookieStore = await cookies();
  const { db } = await getDatabase();
  let userId: string | null = null;
  const mode = runtimeModes().auth;
  if (mode === "supabase") {
    // getClaims verifies the JWT (against the project's keys); getSession would trust the cookie.
    const { data } = await (await createSupabaseServerClient()).auth.getClaims();
    userId = typeof data?.claims.sub === "string" ? data.claims.sub : null;
  } else {
    const token = cookieStore.get(SESSION_COOKIE)?.value;
    userId = token ? await readSessionToken(db, token, mode) : null;
  }
  return userId ? findSessionUser(db, { id: userId }) : null;
});
