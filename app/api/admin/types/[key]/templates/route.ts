import { readJson, withAdmin } from "@/lib/auth/with-auth";
import { saveTemplate } from "@/lib/templates/save-template";

// POST /api/admin/types/{key}/templates – save a new template version ({ channel, locale, content })
export const POST = withAdmin(async ({ req, db, params, user }) =>
  Response.json({ data: await saveTemplate(db, params.key!, await readJson(req), user.id) }, { status: 201 }),
);
