import { readJsonBody } from "@/lib/api/read-body";
import { withAdmin } from "@/lib/auth/with-auth";
import { createNotificationType } from "@/lib/templates/create-notification-type";
import { listNotificationTypes } from "@/lib/templates/list-notification-types";

// GET /api/admin/types – every notification type with its current templates
export const GET = withAdmin("admin:read", async ({ db }) => Response.json({ data: await listNotificationTypes(db) }));

// POST /api/admin/types – create a type ({ key, name, description?, defaultChannels?, critical?, escalation?, defaultLocale?, variables?, inboxTtlDays? })
export const POST = withAdmin("templates:write", async ({ req, db, actor }) =>
  Response.json({ data: await createNotificationType(db, await readJsonBody(req), actor) }, { status: 201 }),
);
