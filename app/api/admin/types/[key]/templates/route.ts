import { readJsonBody } from "@/lib/api/read-body";
import { withAdmin } from "@/lib/auth/with-auth";
import { listTemplateVersions } from "@/lib/templates/list-template-versions";
import { saveTemplate } from "@/lib/templates/save-template";

// GET /api/admin/types/{key}/templates – a template's versions, newest first (?channel, locale, limit, after)
export const GET = withAdmin("admin:read", async ({ req, db, params }) => {
  const page = await listTemplateVersions(db, params.key!, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ data: page.items, hasMore: page.hasMore, after: page.after });
});

// POST /api/admin/types/{key}/templates – save a new template version ({ channel, locale, content })
export const POST = withAdmin("templates:write", async ({ req, db, params, actor }) =>
  Response.json({ data: await saveTemplate(db, params.key!, await readJsonBody(req), actor) }, { status: 201 }),
);
