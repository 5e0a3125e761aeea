import { readJsonBody } from "@/lib/api/read-body";
import { withAdmin } from "@/lib/auth/with-auth";
import { listBroadcasts } from "@/lib/broadcasts/list-broadcasts";
import { startBroadcast } from "@/lib/broadcasts/start-broadcast";
import { MAX_BODY_BYTES } from "@/lib/notifications/schemas";
import { announceBroadcast } from "@/inngest/announce-broadcast";

// POST /api/admin/broadcasts – send to every recipient matching { filter } (a send request with filter instead of to)
export const POST = withAdmin("notifications:send", async ({ req, db, actor }) =>
  Response.json({ data: await startBroadcast(db, await readJsonBody(req, { maxBytes: MAX_BODY_BYTES }), { actor, announce: announceBroadcast }) }, { status: 202 }),
);

// GET /api/admin/broadcasts – broadcasts, newest first, with their progress (?limit, after)
export const GET = withAdmin("admin:read", async ({ req, db }) => {
  const page = await listBroadcasts(db, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ data: page.items, hasMore: page.hasMore, after: page.after });
});
