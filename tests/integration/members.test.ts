import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliActor, type AuditActor } from "@/lib/audit/audit-actor";
import type { AdminRole } from "@/lib/auth/admin-roles";
import { findSessionUser } from "@/lib/auth/session-user";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { inviteMember } from "@/lib/members/invite-member";
import { listMembers } from "@/lib/members/list-members";
import { setMemberRole } from "@/lib/members/set-member-role";
import { apiErrorOf } from "../support/api-error-of";
import { createTestDatabase, testDatabaseKinds } from "../support/databases";

const OWNER = "0a000000-0000-4000-8000-00000000000a";
const ADMIN = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const EDITOR = "0e000000-0000-4000-8000-00000000000e";
const ALICE = "11111111-1111-4111-8111-111111111111";
const as = (id: string, role: AdminRole): AuditActor => ({ type: "user", id, email: `${role}@example.com`, role });

describe.each(testDatabaseKinds())("members on %s", (kind) => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedDemoData(t.database);
  });
  afterAll(() => t.drop());

  const roleOf = async (email: string) => (await findSessionUser(t.database.db, { email }))?.role;
  const auditOf = (targetId: string) =>
    t.database.query<{ action: string; actor_name: string; before: unknown; after: unknown }>(
      "select action, actor_name, before, after from audit_log where target_type = 'member' and target_id = $1 order by created_at, id",
      [targetId],
    );

  it("invites: creates a missing user, adds an existing one, changes a member's role, and says which", async () => {
    const admin = as(ADMIN, "admin");
    const created = await inviteMember(t.database.db, { email: "New.Person@Example.com", role: "editor", name: "New Person" }, admin);
    expect(created).toMatchObject({ outcome: "created", member: { email: "new.person@example.com", role: "editor", name: "New Person" } });
    expect(await roleOf("new.person@example.com")).toBe("editor");
    expect(await inviteMember(t.database.db, { email: "alice@example.com", role: "viewer" }, admin)).toMatchObject({ outcome: "added", member: { id: ALICE, role: "viewer" } });
    expect(await inviteMember(t.database.db, { email: "alice@example.com", role: "viewer" }, admin)).toMatchObject({ outcome: "unchanged" });
    expect(await inviteMember(t.database.db, { email: "alice@example.com", role: "editor" }, admin)).toMatchObject({ outcome: "role_changed", member: { role: "editor" } });
    expect((await auditOf(ALICE)).map((e) => [e.action, e.before, e.after])).toEqual([
      ["member.invite", { email: "alice@example.com", role: "user" }, { email: "alice@example.com", role: "viewer" }],
      ["member.role_change", { email: "alice@example.com", role: "viewer" }, { email: "alice@example.com", role: "editor" }],
    ]);
    expect((await auditOf(created.member.id))[0]).toMatchObject({ action: "member.invite", actor_name: "admin@example.com", before: null, after: { email: "new.person@example.com", role: "editor" } });
  });

  it("on Supabase, only sets the role of a user that already exists in Supabase Auth, and says so otherwise", async () => {
    const admin = as(ADMIN, "admin");
    expect(await apiErrorOf(inviteMember(t.database.db, { email: "nobody@example.com", role: "viewer" }, admin, { createUsers: false }))).toMatchObject({
      status: 422,
      issues: [{ path: "email", message: expect.stringMatching(/Supabase Auth/) }],
    });
    expect(await findSessionUser(t.database.db, { email: "nobody@example.com" })).toBeNull();
    expect(await inviteMember(t.database.db, { email: "bob@example.com", role: "viewer" }, admin, { createUsers: false })).toMatchObject({ outcome: "added" });
  });

  it("names bad fields and refuses what the actor's role does not allow", async () => {
    const admin = as(ADMIN, "admin");
    expect(await apiErrorOf(inviteMember(t.database.db, { email: "not-an-email", role: "boss" }, admin))).toMatchObject({
      status: 422,
      issues: expect.arrayContaining([expect.objectContaining({ path: "email" }), expect.objectContaining({ path: "role" })]),
    });
    expect(await apiErrorOf(inviteMember(t.database.db, { email: "x@example.com", role: "owner" }, admin))).toMatchObject({ status: 403 });
    expect(await apiErrorOf(setMemberRole(t.database.db, OWNER, "admin", admin))).toMatchObject({ status: 403 });
    expect(await apiErrorOf(setMemberRole(t.database.db, OWNER, "user", admin))).toMatchObject({ status: 403 });
    expect(await apiErrorOf(setMemberRole(t.database.db, ADMIN, "viewer", as(EDITOR, "editor")))).toMatchObject({ status: 403 });
    expect(await roleOf("owner@example.com")).toBe("owner");
    expect(await roleOf("x@example.com")).toBeUndefined();
    // Not a member (a plain user, an unknown id, not an id): nothing to change.
    const [plain] = await t.database.query<{ id: string }>("insert into auth.users (email) values ('plain@example.com') returning id");
    expect(await apiErrorOf(setMemberRole(t.database.db, plain!.id, "user", as(OWNER, "owner")))).toMatchObject({ status: 404 });
    expect(await apiErrorOf(setMemberRole(t.database.db, "00000000-0000-4000-8000-000000000000", "viewer", as(OWNER, "owner")))).toMatchObject({ status: 404 });
    expect(await apiErrorOf(setMemberRole(t.database.db, "nope", "viewer", as(OWNER, "owner")))).toMatchObject({ status: 404 });
  });

  it("never removes or demotes the last owner, even when two owners demote each other at once", async () => {
    const owner = as(OWNER, "owner");
    expect(await apiErrorOf(setMemberRole(t.database.db, OWNER, "admin", owner))).toMatchObject({ status: 409, issues: [{ path: "role" }] });
    expect(await apiErrorOf(setMemberRole(t.database.db, OWNER, "user", cliActor))).toMatchObject({ status: 409 });
    const second = await inviteMember(t.database.db, { email: "second.owner@example.com", role: "owner" }, owner);
    const results = await Promise.allSettled([
      setMemberRole(t.database.db, OWNER, "admin", as(second.member.id, "owner")),
      setMemberRole(t.database.db, second.member.id, "admin", owner),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const owners = (await listMembers(t.database.db, { limit: 100 })).items.filter((m) => m.role === "owner");
    expect(owners).toHaveLength(1);
    // With another owner, an owner can step down, and removing leaves a plain user with their account.
    const survivor = owners[0]!;
    const other = survivor.id === OWNER ? second.member.id : OWNER;
    await setMemberRole(t.database.db, other, "owner", as(survivor.id, "owner"));
    expect(await setMemberRole(t.database.db, survivor.id, "user", as(survivor.id, "owner"))).toMatchObject({ role: "user" });
    expect((await auditOf(survivor.id)).at(-1)).toMatchObject({ action: "member.remove", after: { role: "user" } });
  });

  it("lists members newest first, by cursor, and no plain users", async () => {
    const first = await listMembers(t.database.db, { limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.hasMore).toBe(true);
    const rest = await listMembers(t.database.db, { limit: 100, after: first.after! });
    const all = [...first.items, ...rest.items];
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
    const plain = await t.database.query<{ id: string }>("select id from auth.users where coalesce(raw_app_meta_data ->> 'role', 'user') not in ('viewer', 'editor', 'admin', 'owner')");
    expect(plain.length).toBeGreaterThan(0);
    expect(all.map((m) => m.id)).not.toEqual(expect.arrayContaining([plain[0]!.id]));
    const [{ n }] = (await t.database.query<{ n: number }>("select count(*)::int as n from auth.users")) as [{ n: number }];
    expect(all).toHaveLength(n - plain.length);
    expect(all.map((m) => m.email)).toEqual(expect.arrayContaining(["admin@example.com", "editor@example.com", "viewer@example.com", "new.person@example.com"]));
    expect(await apiErrorOf(listMembers(t.database.db, { after: "garbage" }))).toMatchObject({ status: 422, issues: [{ path: "after" }] });
  });
});
