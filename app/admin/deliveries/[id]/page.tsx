import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { NotificationDetailView } from "@/components/admin/notification-detail";
import { resolveNotificationId } from "@/lib/admin/get-notification-detail";
import { requireAdminPage } from "@/lib/auth/require-admin-page";
import { getDatabase } from "@/lib/db/get-database";

export const metadata: Metadata = { title: "Notification" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminPage("admin:read");
  const { id } = await params;
  const resolved = await resolveNotificationId((await getDatabase()).db, id);
  if (!resolved) notFound();
  // A delivery id (from a log line or a provider callback) opens its notification.
  if (resolved.via === "delivery") redirect(`/admin/deliveries/${resolved.notificationId}`);
  return <NotificationDetailView id={resolved.notificationId} />;
}
