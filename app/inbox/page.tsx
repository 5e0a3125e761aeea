import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { InboxPage } from "@/components/notifications/inbox-page";
import { SiteHeader } from "@/components/ui/site-header";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { getDatabase } from "@/lib/db/get-database";
import { notificationTypes } from "@/lib/db/schema";

export const metadata: Metadata = { title: "Inbox" };

export default async function Inbox() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  const { db } = await getDatabase();
  const types = await db.select({ key: notificationTypes.key, name: notificationTypes.name }).from(notificationTypes).orderBy(notificationTypes.name);
  return (
    <>
      <SiteHeader user={user} />
      <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-8">
        <h1 className="text-2xl font-semibold tracking-tight">Inbox</h1>
        {user.recipientId ? <InboxPage types={types} /> : <p>No inbox is linked to this account yet.</p>}
      </main>
    </>
  );
}
