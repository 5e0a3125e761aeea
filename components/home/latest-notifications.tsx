"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { BrowserPushOffer } from "@/components/notifications/browser-push-offer";
import { InboxList } from "@/components/notifications/inbox-list";
import { NotificationItem } from "@/components/notifications/notification-item";
import type { BrowserPushConfig } from "@/lib/push/browser-push-config";
import { inboxSelectors, useGetInboxQuery, useUpdateItemMutation } from "@/lib/store/inbox-api";

const SHOWN = 5;

/** The few newest items, live, with the way to all of them: the home page's glance, not a second inbox. */
export function LatestNotifications({ pushConfig }: { pushConfig: BrowserPushConfig | null }) {
  const t = useTranslations("LatestNotifications");
  const { data, isLoading, isError, refetch } = useGetInboxQuery({ tab: "all" });
  const [updateItem] = useUpdateItemMutation();
  const items = data ? inboxSelectors.selectAll(data.items).slice(0, SHOWN) : [];
  return (
    <section aria-labelledby="latest-notifications" className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-3 dark:border-slate-800">
        <h2 id="latest-notifications" className="text-sm font-semibold">
          {t("heading")}
        </h2>
        <Link href="/inbox" className="rounded-md px-2 py-1 text-xs font-medium text-brand-700 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-100 dark:hover:bg-slate-800">
          {t("viewAll")}
        </Link>
      </div>
      <div role="region" aria-label={t("region")}>
        <BrowserPushOffer config={pushConfig} variant="prompt" />
        <div className="p-2" aria-busy={isLoading}>
          <InboxList
            variant="panel"
            isLoading={isLoading}
            isError={isError}
            onRetry={() => void refetch()}
            items={items}
            empty={
              <div className="p-8 text-center">
                <p className="text-sm font-medium">{t("empty")}</p>
                <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{t("emptyHint")}</p>
              </div>
            }
            renderItem={(item) => <NotificationItem key={item.id} item={item} onChange={(target, patch) => void updateItem({ item: target, patch })} />}
          />
        </div>
      </div>
    </section>
  );
}
