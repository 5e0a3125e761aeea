import { handleAndReturnErrorResponse } from "@/lib/api/errors";
import { readJsonBody } from "@/lib/api/read-body";
import { requestSignInLink } from "@/lib/auth/email-sign-in";
import { getDatabase } from "@/lib/db/get-database";
import { clientAddress } from "@/lib/rate-limit/client-address";
import { enforceRateLimit } from "@/lib/rate-limit/enforce-rate-limit";

// POST /api/auth/sign-in-link – email a single-use sign-in link (deployments without Supabase Auth)
export async function POST(req: Request) {
  try {
    const { db } = await getDatabase();
    await enforceRateLimit(db, "sign-in", `address:${clientAddress(req)}`);
    await requestSignInLink(db, await readJsonBody(req, { maxBytes: 4_096 }));
    return Response.json({ data: { sent: true, message: "If that address has an account, a sign-in link is on its way." } }, { status: 202 });
  } catch (error) {
    return handleAndReturnErrorResponse(error);
  }
}
