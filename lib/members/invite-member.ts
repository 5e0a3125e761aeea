import { eq } from "drizzle-orm";
import { HeraldApiError } from "@/lib/api/errors";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { toRole } from "@/lib/auth/admin-roles";
import type { Db } from "@/lib/db/client";
import { authUsers } from "@/lib/db/schema";
import { runtimeModes } from "@/lib/env";
import { applyMemberRole, assertMayChangeRole } from "./apply-member-role";
import { inviteMemberSchema, toMember, type Member } from "./member-schemas";

export type InviteOutcome = "created" | "added" | "role_changed" | "unchanged";

/**
 * Makes the user with this email a member with this role. A user that does not exist yet is
 * created (its sign-in comes later, by emailed link) — except on Supabase, where users live in
 * Supabase Auth: there they must exist first, and the answer says so. An existing member gets
 * the new role.
 */
export async function inviteMember(
  db: Db,
  body: unknown,
  actor: AuditActor,
  { createUsers = runtimeModes().auth !== "supabase" }: { createUsers?: boolean } = {},
): Promise<{ member: Member; outcome: InviteOutcome }> {
  const { email, role, name } = inviteMemberSchema.parse(body);
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(authUsers).where(eq(authUsers.email, email)).for("update");
    if (user) {
      const from = toRole(user.rawAppMetaData?.role);
      if (from === role) return { member: toMember(user), outcome: "unchanged" as const };
      const updated = await applyMemberRole(tx, user, role, actor, from === "user" ? "member.invite" : "member.role_change");
      return { member: toMember(updated), outcome: from === "user" ? ("added" as const) : ("role_changed" as const) };
    }
    if (!createUsers) {
      throw new HeraldApiError("unprocessable_entity", `email: no Supabase Auth user has the email ${email}; invite them in Supabase Auth first, then give them a role here`, [
        { path: "email", message: "no Supabase Auth user with this email" },
      ]);
    }
    assertMayChangeRole(actor, "user", role);
    const [created] = await tx
      .insert(authUsers)
      .values({ email, rawAppMetaData: { role }, rawUserMetaData: name ? { full_name: name } : {} })
      .onConflictDoNothing()
      .returning();
    if (!created) throw new HeraldApiError("conflict", `email: ${email} was added a moment ago; try again`, [{ path: "email", message: "just added by someone else" }]);
    await recordAudit(tx, actor, { action: "member.invite", target: { type: "member", id: created.id }, before: null, after: { email, role, name: name ?? null } });
    return { member: toMember(created), outcome: "created" as const };
  });
}
