import { withAdmin } from "@/lib/auth/with-auth";
import { getRecipientProfile } from "@/lib/recipients/get-recipient-profile";

// GET /api/admin/recipients/{id} – a recipient's profile, push tokens and preferences (id is the host app's id)
export const GET = withAdmin("admin:read", async ({ db, params }) => Response.json({ data: await getRecipientProfile(db, params.id!) }));
