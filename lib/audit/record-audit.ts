import type { Db } from "@/lib/db/client";
import { auditLog } from "@/lib/db/schema";
import { redact } from "@/lib/logger";
import { actorName, type AuditActor } from "./audit-actor";

/** Every change the audit log records, as `domain.verb`. */
export const auditActions = [
  "type.create",
  "type.update",
  "template.save",
  "template.rollback",
  "api_key.create",
  "api_key.revoke",
  "webhook_endpoint.create",
  "webhook_endpoint.update",
  "webhook_endpoint.delete",
  "webhook_endpoint.rotate_secret",
  "webhook_endpoint.disable",
  "member.invite",
  "member.role_change",
  "member.remove",
  "dead_letters.replay",
  "dead_letters.discard",
  "broadcast.create",
  "notification.send",
  "preferences.update",
  "recipient.export",
  "recipient.erase",
  "realtime.cleanup",
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditTargetTypes = ["type", "template", "api_key", "webhook_endpoint", "member", "delivery", "broadcast", "notification", "recipient", "realtime"] as const;
export type AuditTargetType = (typeof auditTargetTypes)[number];

export type AuditChange = {
  action: AuditAction;
  target: { type: AuditTargetType; id: string | null };
  before?: unknown;
  after?: unknown;
};

// Through JSON first (dates become strings, undefined disappears), then the logger's redaction:
// a field that looks like a secret never reaches the table, whatever a caller passes.
const snapshot = (value: unknown) => (value === undefined || value === null ? null : redact(JSON.parse(JSON.stringify(value))));

/**
 * Adds one audit entry. Pass the transaction that makes the change, so the entry exists
 * exactly when the change does.
 */
export async function recordAudit(db: Db, actor: AuditActor, change: AuditChange): Promise<void> {
  await db.insert(auditLog).values({
    actorType: actor.type,
    actorId: actor.type === "cli" || actor.type === "system" ? null : actor.id,
    actorName: actorName(actor),
    action: change.action,
    targetType: change.target.type,
    targetId: change.target.id,
    before: snapshot(change.before),
    after: snapshot(change.after),
    requestId: actor.requestId ?? null,
    ip: actor.ip ?? null,
  });
}
