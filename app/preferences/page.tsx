import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { BrowserPushOffer } from "@/components/notifications/browser-push-offer";
import { browserPushConfig } from "@/lib/push/browser-push-config";
import { InstantPreferences } from "@/components/preferences/instant-preferences";
import { SiteHeader } from "@/components/ui/site-header";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { getDatabase } from "@/lib/db/get-database";
import { getRecipientById } from "@/lib/db/queries/recipients";
import { getRecipientPreferences } from "@/lib/preferences/recipient-preferences";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("PreferencesPage");
  return { title: t("title") };
}

export default async function PreferencesPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  const t = await getTranslations("PreferencesPage");
  const { db } = await getDatabase();
  const [prefs, recipient] = user.recipientId ? await Promise.all([getRecipientPreferences(db, user.recipientId), getRecipientById(db, user.recipientId)]) : [null, null];
  return (
    <>
      <SiteHeader user={user} />
      <main id="main" className="mx-auto max-w-7xl space-y-6 px-4 py-8 *:max-w-3xl">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{t("heading")}</h1>
          <p className="text-slate-600 dark:text-slate-400">{t("intro")}</p>
        </div>
        {prefs ? (
          <InstantPreferences initial={prefs} contact={{ email: recipient?.email ?? null, phone: recipient?.phone ?? null }} />
        ) : (
          <p className="rounded-2xl border border-slate-200 bg-white p-5 text-sm dark:border-slate-800 dark:bg-slate-900">{t("noInbox")}</p>
        )}
        {prefs && browserPushConfig() && (
          <section aria-label={t("thisBrowser")} className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
            <BrowserPushOffer config={browserPushConfig()} variant="switch" />
          </section>
        )}
      </main>
    </>
  );
}
