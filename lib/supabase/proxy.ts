import { createServerClient } from "@supabase/ssr";
import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";

/**
 * Refreshes the Supabase Auth session cookie on each page request, so Server Components (which
 * cannot write cookies) see a valid token. Authorization is still checked in every handler.
 */
export async function updateSupabaseSession(request: NextRequest): Promise<NextResponse> {
  const env = getEnv();
  let response = NextResponse.next({ request });
  const supabase = createServerClient(env.NEXT_PUBLIC_SUPABASE_URL!, env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY!, {
    cookies: {
      getAll: () => request.cookies.getAll(),
      setAll: (toSet) => {
        for (const { name, value } of toSet) request.cookies.set(name, value);
        response = NextResponse.next({ request });
        for (const { name, value, options } of toSet) response.cookies.set(name, value, options);
      },
    },
  });
  // Do not run code between createServerClient and getClaims: it is what refreshes the token.
  await supabase.auth.getClaims();
  return response;
}
