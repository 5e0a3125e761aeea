import { redirect } from "next/navigation";
import { SiteHeader } from "@/components/ui/site-header";
import { RecentNotifications } from "@/components/notifications/recent-notifications";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { getDatabase } from "@/lib/db/get-database";
import { listInboxPage } from "@/lib/db/queries/inbox";

export default async function HomePage() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  const { db } = await getDatabase();
  const page = user.recipientId ? await listInboxPage(db, user.recipientId, { limit: 10 }) : null;
  return (
    <>
      <SiteHeader user={user} />
      <main id="main" className="mx-auto max-w-5xl space-y-6 px-4 py-8">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">Welcome back, {user.name}</h1>
          <p className="text-slate-600 dark:text-slate-400">
            {page
              ? page.counts.unread === 0
                ? "You're all caught up."
                : `You have ${page.counts.unread} unread notification${page.counts.unread === 1 ? "" : "s"}.`
              : "No inbox is linked to this account yet."}
          </p>
        </div>
        {page && <RecentNotifications items={page.items} />}
      </main>
    </>
  );
}
