import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/admin-ui";
import { RecentBroadcasts } from "@/components/admin/recent-broadcasts";
import { SendComposer } from "@/components/admin/send-composer";
import { listBroadcasts } from "@/lib/broadcasts/list-broadcasts";
import { can } from "@/lib/auth/admin-roles";
import { requireAdminPage } from "@/lib/auth/require-admin-page";
import { getDatabase } from "@/lib/db/get-database";
import { listNotificationTypes } from "@/lib/templates/list-notification-types";

export const metadata: Metadata = { title: "Send" };

export default async function Page() {
  const user = await requireAdminPage("admin:read");
  const { db } = await getDatabase();
  const [types, broadcasts] = await Promise.all([listNotificationTypes(db), listBroadcasts(db, { limit: 5 })]);
  return (
    <>
      <PageHeader title="Send" description="Send a notification to chosen recipients, now or later, or broadcast it to everyone matching a filter." />
      {can(user.role, "notifications:send") ? (
        <SendComposer types={types.map(({ key, name, defaultChannels, critical, escalation, templateSettings, templates, variables }) => ({ key, name, defaultChannels, critical, escalation, templateSettings, templates, variables }))} />
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">Sending and broadcasting need the editor role; the recent broadcasts are below.</p>
      )}
      <RecentBroadcasts key={broadcasts.items[0]?.id ?? "none"} initial={{ items: broadcasts.items, after: broadcasts.after }} />
    </>
  );
}
