import { withAdmin } from "@/lib/auth/with-auth";
import { searchRecipients } from "@/lib/recipients/search-recipients";

// GET /api/admin/recipients – search recipients by name, email or id (?search, locale, hasEmail, hasPhone, limit, after)
export const GET = withAdmin("admin:read", async ({ req, db }) => {
  const page = await searchRecipients(db, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ data: page.items, hasMore: page.hasMore, after: page.after });
});
