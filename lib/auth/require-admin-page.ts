import { forbidden, redirect } from "next/navigation";
import { getCurrentUser } from "./get-current-user";
import type { SessionUser } from "./session-user";

/**
 * Every admin page calls this itself (not only the layout): a layout is not re-rendered on
 * client navigation, so it cannot be the only gate. Signed out → sign-in; not admin → 403.
 */
export async function requireAdminPage(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  if (user.role !== "admin") forbidden();
  return user;
}
