import { z } from "zod";
import { HeraldApiError } from "@/lib/api/errors";
import { inngestDashboardUrl } from "@/lib/admin/inngest-dashboard-url";
import { withAdmin } from "@/lib/auth/with-auth";
import { getRun } from "@/inngest/executor/run-queries";

// GET /api/admin/runs/{id} – one run with each step: timing, attempts, output size, error
export const GET = withAdmin("admin:read", async ({ db, params }) => {
  const id = z.uuid({ error: "id: expected a run id (uuid)" }).parse(params.id);
  const dashboardUrl = inngestDashboardUrl();
  if (dashboardUrl) throw new HeraldApiError("not_found", `Runs are executed by Inngest: see run ${id} at ${dashboardUrl}.`);
  const run = await getRun(db, id);
  if (!run) throw new HeraldApiError("not_found", `No run with id ${id}.`);
  return Response.json({ data: run });
});
