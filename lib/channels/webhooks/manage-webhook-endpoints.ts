import { and, desc, eq, isNotNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { HeraldApiError } from "@/lib/api/errors";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Database, Db } from "@/lib/db/client";
import { notificationTypes, recipients, webhookEndpoints, type WebhookEndpoint } from "@/lib/db/schema";
import { assertWebhookUrlAllowed } from "./assert-webhook-url-allowed";
import type { AnnounceReplays } from "@/lib/admin/request-delivery-replays";
import { countWebhookDeadLetters, replayWebhookDeadLetters } from "./replay-webhook-dead-letters";
import { encryptSecret, generateWebhookSecret } from "./webhook-secrets";

/** How long a rotated-out secret keeps signing, so receivers can switch without dropping messages. */
export const SECRET_ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

const urlSchema = z
  .url({ protocol: /^https?$/, error: "expected an http(s) URL" })
  .max(2048)
  .refine((u) => !new URL(u).username && !new URL(u).password, { error: "credentials in the URL are not allowed; sign with the secret instead" });

export const webhookEndpointCreateSchema = z
  .strictObject({
    url: urlSchema,
    description: z.string().max(200).optional(),
    /** The host app's recipient id: this recipient's notifications go here. */
    recipientId: z.string().min(1).max(256).optional(),
    /** A notification type key: every notification of this type goes here. */
    typeKey: z.string().min(1).max(100).optional(),
  })
  .refine((v) => Boolean(v.recipientId) !== Boolean(v.typeKey), { error: "give exactly one of recipientId or typeKey", path: ["recipientId"] });

export const webhookEndpointUpdateSchema = z.strictObject({
  url: urlSchema.optional(),
  description: z.string().max(200).nullable().optional(),
  enabled: z.boolean().optional(),
  /** A paused endpoint receives nothing; resuming replays what failed because it was paused. */
  paused: z.boolean().optional(),
  /** With `enabled: true` (or on an enabled endpoint): replay every dead letter this endpoint is owed. */
  replayFailed: z.boolean().optional(),
});

export type WebhookEndpointView = {
  id: string;
  url: string;
  description: string | null;
  recipientId: string | null;
  typeKey: string | null;
  enabled: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
  paused: boolean;
  pausedAt: string | null;
  /** Failing with no success since then (null when its last attempt succeeded). */
  failingSince: string | null;
  consecutiveFailures: number;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastFailureReason: string | null;
  rotating: boolean;
  /** Failed deliveries that did not reach this endpoint and can be replayed to it. */
  deadLetters: number;
  createdAt: string;
};

type Row = WebhookEndpoint & { recipientExternalId: string | null };

/** What the API shows: never the secret, and the host app's recipient id rather than ours. */
export function toWebhookEndpointView(row: Row, deadLetters = 0): WebhookEndpointView {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    recipientId: row.recipientExternalId,
    typeKey: row.typeKey,
    enabled: row.enabled,
    disabledAt: iso(row.disabledAt),
    disabledReason: row.disabledReason,
    paused: row.pausedAt !== null,
    pausedAt: iso(row.pausedAt),
    failingSince: iso(row.failingSince),
    consecutiveFailures: row.consecutiveFailures,
    lastSuccessAt: iso(row.lastSuccessAt),
    lastFailureAt: iso(row.lastFailureAt),
    lastFailureReason: row.lastFailureReason,
    rotating: Boolean(row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date()),
    deadLetters,
    createdAt: row.createdAt.toISOString(),
  };
}

const selectRow = (db: Db) =>
  db
    .select({ endpoint: webhookEndpoints, recipientExternalId: recipients.externalId })
    .from(webhookEndpoints)
    .leftJoin(recipients, eq(recipients.id, webhookEndpoints.recipientId));

async function getRow(db: Db, id: string): Promise<Row> {
  if (!z.uuid().safeParse(id).success) throw new HeraldApiError("not_found", `No webhook endpoint with id '${id}'.`);
  const [row] = await selectRow(db).where(eq(webhookEndpoints.id, id));
  if (!row) throw new HeraldApiError("not_found", `No webhook endpoint with id '${id}'.`);
  return { ...row.endpoint, recipientExternalId: row.recipientExternalId };
}

