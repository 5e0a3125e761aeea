import { eq } from "drizzle-orm";
import { z } from "zod";
import { HeraldApiError } from "@/lib/api/errors";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { isMember, toRole, type Role } from "@/lib/auth/admin-roles";
import type { Db } from "@/lib/db/client";
import { authUsers } from "@/lib/db/schema";
import { applyMemberRole } from "./apply-member-role";

/**
 * Changes a member's role; `user` removes them (they keep their account and inbox, as a plain
 * user). 404 for anyone who is not a member: inviting is how someone becomes one.
 */
export async function setMemberRole(db: Db, id: string, to: Role, actor: AuditActor): Promise<{ id: string; email: string; role: Role }> {
  const notFound = () => new HeraldApiError("not_found", `No member with id '${id}'.`);
  if (!z.uuid().safeParse(id).success) throw notFound();
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(authUsers).where(eq(authUsers.id, id)).for("update");
    if (!user || !isMember(toRole(user.rawAppMetaData?.role))) throw notFound();
    const updated = await applyMemberRole(tx, user, to, actor, to === "user" ? "member.remove" : "member.role_change");
    return { id: updated.id, email: updated.email ?? "", role: toRole(updated.rawAppMetaData?.role) };
  });
}
