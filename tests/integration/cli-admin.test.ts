import { execFile } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { createEmptyDatabase } from "../support/databases";

const root = path.resolve(import.meta.dirname, "../..");

/** Runs the operator CLI as an operator would (`npm run herald -- …`), against `url`. */
function herald(url: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("npx", ["tsx", "bin/herald.ts", ...args], { cwd: root, env: { ...process.env, DATABASE_URL: url, HERALD_DATA_DIR: "" }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

// A plain-PostgreSQL deployment gets its first owner from the CLI, before anyone can sign in.
describe.skipIf(!inject("postgresUrl"))("herald admin (CLI) on PostgreSQL", () => {
  let url: string;
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const created = await createEmptyDatabase("postgres");
    ({ database, drop } = created);
    url = created.url!;
  });
  afterAll(() => drop());

  const roleOf = async (email: string) =>
    (await database.query<{ role: string | null }>("select raw_app_meta_data ->> 'role' as role from auth.users where email = $1", [email]))[0]?.role;

  it("creates the first owner on an empty database, promotes an existing user, and lists members", async () => {
    const first = await herald(url, ["admin", "create", "--email", "Ops@Example.com", "--role", "owner", "--name", "Ops Team"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Created ops@example\.com \([0-9a-f-]{36}\), now owner\./);
    expect(await roleOf("ops@example.com")).toBe("owner");

    await database.query("insert into auth.users (email) values ('dev@example.com')");
    const promoted = await herald(url, ["admin", "create", "--email", "dev@example.com", "--role", "editor"]);
    expect(promoted.stdout).toMatch(/Added dev@example\.com .* now editor\./);
    expect(await roleOf("dev@example.com")).toBe("editor");

    const listed = await herald(url, ["admin", "list"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/owner\s+ops@example\.com\s+\(Ops Team\)/);
    expect(listed.stdout).toMatch(/editor\s+dev@example\.com/);

    const audit = await database.query<{ actor_type: string; actor_name: string; action: string; after: { role: string } }>(
      "select actor_type, actor_name, action, after from audit_log where target_type = 'member' order by created_at",
    );
    expect(audit.map((a) => [a.actor_type, a.actor_name, a.action, a.after.role])).toEqual([
      ["cli", "cli", "member.invite", "owner"],
      ["cli", "cli", "member.invite", "editor"],
    ]);
  });

  it("refuses to demote the last owner and names a bad role or email, changing nothing", async () => {
    const demote = await herald(url, ["admin", "create", "--email", "ops@example.com", "--role", "admin"]);
    expect(demote.code).toBe(1);
    expect(demote.stderr).toMatch(/last owner/);
    expect(await roleOf("ops@example.com")).toBe("owner");

    const badRole = await herald(url, ["admin", "create", "--email", "x@example.com", "--role", "boss"]);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toMatch(/^role: expected one of viewer, editor, admin, owner/);
    const badEmail = await herald(url, ["admin", "create", "--role", "viewer"]);
    expect(badEmail.code).toBe(1);
    expect(badEmail.stderr).toMatch(/^email: /);
    expect(await roleOf("x@example.com")).toBeUndefined();
  });

  it("API keys made from the CLI are audited with the CLI as the actor", async () => {
    const created = await herald(url, ["api-key", "create", "--name", "backend", "--scopes", "notifications:write"]);
    expect(created.code).toBe(0);
    const key = created.stdout.trim().split("\n").at(-1)!;
    const [entry] = await database.query<{ actor_type: string; after: Record<string, unknown> }>("select actor_type, after from audit_log where action = 'api_key.create'");
    expect(entry).toMatchObject({ actor_type: "cli", after: { name: "backend", scopes: ["notifications:write"] } });
    expect(JSON.stringify(entry)).not.toContain(key);
  });
});
