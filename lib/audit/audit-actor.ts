import type { Role } from "@/lib/auth/admin-roles";

type RequestFacts = { requestId?: string | null; ip?: string | null };

/**
 * Who makes a change, as the audit log names them: a member, an API key, the operator CLI, or
 * Herald itself (an endpoint it disabled after failing for too long).
 */
export type AuditActor = (
  | { type: "user"; id: string; email: string; role: Role }
  | { type: "api_key"; id: string; name: string }
  | { type: "cli" }
  | { type: "system" }
) &
  RequestFacts;

export const cliActor: AuditActor = { type: "cli" };
export const systemActor: AuditActor = { type: "system" };

/** How an actor is named in the audit log and in delivery timelines. */
export const actorName = (actor: AuditActor) =>
  actor.type === "user" ? actor.email : actor.type === "api_key" ? actor.name : actor.type === "system" ? "herald" : "cli";

// Set by the proxy in front of Herald, if any; kept short so a forged header cannot bloat a row.
const header = (req: Request, name: string) => req.headers.get(name)?.split(",")[0]?.trim().slice(0, 100) || null;

/** The actor of an authenticated request, with its request id and client address when known. */
export function auditActor(
  who: { user: { id: string; email: string; role: Role } } | { apiKey: { id: string; name: string } },
  req: Request,
): AuditActor {
  const facts = { requestId: header(req, "x-request-id"), ip: header(req, "x-forwarded-for") ?? header(req, "x-real-ip") };
  return "user" in who
    ? { type: "user", id: who.user.id, email: who.user.email, role: who.user.role, ...facts }
    : { type: "api_key", id: who.apiKey.id, name: who.apiKey.name, ...facts };
}
