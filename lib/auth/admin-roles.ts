import { z } from "zod";

// Herald's members and what each may do. Pure: the server enforces it (withAdmin,
// requireAdminPage) and the admin UI reads it to hide what a member cannot do.

/** Member roles, weakest first: each can do everything the ones before it can. */
export const adminRoles = ["viewer", "editor", "admin", "owner"] as const;
export type AdminRole = (typeof adminRoles)[number];
export const adminRoleSchema = z.enum(adminRoles, { error: `expected one of ${adminRoles.join(", ")}` });

/** Every role a signed-in user can have; `user` is everyone who is not a member. */
export type Role = "user" | AdminRole;

/** The weakest role holding each permission. Every admin page and API route names one of these. */
export const adminPermissions = {
  // Every admin page and every GET of the admin API.
  "admin:read": "viewer",
  // Notification types and templates: create, change, save, roll back, preview.
  "templates:write": "editor",
  // Send (including a template's test send) and broadcasts.
  "notifications:send": "editor",
  "api_keys:write": "admin",
  "webhooks:write": "admin",
  // Replay and discard dead letters.
  "dead_letters:write": "admin",
  // Change a recipient's preferences on their behalf.
  "preferences:write": "admin",
  "realtime:write": "admin",
  "members:read": "admin",
  // Invite members, change and remove them, below owner.
  "members:write": "admin",
  // Make someone an owner, or change or remove an owner.
  "owners:write": "owner",
} as const satisfies Record<string, AdminRole>;
export type AdminPermission = keyof typeof adminPermissions;

const rank = (role: Role) => adminRoles.indexOf(role as AdminRole);

/**
 * The role stored in `app_metadata.role` (which users cannot edit on Supabase). Anything
 * Herald does not know — missing, misspelt, another app's role — is a plain user.
 */
export function toRole(stored: unknown): Role {
  return adminRoles.includes(stored as AdminRole) ? (stored as AdminRole) : "user";
}

export function isMember(role: Role): role is AdminRole {
  return rank(role) >= 0;
}

/** Whether a user with this role holds the permission. */
export function can(role: Role, permission: AdminPermission): boolean {
  return isMember(role) && rank(role) >= rank(adminPermissions[permission]);
}

/** Whether `actor` may move a user from role `from` to role `to` (`user` removes them). */
export function canChangeRole(actor: Role, from: Role, to: Role): boolean {
  if (!can(actor, "members:write")) return false;
  return from === "owner" || to === "owner" ? can(actor, "owners:write") : true;
}
