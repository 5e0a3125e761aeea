// Operator CLI: `npm run herald -- <command>`. Uses the same lib code as the app.
import { parseArgs } from "node:util";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/auth/api-keys";
import { adminRoles } from "@/lib/auth/admin-roles";
import { apiKeyScopes } from "@/lib/auth/scopes";
import { cliActor } from "@/lib/audit/audit-actor";
import type { Database } from "@/lib/db/client";
import { openCliDatabase } from "@/lib/db/get-database";
import { migrateDatabase } from "@/lib/db/migrate-database";
import { seedDemoData } from "@/lib/db/seed-demo-data";
import { inviteMember } from "@/lib/members/invite-member";
import { listMembers } from "@/lib/members/list-members";
import { ZodError } from "zod";
import { getEnv } from "@/lib/env";
import { HeraldApiError, toHeraldApiError } from "@/lib/api/errors";
import { createHeraldClient } from "@/lib/api-client/create-herald-client";

const usage = `Usage: npm run herald -- <command>

Commands:
  migrate                                   apply pending migrations
  seed                                      add the demo users, types, templates and inbox items
  api-key create --name N [--scopes a,b]    create a key and print it (shown once)
  api-key list                              list keys (never their secrets)
  api-key revoke <id>                       revoke a key
  admin create --email E --role R [--name N]
                                            make E a member with role R, creating the user
                                            if needed (how the first owner is made)
  admin list                                list members and their roles

Through the running app's API (HERALD_URL, default http://localhost:3000, and HERALD_API_KEY):
  send --type T --to R[,R…] [--data JSON]   send a notification of type T to recipients R
  recipient get <id>                        print a recipient as JSON

Scopes: ${apiKeyScopes.join(", ")}
Roles: ${adminRoles.join(", ")}`;

async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openCliDatabase(getEnv());
  try {
    await migrateDatabase(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** The typed API client for the running app (its types come from the OpenAPI document). */
function apiClient() {
  const apiKey = process.env.HERALD_API_KEY;
  if (!apiKey) throw new Error("Set HERALD_API_KEY to an API key (api-key create makes one).");
  return createHeraldClient({ baseUrl: process.env.HERALD_URL || "http://localhost:3000", apiKey });
}

function apiFailed(response: Response, error: { error?: { message?: string } } | undefined): number {
  console.error(`${response.status}: ${error?.error?.message ?? response.statusText}`);
  return 1;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: "string" },
      scopes: { type: "string" },
      email: { type: "string" },
      role: { type: "string" },
      type: { type: "string" },
      to: { type: "string" },
      data: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, sub, arg] = positionals;
  if (values.help || !command) {
    console.log(usage);
    return command || values.help ? 0 : 1;
  }
  switch (`${command} ${sub ?? ""}`.trim()) {
    case "migrate": {
      const database = await openCliDatabase(getEnv());
      try {
        const applied = await migrateDatabase(database);
        console.log(applied.length ? `Applied ${applied.join(", ")}` : "Database is up to date.");
      } finally {
        await database.close();
      }
      return 0;
    }
    case "seed":
      await withDatabase(seedDemoData);
      console.log("Demo data is in place.");
      return 0;
    case "api-key create": {
      const scopes = values.scopes?.split(",").map((s) => s.trim()).filter(Boolean);
      const { key, apiKey } = await withDatabase((d) => createApiKey(d.db, { name: values.name ?? "", scopes }, cliActor));
      console.log(`Created API key "${apiKey.name}" (${apiKey.id}) with scopes ${apiKey.scopes.join(", ")}.`);
      console.log("Copy it now; it is not shown again:\n");
      console.log(key);
      return 0;
    }
    case "api-key list": {
      const keys = await withDatabase((d) => listApiKeys(d.db));
      if (keys.length === 0) console.log("No API keys.");
      for (const k of keys) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active";
        const used = k.lastUsedAt ? `last used ${k.lastUsedAt.toISOString()}` : "never used";
        console.log(`${k.id}  ${k.prefix}…  ${k.name}  [${k.scopes.join(",")}]  ${state}, ${used}`);
      }
      return 0;
    }
    case "api-key revoke": {
      if (!arg) throw new Error("api-key revoke needs the key's id (see api-key list).");
      const revoked = await withDatabase((d) => revokeApiKey(d.db, arg, cliActor));
      if (!revoked) {
        console.error(`No API key with id ${arg}.`);
        return 1;
      }
      console.log(`Revoked "${revoked.name}".`);
      return 0;
    }
    case "admin create": {
      const { member, outcome } = await withDatabase((d) => inviteMember(d.db, { email: values.email, role: values.role, name: values.name }, cliActor));
      const said = { created: "Created", added: "Added", role_changed: "Changed the role of", unchanged: "Nothing to change:" }[outcome];
      console.log(`${said} ${member.email} (${member.id}), now ${member.role}.`);
      return 0;
    }
    case "admin list": {
      const members = await withDatabase(async (d) => {
        const all = [];
        for (let after: string | undefined; ; ) {
          const page = await listMembers(d.db, { limit: 100, after });
          all.push(...page.items);
          if (!page.after) return all;
          after = page.after;
        }
      });
      if (members.length === 0) console.log("No members. Make the first owner with: admin create --email you@example.com --role owner");
      for (const m of members) console.log(`${m.id}  ${m.role.padEnd(6)}  ${m.email}${m.name ? `  (${m.name})` : ""}`);
      return 0;
    }
    case "send": {
      if (!values.type || !values.to) throw new Error("send needs --type and --to.");
      const to = values.to.split(",").map((r) => r.trim()).filter(Boolean);
      const data = values.data === undefined ? undefined : (JSON.parse(values.data) as Record<string, unknown>);
      const answer = await apiClient().POST("/api/v1/notifications", { body: { type: values.type, to, ...(data ? { data } : {}) } });
      if (!answer.data) return apiFailed(answer.response, answer.error);
      for (const n of answer.data.data.notifications) console.log(`${n.id}  ${n.recipient}`);
      return 0;
    }
    case "recipient get": {
      if (!arg) throw new Error("recipient get needs the host app's recipient id.");
      const answer = await apiClient().GET("/api/v1/recipients/{id}", { params: { path: { id: arg } } });
      if (!answer.data) return apiFailed(answer.response, answer.error);
      console.log(JSON.stringify(answer.data.data, null, 2));
      return 0;
    }
    default:
      console.error(`Unknown command: ${positionals.join(" ")}\n\n${usage}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof HeraldApiError || error instanceof ZodError;
    console.error(known ? toHeraldApiError(error).message : error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
