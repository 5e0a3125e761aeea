import { readJsonBody } from "@/lib/api/read-body";
import { withAdmin } from "@/lib/auth/with-auth";
import { requestDeliveryReplays } from "@/lib/admin/request-delivery-replays";
import { announceReplays } from "@/inngest/announce-replays";

// POST /api/admin/dead-letters/replay – re-deliver dead letters on the durable path ({ ids: [...] }, at most 500)
export const POST = withAdmin("dead_letters:write", async ({ req, database, actor }) =>
  Response.json({ data: await requestDeliveryReplays(database, await readJsonBody(req), actor, announceReplays) }, { status: 202 }),
);
