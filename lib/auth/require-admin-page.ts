import { forbidden, redirect } from "next/navigation";
import { can, type AdminPermission } from "./admin-roles";
import { getCurrentUser } from "./get-current-user";
import type { SessionUser } from "./session-user";

/**
 * Every admin page calls this itself, naming the permission it needs (not only the layout): a
 * layout is not re-rendered on client navigation, so it cannot be the only gate. Signed out →
 * sign-in; not a member, or a member without the permission → 403.
 */
export async function requireAdminPage(permission: AdminPermission): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  if (!can(user.role, permission)) forbidden();
  return user;
}
