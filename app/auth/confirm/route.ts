import { NextResponse, type NextRequest } from "next/server";
import { verifySupabaseLink } from "@/lib/auth/supabase-sign-in";

// GET /auth/confirm – the landing of Supabase Auth's magic link: verify, then go to the inbox
export async function GET(request: NextRequest) {
  const url = request.nextUrl;
  const tokenHash = url.searchParams.get("token_hash");
  const type = url.searchParams.get("type") ?? "email";
  const to = new URL("/sign-in", url.origin);
  if (!tokenHash || !/^(email|magiclink)$/.test(type)) {
    to.searchParams.set("error", "That sign-in link is incomplete. Ask for a new one.");
    return NextResponse.redirect(to);
  }
  try {
    await verifySupabaseLink(tokenHash, type);
  } catch (error) {
    to.searchParams.set("error", error instanceof Error ? error.message : "That sign-in link did not work.");
    return NextResponse.redirect(to);
  }
  return NextResponse.redirect(new URL("/", url.origin));
}
