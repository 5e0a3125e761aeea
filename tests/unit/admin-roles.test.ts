import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adminPermissions, adminRoles, can, canChangeRole, isMember, toRole, type AdminPermission, type Role } from "@/lib/auth/admin-roles";

const roles: Role[] = ["user", ...adminRoles];
const permissions = Object.keys(adminPermissions) as AdminPermission[];

describe("member roles", () => {
  it("read app_metadata.role: the four member roles, and anything else is a plain user", () => {
    expect(adminRoles.map(toRole)).toEqual(["viewer", "editor", "admin", "owner"]);
    for (const stored of [undefined, null, "", "user", "Admin", "superuser", 1, { role: "admin" }]) expect(toRole(stored)).toBe("user");
    expect(isMember("user")).toBe(false);
    expect(adminRoles.every(isMember)).toBe(true);
  });

  it("grant what the table says, and each role everything the weaker ones have", () => {
    const holders = (p: AdminPermission) => roles.filter((r) => can(r, p));
    expect(holders("admin:read")).toEqual(["viewer", "editor", "admin", "owner"]);
    expect(holders("templates:write")).toEqual(["editor", "admin", "owner"]);
    expect(holders("notifications:send")).toEqual(["editor", "admin", "owner"]);
    for (const p of ["api_keys:write", "webhooks:write", "dead_letters:write", "preferences:write", "realtime:write", "members:read", "members:write"] as const) {
      expect(holders(p), p).toEqual(["admin", "owner"]);
    }
    expect(holders("owners:write")).toEqual(["owner"]);
    fc.assert(
      fc.property(fc.constantFrom(...permissions), fc.constantFrom(...adminRoles), fc.constantFrom(...adminRoles), (p, a, b) => {
        if (adminRoles.indexOf(a) <= adminRoles.indexOf(b) && can(a, p)) expect(can(b, p)).toBe(true);
      }),
    );
  });

  it("a plain user holds no permission at all", () => {
    for (const p of permissions) expect(can("user", p)).toBe(false);
  });

  it("admins manage members below owner; only owners make, change or remove owners", () => {
    expect(canChangeRole("admin", "user", "editor")).toBe(true);
    expect(canChangeRole("admin", "viewer", "admin")).toBe(true);
    expect(canChangeRole("admin", "admin", "user")).toBe(true);
    expect(canChangeRole("admin", "user", "owner")).toBe(false);
    expect(canChangeRole("admin", "owner", "admin")).toBe(false);
    expect(canChangeRole("owner", "owner", "viewer")).toBe(true);
    expect(canChangeRole("owner", "user", "owner")).toBe(true);
    for (const actor of ["user", "viewer", "editor"] as const) expect(canChangeRole(actor, "user", "viewer")).toBe(false);
  });
});
