import type { EmailOtpType } from "@supabase/supabase-js";
import { z } from "zod";
import { HeraldApiError } from "@/lib/api/errors";
import { runtimeModes } from "@/lib/env";
import { createSupabaseServerClient } from "@/lib/supabase/server";

const emailSchema = z.strictObject({ email: z.email({ error: "expected an email address" }).max(320) });
const codeSchema = emailSchema.extend({ code: z.string().regex(/^\d{6,10}$/, { error: "expected the code from the email" }) });

function assertSupabase() {
  if (runtimeModes().auth !== "supabase") throw new HeraldApiError("not_found", "Supabase Auth is not configured on this deployment.");
}

/** Supabase's own errors, as a 4xx the form can show; its rate limit stays a 429. */
function fromSupabase(error: { status?: number; message: string }): HeraldApiError {
  if (error.status === 429) return new HeraldApiError("rate_limit_exceeded", "Too many sign-in attempts; wait a minute and try again.");
  if (error.status && error.status < 500) return new HeraldApiError("unauthorized", error.message);
  return new HeraldApiError("service_unavailable", "Supabase Auth is unavailable right now; try again in a minute.");
}

/**
 * Sends a one-time code (and magic link) to an existing Supabase user. Users are not created
 * here: who may sign in is the host app's decision, made in its own Supabase project.
 */
export async function requestSupabaseCode(input: unknown, origin: string): Promise<void> {
  assertSupabase();
  const { email } = emailSchema.parse(input);
  const supabase = await createSupabaseServerClient();
  const { error } = await supabase.auth.signInWithOtp({ email, options: { shouldCreateUser: false, emailRedirectTo: `${origin}/auth/confirm` } });
  // An unknown address answers like a known one, so the form does not reveal who has an account.
  if (error && !/signups not allowed|user not found/i.test(error.message)) throw fromSupabase(error);
}

/** Verifies the emailed code; on success the Supabase session cookies are set on this response. */
export async function verifySupabaseCode(input: unknown): Promise<void> {
  assertSupabase();
  const { email, code } = codeSchema.parse(input);
  const { error } = await (await createSupabaseServerClient()).auth.verifyOtp({ email, token: code, type: "email" });
  if (error?.status === 403) throw new HeraldApiError("unauthorized", "That code is wrong or has expired. Check the newest email, or send a new one.");
  if (error) throw fromSupabase(error);
}

/** The magic link's landing: `token_hash` and `type` from Supabase's email template. */
export async function verifySupabaseLink(tokenHash: string, type: string): Promise<void> {
  assertSupabase();
  const { error } = await (await createSupabaseServerClient()).auth.verifyOtp({ token_hash: tokenHash, type: type as EmailOtpType });
  if (error) throw fromSupabase(error);
}

export async function signOutOfSupabase(): Promise<void> {
  if (runtimeModes().auth !== "supabase") return;
  await (await createSupabaseServerClient()).auth.signOut();
}
