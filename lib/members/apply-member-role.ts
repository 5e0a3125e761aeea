import { eq, sql } from "drizzle-orm";
import { HeraldApiError } from "@/lib/api/errors";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { canChangeRole, toRole, type Role } from "@/lib/auth/admin-roles";
import type { Db } from "@/lib/db/client";
import { authUsers } from "@/lib/db/schema";

type UserRow = typeof authUsers.$inferSelect;

/** 403 unless the actor may move someone from `from` to `to`; the operator CLI may do anything. */
export function assertMayChangeRole(actor: AuditActor, from: Role, to: Role) {
  if (actor.type === "cli") return;
  if (actor.type === "user" && canChangeRole(actor.role, from, to)) return;
  throw new HeraldApiError("forbidden", from === "owner" || to === "owner" ? "Only an owner can make, change or remove an owner." : "Managing members needs the admin role or higher.");
}

/**
 * Gives an existing user a role (`user` takes membership away) and audits it, inside the
 * caller's transaction. The last owner keeps their role: the owners are locked first, so two
 * owners demoting each other at once cannot leave none.
 */
export async function applyMemberRole(
  tx: Db,
  user: UserRow,
  to: Role,
  actor: AuditActor,
  action: "member.invite" | "member.role_change" | "member.remove",
): Promise<UserRow> {
  const from = toRole(user.rawAppMetaData?.role);
  assertMayChangeRole(actor, from, to);
  if (from === to) return user;
  if (from === "owner" && to !== "owner") {
    const owners = await tx
      .select({ id: authUsers.id })
      .from(authUsers)
      .where(sql`${authUsers.rawAppMetaData} ->> 'role' = 'owner'`)
      .for("update");
    if (owners.length <= 1) {
      throw new HeraldApiError("conflict", `role: ${user.email} is the last owner; make someone else an owner first`, [{ path: "role", message: "the last owner cannot be removed or demoted" }]);
    }
  }
  // Merged, not replaced: on Supabase app metadata also carries the sign-in provider.
  const [updated] = await tx
    .update(authUsers)
    .set({ rawAppMetaData: sql`coalesce(${authUsers.rawAppMetaData}, '{}'::jsonb) || jsonb_build_object('role', ${to}::text)` })
    .where(eq(authUsers.id, user.id))
    .returning();
  await recordAudit(tx, actor, { action, target: { type: "member", id: user.id }, before: { email: user.email, role: from }, after: { email: user.email, role: to } });
  return updated!;
}