/** Creates an endpoint; its signing secret is returned here once and stored only encrypted. */
export async function createWebhookEndpoint(db: Db, body: unknown, actor: AuditActor): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const input = webhookEndpointCreateSchema.parse(body);
  let recipientId: string | null = null;
  if (input.recipientId) {
    const [r] = await db.select({ id: recipients.id }).from(recipients).where(eq(recipients.externalId, input.recipientId));
    if (!r) throw new HeraldApiError("unprocessable_entity", `recipientId: no recipient '${input.recipientId}'`, [{ path: "recipientId", message: "no such recipient" }]);
    recipientId = r.id;
  }
  if (input.typeKey) {
    const [t] = await db.select({ key: notificationTypes.key }).from(notificationTypes).where(eq(notificationTypes.key, input.typeKey));
    if (!t) throw new HeraldApiError("unprocessable_entity", `typeKey: no notification type '${input.typeKey}'`, [{ path: "typeKey", message: "no such notification type" }]);
  }
  await assertWebhookUrlAllowed(input.url);
  const secret = generateWebhookSecret();
  const secretCiphertext = await encryptSecret(db, secret);
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(webhookEndpoints)
      .values({ url: input.url, description: input.description ?? null, recipientId, typeKey: input.typeKey ?? null, secretCiphertext })
      .returning({ id: webhookEndpoints.id });
    const endpoint = toWebhookEndpointView(await getRow(tx, created!.id));
    await recordAudit(tx, actor, { action: "webhook_endpoint.create", target: { type: "webhook_endpoint", id: endpoint.id }, after: endpoint });
    return { endpoint, secret };
  });
}

export async function getWebhookEndpoint(db: Db, id: string): Promise<WebhookEndpointView> {
  const row = await getRow(db, id);
  return toWebhookEndpointView(row, (await countWebhookDeadLetters(db, [row.id])).get(row.id));
}

const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  after: z.uuid({ error: "expected the id of the last endpoint of the previous page" }).optional(),
  status: z.enum(["enabled", "disabled", "paused", "failing"]).optional(),
});

const statusIs = {
  enabled: eq(webhookEndpoints.enabled, true),
  disabled: eq(webhookEndpoints.enabled, false),
  paused: isNotNull(webhookEndpoints.pausedAt),
  failing: and(eq(webhookEndpoints.enabled, true), isNotNull(webhookEndpoints.failingSince)),
};

/** Newest first, by cursor; `status` narrows to disabled, paused or failing (enabled, not succeeding) endpoints. */
export async function listWebhookEndpoints(db: Db, query: unknown): Promise<{ data: WebhookEndpointView[]; hasMore: boolean; next: string | null }> {
  const q = listQuerySchema.parse(query);
  const cursor = q.after ? await getRow(db, q.after) : null;
  const rows = await selectRow(db)
    .where(
      and(
        q.status ? statusIs[q.status] : undefined,
        cursor
          ? or(lt(webhookEndpoints.createdAt, cursor.createdAt), and(eq(webhookEndpoints.createdAt, cursor.createdAt), lt(webhookEndpoints.id, cursor.id)))
          : undefined,
      ),
    )
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
    .limit(q.limit + 1);
  const shown = rows.slice(0, q.limit);
  const owed = await countWebhookDeadLetters(db, shown.map((r) => r.endpoint.id));
  const page = shown.map((r) => toWebhookEndpointView({ ...r.endpoint, recipientExternalId: r.recipientExternalId }, owed.get(r.endpoint.id)));
  return { data: page, hasMore: rows.length > q.limit, next: rows.length > q.limit ? page.at(-1)!.id : null };
}

export type WebhookEndpointUpdate = { endpoint: WebhookEndpointView; replays: { replayed: number; skipped: number } | null };

/**
 * Changes URL/description; disables, re-enables (its failure record starts over), pauses or
 * resumes an endpoint. Resuming replays what failed because the endpoint was paused — which is
 * how a pause holds deliveries; `replayFailed` replays everything the endpoint is owed.
 */
