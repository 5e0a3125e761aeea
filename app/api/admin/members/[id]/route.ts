import { readJsonBody } from "@/lib/api/read-body";
import { withAdmin } from "@/lib/auth/with-auth";
import { changeMemberRoleSchema } from "@/lib/members/member-schemas";
import { setMemberRole } from "@/lib/members/set-member-role";

// PATCH /api/admin/members/{id} – change a member's role ({ role })
export const PATCH = withAdmin("members:write", async ({ req, db, params, actor }) => {
  const { role } = changeMemberRoleSchema.parse(await readJsonBody(req));
  return Response.json({ data: await setMemberRole(db, params.id!, role, actor) });
});

// DELETE /api/admin/members/{id} – remove a member: their role becomes user; account and inbox stay
export const DELETE = withAdmin("members:write", async ({ db, params, actor }) => Response.json({ data: await setMemberRole(db, params.id!, "user", actor) }));
