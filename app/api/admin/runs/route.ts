import { z } from "zod";
import { withAdmin } from "@/lib/auth/with-auth";
import { listRuns } from "@/inngest/executor/run-queries";

const querySchema = z.object({
  functionId: z.string().max(200).optional(),
  status: z.enum(["queued", "running", "sleeping", "waiting", "completed", "failed", "cancelled"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.iso.datetime({ offset: true }).optional(),
});

// GET /api/admin/runs – durable runs of the embedded executor, newest first
export const GET = withAdmin("admin:read", async ({ req, db }) => {
  const query = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const runs = await listRuns(db, { ...query, before: query.before ? new Date(query.before) : undefined });
  return Response.json({ data: runs, hasMore: runs.length === query.limit });
});
