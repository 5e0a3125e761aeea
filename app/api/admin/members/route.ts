import { readJsonBody } from "@/lib/api/read-body";
import { withAdmin } from "@/lib/auth/with-auth";
import { inviteMember } from "@/lib/members/invite-member";
import { listMembers } from "@/lib/members/list-members";

// GET /api/admin/members – members (viewer, editor, admin, owner), newest first (?limit, after)
export const GET = withAdmin("members:read", async ({ req, db }) => {
  const page = await listMembers(db, Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ data: page.items, hasMore: page.hasMore, after: page.after });
});

// POST /api/admin/members – make the user with { email } a member with { role } (creating the user where Herald keeps its own users)
export const POST = withAdmin("members:write", async ({ req, db, actor }) => {
  const invited = await inviteMember(db, await readJsonBody(req), actor);
  return Response.json({ data: invited }, { status: invited.outcome === "created" ? 201 : 200 });
});
