import { withAdmin } from "@/lib/auth/with-auth";
import { exportRecipientData } from "@/lib/recipients/export-recipient-data";

// GET /api/admin/recipients/{id}/export – download everything Herald holds about the recipient (audited with the member)
export const GET = withAdmin("admin:read", async ({ db, params, actor }) => {
  const { body, headers } = await exportRecipientData(db, params.id!, actor);
  return new Response(body, { headers });
});
