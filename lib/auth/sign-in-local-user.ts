import { z } from "zod";
import { HeraldApiError } from "@/lib/api/errors";
import type { Db } from "@/lib/db/client";
import { runtimeModes } from "@/lib/env";
import { issueSessionToken } from "./local-session";
import { findSessionUser } from "./session-user";

export const devSignInSchema = z.object({ email: z.email({ error: "expected an email address" }) });

/**
 * Local sign-in for the embedded default: whoever names a user becomes that user, admins
 * included. It exists only on the embedded database (or where an operator set
 * HERALD_UNSAFE_LOCAL_SIGN_IN), never with Supabase Auth.
 */
export async function signInLocalUser(db: Db, input: unknown) {
  if (runtimeModes().auth !== "local") {
    throw new HeraldApiError("not_found", "Not found.");
  }
  const { email } = devSignInSchema.parse(input);
  const user = await findSessionUser(db, { email });
  if (!user) throw new HeraldApiError("not_found", `No user with the email ${email}.`);
  return { user, token: await issueSessionToken(db, user.id, "local") };
}
