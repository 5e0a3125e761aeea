import { withApiKey } from "@/lib/auth/with-auth";
import { exportRecipientData } from "@/lib/recipients/export-recipient-data";

// GET /api/v1/recipients/{id}/export – everything Herald holds about the recipient, as one JSON document (streamed, audited)
export const GET = withApiKey("recipients:read", async ({ db, params, actor }) => {
  const { body, headers } = await exportRecipientData(db, params.id!, actor);
  return new Response(body, { headers });
});
