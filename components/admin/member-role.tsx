"use client";

import { createContext, useContext } from "react";
import { can, type AdminPermission, type Role } from "@/lib/auth/admin-roles";

// The signed-in member's role, set once by the admin layout, so any admin component can hide
// what the member may not do. Only a courtesy: the server checks every call itself.
const MemberRoleContext = createContext<Role>("user");

export function MemberRoleProvider({ role, children }: { role: Role; children: React.ReactNode }) {
  return <MemberRoleContext.Provider value={role}>{children}</MemberRoleContext.Provider>;
}

export function useMemberRole(): Role {
  return useContext(MemberRoleContext);
}

/** Whether the signed-in member holds the permission. */
export function useCan(permission: AdminPermission): boolean {
  return can(useMemberRole(), permission);
}
