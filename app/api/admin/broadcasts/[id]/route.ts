import { withAdmin } from "@/lib/auth/with-auth";
import { getBroadcast } from "@/lib/broadcasts/get-broadcast";

// GET /api/admin/broadcasts/{id} – a broadcast's status and progress (total, accepted, percent)
export const GET = withAdmin("admin:read", async ({ db, params }) => Response.json({ data: await getBroadcast(db, params.id!) }));
