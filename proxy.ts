import { NextResponse, type NextRequest } from "next/server";
import { runtimeModes } from "@/lib/env";
import { updateSupabaseSession } from "@/lib/supabase/proxy";

export async function proxy(request: NextRequest) {
  if (runtimeModes().auth !== "supabase") return NextResponse.next();
  return updateSupabaseSession(request);
}

export const config = {
  // Pages only: never the durable-execution endpoint, provider callbacks, the realtime stream or static files.
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|js|txt)$).*)"],
};
