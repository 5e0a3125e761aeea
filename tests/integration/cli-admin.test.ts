import { execFile } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { createEmptyDatabase } from "../support/databases";
import { startDatabase } from "@/lib/db/get-database";
import { portFilePath, readPortFile } from "@/lib/db/embedded-database-server";
import { parseEnv } from "@/lib/env";

const root = path.resolve(import.meta.dirname, "../..");

/** Runs the operator CLI as an operator would (`npm run herald -- …`), against `url`. */
function herald(url: string, args: string[], env: Record<string, string> = { DATABASE_URL: url, HERALD_DATA_DIR: "" }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("npx", ["tsx", "bin/herald.ts", ...args], { cwd: root, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
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

// The README sends newcomers to `npm run herald -- api-key create` while the app runs on the
// embedded default: the app serves its PGlite to local processes, and the CLI uses that.
describe("herald CLI on the embedded database, with the app running and stopped", () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-cli-"));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const cliEnv = () => ({ DATABASE_URL: "", HERALD_DATA_DIR: dataDir, LOG_LEVEL: "silent" });
  const pgliteDir = () => path.join(dataDir, "pglite");

  it("creates a key through the running app's database, then on its own once the app is stopped", async () => {
    // The way the app opens it (lib/start-server.ts → getDatabase → startDatabase).
    const app = await startDatabase(parseEnv({ HERALD_DATA_DIR: dataDir, HERALD_SEED_DEMO: "false", LOG_LEVEL: "silent" }));
    const served = readPortFile(pgliteDir());
    try {
      expect(served).toEqual({ port: expect.any(Number), pid: process.pid });
      expect(fs.statSync(portFilePath(pgliteDir())).mode & 0o777).toBe(0o600);
      // Loopback only: the port answers on 127.0.0.1 and nothing else is bound.
      const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === "IPv4" && !i.internal);
      if (external) await expect(canConnect(external.address, served!.port)).resolves.toBe(false);

      const whileOpen = await herald("", ["api-key", "create", "--name", "while-running", "--scopes", "notifications:write"], cliEnv());
      expect(whileOpen.stderr).toBe("");
      expect(whileOpen.code).toBe(0);
      expect(whileOpen.stdout).toMatch(/Created API key "while-running"/);
      // The app sees the key at once: the CLI wrote through its database.
      const rows = await app.query<{ name: string }>("select name from api_keys where name = 'while-running'");
      expect(rows).toHaveLength(1);

      // Two at once: one waits for the other's turn on the single connection; both succeed.
      const [a, b] = await Promise.all([herald("", ["api-key", "list"], cliEnv()), herald("", ["api-key", "list"], cliEnv())]);
      expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, "", ""]);
      expect(a.stdout).toContain("while-running");
    } finally {
      await app.close();
    }
    expect(fs.existsSync(portFilePath(pgliteDir()))).toBe(false);

    const stopped = await herald("", ["api-key", "create", "--name", "after-stop"], cliEnv());
    expect(stopped.stderr).toBe("");
    expect(stopped.code).toBe(0);
    const listed = await herald("", ["api-key", "list"], cliEnv());
    expect(listed.stdout).toContain("while-running");
    expect(listed.stdout).toContain("after-stop");
  }, 120_000);

  it("treats a port file nobody answers on as stale and opens the database itself", async () => {
    fs.mkdirSync(pgliteDir(), { recursive: true });
    const port = await freePort();
    fs.writeFileSync(portFilePath(pgliteDir()), JSON.stringify({ port, pid: 999_999 }), { mode: 0o600 });
    const result = await herald("", ["api-key", "list"], cliEnv());
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("after-stop");
  });
});

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1_000 });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}
