import { readJsonBody } from "@/lib/api/read-body";
import { withAdmin } from "@/lib/auth/with-auth";
import { rollbackTemplate } from "@/lib/templates/rollback-template";

// POST /api/admin/types/{key}/templates/rollback – save an old version's content as the new current version ({ channel, locale, version })
export const POST = withAdmin("templates:write", async ({ req, db, params, actor }) =>
  Response.json({ data: await rollbackTemplate(db, params.key!, await readJsonBody(req), actor) }, { status: 201 }),
);
