import { z } from "zod";
import { readJsonBody } from "@/lib/api/read-body";
import { withAdmin } from "@/lib/auth/with-auth";
import { recordAudit } from "@/lib/audit/record-audit";
import { inngest } from "@/inngest/client";
import { realtimeCleanupRequested } from "@/inngest/events";

const bodySchema = z.object({ olderThanHours: z.number().int().min(1).max(720).optional() });

// POST /api/admin/realtime/cleanup – prune the live feed's resume log now, as a durable run
export const POST = withAdmin("realtime:write", async ({ req, db, actor }) => {
  const body = bodySchema.parse(await readJsonBody(req));
  const { ids } = await inngest.send(realtimeCleanupRequested.create(body));
  await recordAudit(db, actor, { action: "realtime.cleanup", target: { type: "realtime", id: null }, after: { ...body, eventId: ids[0] } });
  return Response.json({ data: { eventId: ids[0] } }, { status: 202 });
});
