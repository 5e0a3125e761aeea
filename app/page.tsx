import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { GettingStarted } from "@/components/home/getting-started";
import { LatestNotifications } from "@/components/home/latest-notifications";
import { NewcomerHome } from "@/components/home/newcomer-home";
import { RefreshOnInboxChange } from "@/components/home/refresh-on-inbox-change";
import { UnreadByTypeCard } from "@/components/home/unread-by-type";
import { UnreadSummary } from "@/components/notifications/unread-summary";
import { SiteHeader } from "@/components/ui/site-header";
import { isMember } from "@/lib/auth/admin-roles";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { listLocalUsers } from "@/lib/auth/session-user";
import { getDatabase } from "@/lib/db/get-database";
import { runtimeModes } from "@/lib/env";
import { countUnreadByType } from "@/lib/inbox/count-unread-by-type";
import { browserPushConfig } from "@/lib/push/browser-push-config";

const cardLink =
  "flex items-center justify-between rounded-lg px-3 py-2 text-sm font-medium hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:bg-slate-800";

export default async function HomePage() {
  const user = await getCurrentUser();
  const local = runtimeModes().auth === "local";
  if (!user) {
    if (!local) redirect("/sign-in");
    const users = await listLocalUsers((await getDatabase()).db);
    const demo = users.find((u) => u.role === "user") ?? users[0];
    return <NewcomerHome demoUser={demo ? { email: demo.email, name: demo.name } : null} />;
  }
  const t = await getTranslations("Home");
  const unreadByType = user.recipientId ? await countUnreadByType((await getDatabase()).db, user.recipientId) : [];
  return (
    <>
      <SiteHeader user={user} />
      <main id="main" className="mx-auto max-w-7xl space-y-6 px-4 py-8">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">{t("welcome", { name: user.name })}</h1>
          <p className="text-slate-600 dark:text-slate-400">{user.recipientId ? <UnreadSummary /> : t("noInbox")}</p>
        </div>
        {local && user.recipientId && <GettingStarted signedInAs={user.name} demoUser={null} />}
        <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
          {user.recipientId && <LatestNotifications pushConfig={browserPushConfig()} />}
          <div className="space-y-6">
            {user.recipientId && <UnreadByTypeCard rows={unreadByType} />}
            <nav aria-label={t("goTo")} className="rounded-2xl border border-slate-200 bg-white p-2 shadow-sm dark:border-slate-800 dark:bg-slate-900">
              {user.recipientId && (
                <>
                  <Link href="/inbox" className={cardLink}>
                    {t("inbox")} <span aria-hidden="true">→</span>
                  </Link>
                  <Link href="/preferences" className={cardLink}>
                    {t("preferences")} <span aria-hidden="true">→</span>
                  </Link>
                </>
              )}
              {isMember(user.role) && (
                <Link href="/admin" className={cardLink}>
                  {t("admin")} <span aria-hidden="true">→</span>
                </Link>
              )}
            </nav>
          </div>
        </div>
        {user.recipientId && <RefreshOnInboxChange />}
      </main>
    </>
  );
}
