import type { Metadata } from "next";
import Link from "next/link";
import { card, EmptyState, linkClass, PageHeader } from "@/components/admin/admin-ui";
import { channelLabels } from "@/components/admin/format";
import { TypeSettingsForm } from "@/components/admin/type-settings-form";
import { can } from "@/lib/auth/admin-roles";
import { requireAdminPage } from "@/lib/auth/require-admin-page";
import { getDatabase } from "@/lib/db/get-database";
import { listNotificationTypes } from "@/lib/templates/list-notification-types";

export const metadata: Metadata = { title: "Templates & types" };

export default async function Page() {
  const user = await requireAdminPage("admin:read");
  const types = await listNotificationTypes((await getDatabase()).db);
  return (
    <>
      <PageHeader title="Templates & types" description="What each kind of notification says on each channel, and how it is delivered. Changes apply to the next send." />
      {types.length === 0 ? (
        <EmptyState title="No notification types yet">Create the first one below.</EmptyState>
      ) : (
        <ul className="grid grid-cols-1 gap-4 md:grid-cols-2">
          {types.map((t) => (
            <li key={t.key} className={`${card} space-y-2`}>
              <div className="flex flex-wrap items-baseline gap-2">
                <Link href={`/admin/templates/${encodeURIComponent(t.key)}`} className={`${linkClass} text-base`}>{t.name}</Link>
                <code className="text-xs text-slate-500 dark:text-slate-400">{t.key}</code>
                {t.critical && <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs text-amber-800 dark:bg-amber-500/20 dark:text-amber-200">critical</span>}
              </div>
              {t.description && <p className="text-sm text-slate-600 dark:text-slate-400">{t.description}</p>}
              <p className="text-sm">
                <span className="text-slate-500 dark:text-slate-400">Channels: </span>
                {t.defaultChannels.map((c) => channelLabels[c]).join(", ")}
                {t.escalation && <span className="text-slate-500 dark:text-slate-400"> · then {t.escalation.channels.map((c) => channelLabels[c]).join(", ")} after {t.escalation.after} unread</span>}
              </p>
              <p className="text-sm">
                <span className="text-slate-500 dark:text-slate-400">Templates: </span>
                {t.templates.length === 0 ? "none" : t.templates.map((tpl) => `${channelLabels[tpl.channel]} (${tpl.locale}) v${tpl.version}`).join(" · ")}
              </p>
            </li>
          ))}
        </ul>
      )}
      {can(user.role, "templates:write") && <TypeSettingsForm create initial={{ key: "", name: "", description: null, defaultChannels: ["in_app"], critical: false, escalation: null, defaultLocale: "en", variables: null }} />}
    </>
  );
}
