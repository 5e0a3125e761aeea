import { handleAndReturnErrorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/read-body";
import { redeemSignInLink } from "@/lib/auth/email-sign-in";
import { setSessionCookie } from "@/lib/auth/session-cookie";
import { getDatabase } from "@/lib/db/get-database";
import { clientAddress } from "@/lib/rate-limit/client-address";
import { enforceRateLimit } from "@/lib/rate-limit/enforce-rate-limit";

// POST /api/auth/sign-in-link/redeem – trade a link's token (once) for a session cookie
export async function POST(req: Request) {
  try {
    const { db } = await getDatabase();
    await enforceRateLimit(db, "sign-in", `address:${clientAddress(req)}`);
    const { user, token } = await redeemSignInLink(db, await readJsonBody(req, { maxBytes: 4_096 }));
    await setSessionCookie(token);
    return Response.json({ data: { user: { email: user.email, name: user.name, role: user.role } } });
  } catch (error) {
    return handleAndReturnErrorResponse(error);
  }
}
