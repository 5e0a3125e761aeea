import { z } from "zod";
import { adminRoleSchema, toRole, type AdminRole } from "@/lib/auth/admin-roles";
import { timeCursorSchema } from "@/lib/db/time-cursor";

export const inviteMemberSchema = z.strictObject({
  email: z.email({ error: "expected an email address" }).max(255).transform((e) => e.toLowerCase()),
  role: adminRoleSchema,
  name: z.string().trim().min(1).max(100).optional(),
});

export const changeMemberRoleSchema = z.strictObject({ role: adminRoleSchema });

export const listMembersQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  after: timeCursorSchema.optional(),
});

export type Member = { id: string; email: string; name: string | null; role: AdminRole; createdAt: string };

/** A member as the API shows them, from an auth.users row known to hold a member role. */
export function toMember(row: { id: string; email: string | null; rawAppMetaData: { role?: string } | null; rawUserMetaData: { full_name?: string } | null; createdAt: Date }): Member {
  return {
    id: row.id,
    email: row.email ?? "",
    name: row.rawUserMetaData?.full_name ?? null,
    role: toRole(row.rawAppMetaData?.role) as AdminRole,
    createdAt: row.createdAt.toISOString(),
  };
}
