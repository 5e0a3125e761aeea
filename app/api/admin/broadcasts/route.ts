import { readJson, withAdmin } from "@/lib/auth/with-auth";
import { startBroadcast } from "@/lib/broadcasts/start-broadcast";
import { MAX_BODY_BYTES } from "@/lib/notifications/schemas";

// POST /api/admin/broadcasts – send to every recipient matching { filter } (a send request with filter instead of to)
export const POST = withAdmin(async ({ req, db, user }) =>
  Response.json({ data: await startBroadcast(db, await readJson(req, MAX_BODY_BYTES), { createdBy: user.id }) }, { status: 202 }),
);
