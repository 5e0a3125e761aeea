import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { InboxPage } from "@/components/notifications/inbox-page";
import { SiteHeader } from "@/components/ui/site-header";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { getDatabase } from "@/lib/db/get-database";
import { listNotificationTypeNames } from "@/lib/templates/list-notification-type-names";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("InboxPage");
  return { title: t("title") };
}

export default async function Inbox() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  const t = await getTranslations("InboxPage");
  const types = await listNotificationTypeNames((await getDatabase()).db);
  return (
    <>
      <SiteHeader user={user} />
      <main id="main" className="mx-auto max-w-7xl space-y-6 px-4 py-8 *:max-w-3xl">
        <h1 className="text-2xl font-semibold tracking-tight">{t("heading")}</h1>
        {user.recipientId ? <InboxPage types={types} /> : <p>{t("noInbox")}</p>}
      </main>
    </>
  );
}
