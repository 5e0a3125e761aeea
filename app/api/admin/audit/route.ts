import { withAdmin } from "@/lib/auth/with-auth";
import { listAuditLog } from "@/lib/audit/list-audit-log";

// GET /api/admin/audit – who changed what, newest first (?actor=&action=&targetType=&from=&to=&limit=&after=)
export const GET = withAdmin("admin:read", async ({ req, db }) => {
  const page = await listAuditLog(db, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ data: page.items, hasMore: page.hasMore, after: page.after });
});
