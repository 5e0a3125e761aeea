import { clearSessionCookie } from "@/lib/auth/session-cookie";

// POST /api/auth/sign-out – end the local session
export async function POST() {
  await clearSessionCookie();
  return new Response(null, { status: 204 });
}
