import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { auditLog, deliveries, deliveryEvents, inboxItems, notifications, notificationTypes, outboxMessages, pushTokens, webhookEndpoints, type Recipient } from "@/lib/db/schema";
import { olderThanCursor } from "@/lib/db/time-cursor";
import { logger } from "@/lib/logger";
import { getRecipientPreferences } from "@/lib/preferences/recipient-preferences";
import { getRecipientOrThrow } from "./get-recipient-or-throw";

// Rows per statement. Notifications come with their deliveries, events and outbox messages, so
// their pages are smaller; nothing is held in memory beyond one page, however much there is.
const PAGE = 500;
const NOTIFICATION_PAGE = 100;

type Cursor = { createdAt: string; id: string };
type Keyed<Row> = { row: Row; cursorAt: string; id: string };

/** Pages of rows newest first by (created_at, id) until a short page: each a statement through an index. */
async function* newestFirst<Row>(size: number, page: (after: Cursor | undefined) => Promise<Keyed<Row>[]>): AsyncGenerator<Row[]> {
  let after: Cursor | undefined;
  for (;;) {
    const rows = await page(after);
    if (rows.length > 0) yield rows.map((r) => r.row);
    if (rows.length < size) return;
    const last = rows.at(-1)!;
    after = { createdAt: last.cursorAt, id: last.id };
  }
}

async function* jsonArray<Row>(pages: AsyncIterable<Row[]>): AsyncGenerator<string> {
  yield "[";
  let first = true;
  for await (const rows of pages) {
    yield (first ? "" : ",") + rows.map((row) => JSON.stringify(row)).join(",");
    first = false;
  }
  yield "]";
}

// A device token is a credential for that device: only its last characters, to tell devices apart.
const maskToken = (token: string) => `…${token.slice(-Math.min(6, Math.floor(token.length / 4)))}`;

function pushTokensOf(db: Db, recipientId: string) {
  return newestFirst(PAGE, async (after) =>
    (
      await db
        .select({ t: pushTokens, cursorAt: sql<string>`${pushTokens.createdAt}::text` })
        .from(pushTokens)
        .where(and(eq(pushTokens.recipientId, recipientId), after && olderThanCursor(pushTokens.createdAt, pushTokens.id, after)))
        .orderBy(desc(pushTokens.createdAt), desc(pushTokens.id))
        .limit(PAGE)
    ).map(({ t, cursorAt }) => ({ cursorAt, id: t.id, row: { id: t.id, platform: t.platform, token: maskToken(t.token), createdAt: t.createdAt, lastSeenAt: t.lastSeenAt } })),
  );
}

// An endpoint's URL can carry a credential (a path or query secret), and reading endpoints needs
// another scope: the export names its host only.
function webhookEndpointsOf(db: Db, recipientId: string) {
  return newestFirst(PAGE, async (after) =>
    (
      await db
        .select({ e: webhookEndpoints, cursorAt: sql<string>`${webhookEndpoints.createdAt}::text` })
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.recipientId, recipientId), after && olderThanCursor(webhookEndpoints.createdAt, webhookEndpoints.id, after)))
        .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
        .limit(PAGE)
    ).map(({ e, cursorAt }) => ({
      cursorAt,
      id: e.id,
      row: { id: e.id, host: URL.parse(e.url)?.host ?? "", description: e.description, enabled: e.enabled, createdAt: e.createdAt },
    })),
  );
}

/** Their notifications, newest first, each with its deliveries, their events in order and the dev outbox's copy. */
function notificationsOf(db: Db, recipientId: string) {
  return newestFirst(NOTIFICATION_PAGE, async (after) => {
    const rows = await db
      .select({ n: notifications, type: notificationTypes.key, cursorAt: sql<string>`${notifications.createdAt}::text` })
      .from(notifications)
      .innerJoin(notificationTypes, eq(notificationTypes.id, notifications.notificationTypeId))
      .where(and(eq(notifications.recipientId, recipientId), after && olderThanCursor(notifications.createdAt, notifications.id, after)))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(NOTIFICATION_PAGE);
    if (rows.length === 0) return [];
    const sent = await db
      .select()
      .from(deliveries)
      .where(inArray(deliveries.notificationId, rows.map((r) => r.n.id)))
      .orderBy(asc(deliveries.createdAt), asc(deliveries.channel));
    const ids = sent.map((d) => d.id);
    const [events, messages] = ids.length
      ? await Promise.all([
          db.select().from(deliveryEvents).where(inArray(deliveryEvents.deliveryId, ids)).orderBy(asc(deliveryEvents.id)),
          db.select().from(outboxMessages).where(inArray(outboxMessages.deliveryId, ids)),
        ])
      : [[], []];
    const delivery = (d: (typeof sent)[number]) => {
      const message = messages.find((m) => m.deliveryId === d.id);
      return {
        id: d.id,
        channel: d.channel,
        provider: d.provider,
        status: d.status,
        providerMessageId: d.providerMessageId,
        attempts: d.attempts,
        lastErrorCode: d.lastErrorCode,
        lastErrorMessage: d.lastErrorMessage,
        meta: d.meta,
        createdAt: d.createdAt,
        updatedAt: d.updatedAt,
        events: events
          .filter((e) => e.deliveryId === d.id)
          .map((e) => ({ status: e.status, reason: e.reason, provider: e.provider, providerCode: e.providerCode, providerMessage: e.providerMessage, attempt: e.attempt, payload: e.payload, occurredAt: e.occurredAt })),
        outboxMessage: message
          ? { channel: message.channel, recipient: message.recipient, subject: message.subject, body: message.body, html: message.html, payload: message.payload, createdAt: message.createdAt }
          : null,
      };
    };
    return rows.map(({ n, type, cursorAt }) => ({
      cursorAt,
      id: n.id,
      row: {
        id: n.id,
        type,
        priority: n.priority,
        status: n.status,
        data: n.data,
        content: n.content,
        channels: n.channels,
        sendAt: n.sendAt,
        completedAt: n.completedAt,
        createdAt: n.createdAt,
        deliveries: sent.filter((d) => d.notificationId === n.id).map(delivery),
      },
    }));
  });
}

