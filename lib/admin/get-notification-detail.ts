import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { deliveries, deliveryEvents, notifications, notificationTypes, recipients, type Delivery, type DeliveryEvent } from "@/lib/db/schema";
import { runtimeModes } from "@/lib/env";
import { inngestDashboardUrl } from "./inngest-dashboard-url";

const inFlight = ["accepted", "scheduled", "processing"];
const unfinishedRun = ["queued", "running", "sleeping", "waiting"];

/** The durable runs that carried a notification, oldest first (the embedded executor's; the caller wires it). */
export type ListNotificationRuns<Run extends DurableRun> = (db: Db, notificationId: string) => Promise<Run[]>;
type DurableRun = { id: string; status: string };

export type NotificationDetail<Run extends DurableRun = DurableRun> = {
  notification: typeof notifications.$inferSelect;
  type: { key: string; name: string; critical: boolean };
  recipient: { id: string; externalId: string; name: string | null; email: string | null; phone: string | null; locale: string; timezone: string };
  deliveries: (Delivery & { events: DeliveryEvent[] })[];
  /** The embedded executor's runs; with Inngest, null and a link to where Inngest shows them. */
  durable: { mode: ReturnType<typeof runtimeModes>["durable"]; runs: Run[] | null; dashboardUrl: string | null };
  /** True while anything may still change: the page keeps refreshing until it is false. */
  inProgress: boolean;
};

/** The notification an id names: a notification id as is, or the notification of a delivery id. */
export async function resolveNotificationId(db: Db, id: string): Promise<{ notificationId: string; via: "notification" | "delivery" } | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const [n] = await db.select({ id: notifications.id }).from(notifications).where(eq(notifications.id, id));
  if (n) return { notificationId: n.id, via: "notification" };
  const notificationId = await findNotificationOfDelivery(db, id);
  return notificationId ? { notificationId, via: "delivery" } : null;
}

/** The notification a delivery id belongs to, or null when no delivery has that id. */
export async function findNotificationOfDelivery(db: Db, deliveryId: string): Promise<string | null> {
  if (!z.uuid().safeParse(deliveryId).success) return null;
  const [d] = await db.select({ id: deliveries.notificationId }).from(deliveries).where(eq(deliveries.id, deliveryId));
  return d?.id ?? null;
}

/**
 * Everything about one notification, for "what happened to this message?": the request, each
 * channel's delivery with its events in order, and the durable runs that did the work (the
 * delivery run and any replays) with their steps, when the executor is the embedded one.
 */
export async function getNotificationDetail<Run extends DurableRun>(
  db: Db,
  id: string,
  listRuns: ListNotificationRuns<Run>,
): Promise<NotificationDetail<Run> | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const [row] = await db
    .select({ n: notifications, t: notificationTypes, r: recipients })
    .from(notifications)
    .innerJoin(notificationTypes, eq(notificationTypes.id, notifications.notificationTypeId))
    .innerJoin(recipients, eq(recipients.id, notifications.recipientId))
    .where(eq(notifications.id, id));
  if (!row) return null;

  const mode = runtimeModes().durable;
  const [rows, events, runs] = await Promise.all([
    db.select().from(deliveries).where(eq(deliveries.notificationId, id)).orderBy(asc(deliveries.createdAt), asc(deliveries.channel)),
    // Joined through the deliveries, so the events need not wait for them.
    db
      .select({ e: deliveryEvents })
      .from(deliveryEvents)
      .innerJoin(deliveries, eq(deliveries.id, deliveryEvents.deliveryId))
      .where(eq(deliveries.notificationId, id))
      .orderBy(asc(deliveryEvents.id))
      .then((found) => found.map(({ e }) => e)),
    mode === "embedded" ? listRuns(db, id) : null,
  ]);

  const { n, t, r } = row;
  return {
    notification: n,
    type: { key: t.key, name: t.name, critical: t.critical },
    recipient: { id: r.id, externalId: r.externalId, name: r.name, email: r.email, phone: r.phone, locale: r.locale, timezone: r.timezone },
    deliveries: rows.map((d) => ({ ...d, events: events.filter((e) => e.deliveryId === d.id) })),
    durable: { mode, runs, dashboardUrl: inngestDashboardUrl() },
    inProgress:
      inFlight.includes(n.status) ||
      rows.some((d) => d.status === "queued") ||
      (runs ?? []).some((run) => unfinishedRun.includes(run.status)),
  };
}
