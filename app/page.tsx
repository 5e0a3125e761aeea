import { redirect } from "next/navigation";
import { SiteHeader } from "@/components/ui/site-header";
import { NotificationCenter } from "@/components/notifications/notification-center";
import { UnreadSummary } from "@/components/notifications/unread-summary";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { browserPushConfig } from "@/lib/push/browser-push-config";

export default async function HomePage() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return (
    <>
      <SiteHeader user={user} />
      <main id="main" className="mx-auto max-w-7xl space-y-6 px-4 py-8">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">Welcome back, {user.name}</h1>
          <p className="text-slate-600 dark:text-slate-400">
            {user.recipientId ? <UnreadSummary /> : "No inbox is linked to this account yet."}
          </p>
        </div>
        {user.recipientId && (
          <section aria-label="Your notifications" className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
            <NotificationCenter pushConfig={browserPushConfig()} />
          </section>
        )}
      </main>
    </>
  );
}
