import { readJsonBody } from "@/lib/api/read-body";
import { withAdmin } from "@/lib/auth/with-auth";
import { previewTemplate } from "@/lib/templates/save-template";

// POST /api/admin/templates/preview – render a template with sample data ({ channel, content, data })
export const POST = withAdmin("templates:write", async ({ req }) => Response.json({ data: previewTemplate(await readJsonBody(req)) }));
