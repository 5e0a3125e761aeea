import { createServerClient } from "@supabase/ssr";
import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";

/**
 * Refreshes the Supabase Auth session cookie on each page request, so Server Components (which
 * cannot write cookies) see a valid token. Authorization is still checked in every handler.
 */
export async function updateSupabaseSession(request: NextRequest, requestHeaders: Headers): Promise<NextResponse> {
  const env = getEnv();
  const next = () => NextResponse.next({ request: { headers: requestHeaders } });
  let response = next();
  const supabase = createServerClient(env.NEXT_PUBLIC_SUPABASE_URL!, env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY!, {
    cookies: {
      getAll: () => request.cookies.getAll(),
      setAll: (toSet) => {
        for (const { name, value } of toSet) request.cookies.set(name, value);
        // The refreshed cookies go on to the page in the forwarded Cookie header.
        requestHeaders.set("cookie", request.cookies.toString());
        response = next();
        for (const { name, value, options } of toSet) response.cookies.set(name, value, options);
      },
    },
  });
  // Do not run code between createServerClient and getClaims: it is what refreshes the token.
  await supabase.auth.getClaims();
  return response;
}