function inboxItemsOf(db: Db, recipientId: string) {
  return newestFirst(PAGE, async (after) =>
    (
      await db
        .select({ i: inboxItems, cursorAt: sql<string>`${inboxItems.createdAt}::text` })
        .from(inboxItems)
        .where(and(eq(inboxItems.recipientId, recipientId), after && olderThanCursor(inboxItems.createdAt, inboxItems.id, after)))
        .orderBy(desc(inboxItems.createdAt), desc(inboxItems.id))
        .limit(PAGE)
    ).map(({ i, cursorAt }) => ({
      cursorAt,
      id: i.id,
      row: {
        id: i.id,
        notificationId: i.notificationId,
        type: i.typeKey,
        title: i.title,
        body: i.body,
        actionUrl: i.actionUrl,
        actions: i.actions,
        data: i.data,
        seenAt: i.seenAt,
        readAt: i.readAt,
        archivedAt: i.archivedAt,
        createdAt: i.createdAt,
      },
    })),
  );
}

// Entries whose target is this recipient: preferences changed on their behalf, exports, erasure.
// Who acted is named; the request id and address are the operator's, not the recipient's.
function auditEntriesOf(db: Db, externalId: string) {
  return newestFirst(PAGE, async (after) =>
    (
      await db
        .select({ a: auditLog, cursorAt: sql<string>`${auditLog.createdAt}::text` })
        .from(auditLog)
        .where(and(eq(auditLog.targetType, "recipient"), eq(auditLog.targetId, externalId), after && olderThanCursor(auditLog.createdAt, auditLog.id, after)))
        .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
        .limit(PAGE)
    ).map(({ a, cursorAt }) => ({
      cursorAt,
      id: a.id,
      row: { id: a.id, action: a.action, actor: { type: a.actorType, name: a.actorName }, before: a.before, after: a.after, createdAt: a.createdAt },
    })),
  );
}

async function* exportDocument(db: Db, recipient: Recipient): AsyncGenerator<string> {
  const preferences = await getRecipientPreferences(db, recipient.id);
  yield `{"data":{"exportedAt":${JSON.stringify(new Date())},"recipient":${JSON.stringify(recipient)},"preferences":${JSON.stringify(preferences)}`;
  const collections: [string, AsyncIterable<unknown[]>][] = [
    ["pushTokens", pushTokensOf(db, recipient.id)],
    ["webhookEndpoints", webhookEndpointsOf(db, recipient.id)],
    ["notifications", notificationsOf(db, recipient.id)],
    ["inboxItems", inboxItemsOf(db, recipient.id)],
    ["auditEntries", auditEntriesOf(db, recipient.externalId)],
  ];
  for (const [name, pages] of collections) {
    yield `,${JSON.stringify(name)}:`;
    yield* jsonArray(pages);
  }
  yield "}}";
}

function toStream(externalId: string, chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        // The 200 has left: breaking the stream is how the client learns the document is incomplete.
        logger.error("recipient export: failed while streaming", { externalId, error });
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/**
 * Everything Herald holds about one recipient, as one JSON document `{ data: { … } }`: the
 * recipient, their preferences in force, push tokens (masked), webhook endpoints (host only),
 * notifications with deliveries and delivery events, inbox items and audit entries about them.
 *
 * The export is audited before anything is read, and the document is streamed a page at a time
 * (newest first, by index), so it is complete whatever its size while memory stays bounded. It
 * is not one snapshot: a row written while it streams may or may not be in it. Unknown id: 404.
 */
export async function exportRecipientData(db: Db, externalId: string, actor: AuditActor): Promise<{ body: ReadableStream<Uint8Array>; headers: Record<string, string> }> {
  const recipient = await getRecipientOrThrow(db, externalId);
  await recordAudit(db, actor, { action: "recipient.export", target: { type: "recipient", id: recipient.externalId } });
  const filename = `herald-recipient-${recipient.externalId.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 100)}.json`;
  return {
    body: toStream(recipient.externalId, exportDocument(db, recipient)),
    // A download, and personal data: no cache keeps a copy.
    headers: { "content-type": "application/json", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" },
  };
}
