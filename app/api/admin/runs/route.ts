import { z } from "zod";
import { withAdmin } from "@/lib/auth/with-auth";
import { inngestDashboardUrl } from "@/lib/admin/inngest-dashboard-url";
import { listRuns } from "@/inngest/executor/run-queries";

const querySchema = z.object({
  functionId: z.string().max(200).optional(),
  status: z.enum(["queued", "running", "sleeping", "waiting", "completed", "failed", "cancelled"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.iso.datetime({ offset: true }).optional(),
});

// GET /api/admin/runs – durable runs of the embedded executor, newest first (with Inngest: a link to its dashboard)
export const GET = withAdmin("admin:read", async ({ req, db }) => {
  const query = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  // With Inngest the runs are Inngest's: none here, and where to see them.
  const dashboardUrl = inngestDashboardUrl();
  if (dashboardUrl) return Response.json({ data: [], hasMore: false, dashboardUrl });
  const runs = await listRuns(db, { ...query, before: query.before ? new Date(query.before) : undefined });
  return Response.json({ data: runs, hasMore: runs.length === query.limit });
});
