import { readJsonBody } from "@/lib/api/read-body";
import { withAdmin } from "@/lib/auth/with-auth";
import { updateNotificationType } from "@/lib/templates/update-notification-type";

// PATCH /api/admin/types/{key} – change a type's settings (name, description, category, defaultChannels, critical, escalation, defaultLocale, variables, inboxTtlDays)
export const PATCH = withAdmin("templates:write", async ({ req, db, params, actor }) =>
  Response.json({ data: await updateNotificationType(db, params.key!, await readJsonBody(req), actor) }),
);
