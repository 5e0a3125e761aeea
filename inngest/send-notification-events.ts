import type { RawTransaction } from "@/lib/db/client";
import { runtimeModes } from "@/lib/env";
import type { NotificationToSend, SendEvents } from "@/lib/send/accept-notifications";
import { inngest } from "./client";
import { notificationRequested } from "./events";
import { getProcessExecutor } from "./executor/embedded-fetch";

/**
 * One delivery event per notification. The event id is derived from the notification, so a
 * re-send (by the sweeper) within 24 h is recognised as the same event, not a second run. A
 * notification's priority, when the caller knows it, orders its run in the executor's queue.
 */
function eventsFor(toSend: NotificationToSend[]) {
  return toSend.map(({ id, sendAt, priority }) =>
    notificationRequested.create(
      { notificationId: id, sendAt: sendAt?.toISOString() ?? null, ...(priority ? { priority } : {}) },
      { id: `notification-${id}` },
    ),
  );
}

async function send(toSend: NotificationToSend[]): Promise<void> {
  for (let i = 0; i < toSend.length; i += 500) await inngest.send(eventsFor(toSend.slice(i, i + 500)));
}

/**
 * In embedded mode the executor's tables are in the app's database: the events are taken in
 * by the caller's own transaction (a transactional outbox), so they commit or roll back with
 * the notifications. Elsewhere (Inngest Cloud, an HTTP call) they are sent after the commit.
 */
async function inTransaction(tx: RawTransaction, toSend: NotificationToSend[]): Promise<boolean> {
  const executor = getProcessExecutor();
  if (runtimeModes().durable !== "embedded" || !executor || executor.functions.length === 0) return false;
  await executor.sendInTransaction(tx, eventsFor(toSend));
  return true;
}

export const sendNotificationEvents: SendEvents = Object.assign(send, { inTransaction });
