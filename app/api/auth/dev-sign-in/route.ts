import { getDatabase } from "@/lib/db/get-database";
import { handleAndReturnErrorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/read-body";
import { setSessionCookie } from "@/lib/auth/session-cookie";
import { signInLocalUser } from "@/lib/auth/sign-in-local-user";
import { clientAddress } from "@/lib/rate-limit/client-address";
import { enforceRateLimit } from "@/lib/rate-limit/enforce-rate-limit";

// POST /api/auth/dev-sign-in – sign in as a seeded user by email (embedded default only)
export async function POST(req: Request) {
  try {
    const { db } = await getDatabase();
    await enforceRateLimit(db, "sign-in", `address:${clientAddress(req)}`);
    const { user, token } = await signInLocalUser(db, await readJsonBody(req));
    await setSessionCookie(token);
    return Response.json({ user });
  } catch (error) {
    return handleAndReturnErrorResponse(error);
  }
}
