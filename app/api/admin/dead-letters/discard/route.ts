import { readJsonBody } from "@/lib/api/read-body";
import { withAdmin } from "@/lib/auth/with-auth";
import { discardDeadLetters } from "@/lib/admin/discard-dead-letters";

// POST /api/admin/dead-letters/discard – take dead letters off the list, keeping their history ({ ids: [...] }, at most 500)
export const POST = withAdmin("dead_letters:write", async ({ req, database, actor }) =>
  Response.json({ data: await discardDeadLetters(database, await readJsonBody(req), actor) }),
);
