import { withApiKey } from "@/lib/auth/with-auth";
import { cancelNotification } from "@/lib/send/cancel-notification";
import { announceCancelled } from "@/inngest/announce-cancelled";

// POST /api/v1/notifications/{id}/cancel – stop a notification that has not been delivered yet
export const POST = withApiKey("notifications:write", async ({ db, params }) =>
  Response.json({ data: await cancelNotification(db, params.id!, announceCancelled) }),
);