export async function updateWebhookEndpoint(
  database: Database,
  id: string,
  body: unknown,
  actor: AuditActor,
  announce: AnnounceReplays,
): Promise<WebhookEndpointUpdate> {
  const input = webhookEndpointUpdateSchema.parse(body);
  if (input.url !== undefined) await assertWebhookUrlAllowed(input.url);
  const { before, after } = await database.db.transaction(async (tx) => {
    const before = await getWebhookEndpoint(tx, id);
    // A replay to an endpoint that still refuses everything would only fail again.
    if (input.replayFailed && !(input.enabled ?? before.enabled)) {
      throw new HeraldApiError("unprocessable_entity", "replayFailed: the endpoint is disabled; enable it in the same request", [
        { path: "replayFailed", message: "enable the endpoint to replay to it" },
      ]);
    }
    if (input.replayFailed && (input.paused ?? before.paused)) {
      throw new HeraldApiError("unprocessable_entity", "replayFailed: the endpoint is paused; resume it (which replays what the pause held)", [
        { path: "replayFailed", message: "resume the endpoint to replay to it" },
      ]);
    }
    await tx
      .update(webhookEndpoints)
      .set({
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.enabled === true ? { enabled: true, disabledAt: null, disabledReason: null, consecutiveFailures: 0, failingSince: null } : {}),
        ...(input.enabled === false ? { enabled: false, disabledAt: new Date(), disabledReason: "Disabled by an operator" } : {}),
        ...(input.paused === true ? { pausedAt: sql`coalesce(${webhookEndpoints.pausedAt}, now())` } : {}),
        ...(input.paused === false ? { pausedAt: null } : {}),
      })
      .where(eq(webhookEndpoints.id, id));
    const after = await getWebhookEndpoint(tx, id);
    await recordAudit(tx, actor, { action: "webhook_endpoint.update", target: { type: "webhook_endpoint", id }, before, after });
    return { before, after };
  });
  const resumed = before.paused && !after.paused && after.enabled;
  if (!input.replayFailed && !resumed) return { endpoint: after, replays: null };
  // After the change has committed, so the replays find the endpoint open.
  const replays = await replayWebhookDeadLetters(database, id, actor, announce, input.replayFailed ? undefined : "endpoint_paused");
  return { endpoint: await getWebhookEndpoint(database.db, id), replays };
}

/**
 * Issues a new secret. The old one keeps signing next to it for 24 hours (two signatures per
 * message), so a receiver can switch over without rejecting anything.
 */
export async function rotateWebhookEndpointSecret(db: Db, id: string, actor: AuditActor): Promise<{ endpoint: WebhookEndpointView; secret: string; previousSecretExpiresAt: string }> {
  await getRow(db, id);
  const secret = generateWebhookSecret();
  const secretCiphertext = await encryptSecret(db, secret);
  const expires = new Date(Date.now() + SECRET_ROTATION_OVERLAP_MS);
  return db.transaction(async (tx) => {
    const before = await getWebhookEndpoint(tx, id);
    await tx
      .update(webhookEndpoints)
      .set({ previousSecretCiphertext: sql`${webhookEndpoints.secretCiphertext}`, previousSecretExpiresAt: expires, secretCiphertext })
      .where(eq(webhookEndpoints.id, id));
    const endpoint = await getWebhookEndpoint(tx, id);
    // The views carry no secret: the entry says a rotation happened and until when the old one signs
    // (a field named like a secret would be redacted, so this one is not).
    await recordAudit(tx, actor, {
      action: "webhook_endpoint.rotate_secret",
      target: { type: "webhook_endpoint", id },
      before,
      after: { ...endpoint, overlapEndsAt: expires.toISOString() },
    });
    return { endpoint, secret, previousSecretExpiresAt: expires.toISOString() };
  });
}

export async function deleteWebhookEndpoint(db: Db, id: string, actor: AuditActor): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await getWebhookEndpoint(tx, id);
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    await recordAudit(tx, actor, { action: "webhook_endpoint.delete", target: { type: "webhook_endpoint", id }, before });
  });
}
