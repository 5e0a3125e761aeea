import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { buttonSecondary, card, cardFlush, EmptyState, linkClass, PageHeader } from "@/components/admin/admin-ui";
import { StatusBadge } from "@/components/admin/status-badge";
import { channelLabels } from "@/components/admin/format";
import { PreferencesForm } from "@/components/preferences/preferences-form";
import { HeraldApiError } from "@/lib/api/errors";
import { can } from "@/lib/auth/admin-roles";
import { requireAdminPage } from "@/lib/auth/require-admin-page";
import { decodeRouteParam } from "@/lib/api/decode-route-param";
import { getDatabase } from "@/lib/db/get-database";
import { getRecipientProfile } from "@/lib/recipients/get-recipient-profile";
import { listRecipientNotifications } from "@/lib/recipients/list-recipient-notifications";

export const metadata: Metadata = { title: "Recipient" };

export default async function Page({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ after?: string }> }) {
  const user = await requireAdminPage("admin:read");
  const canEditPreferences = can(user.role, "preferences:write");
  const externalId = decodeRouteParam((await params).id);
  const { after } = await searchParams;
  const { db } = await getDatabase();
  const profile = await getRecipientProfile(db, externalId).catch((error: unknown) => {
    if (error instanceof HeraldApiError && error.code === "not_found") notFound();
    throw error;
  });
  const { recipient, pushTokens, preferences } = profile;
  const notifications = await listRecipientNotifications(db, recipient.id, { limit: 20, after: typeof after === "string" ? after : undefined }).catch(() => null);
  const base = `/admin/recipients/${encodeURIComponent(externalId)}`;
  const row = (label: string, value: React.ReactNode) => (
    <div className="grid grid-cols-[7rem_minmax(0,1fr)] gap-2 py-1.5">
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="break-words">{value ?? <span className="text-slate-400">—</span>}</dd>
    </div>
  );
  return (
    <>
      <p className="text-sm"><Link href="/admin/recipients" className={linkClass}>← Recipients</Link></p>
      <PageHeader title={recipient.name ?? recipient.externalId} description={`Recipient ${recipient.externalId}`}>
        {/* A plain link, never prefetched: each download is an export, recorded in the audit log. */}
        <a href={`/api/admin/recipients/${encodeURIComponent(externalId)}/export`} download className={buttonSecondary}>Export data</a>
      </PageHeader>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <section className={card} aria-labelledby="profile-title">
          <h2 id="profile-title" className="mb-2 text-lg font-semibold">Profile</h2>
          <dl className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
            {row("Id", <code>{recipient.externalId}</code>)}
            {row("Email", recipient.email)}
            {row("Phone", recipient.phone)}
            {row("Locale", recipient.locale)}
            {row("Time zone", recipient.timezone)}
            {row("Signed-in user", recipient.userId ? "linked" : "none")}
            {row("Created", new Date(recipient.createdAt).toLocaleString("en"))}
          </dl>
        </section>
        <section className={card} aria-labelledby="tokens-title">
          <h2 id="tokens-title" className="mb-2 text-lg font-semibold">Push tokens</h2>
          {pushTokens.length === 0 ? (
            <p className="text-sm text-slate-500 dark:text-slate-400">No devices registered: push is skipped for this recipient.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
              {pushTokens.map((t) => (
                <li key={t.id} className="py-2">
                  <span className="font-medium">{t.platform}</span> <code className="break-all text-xs">{t.token.length > 24 ? `${t.token.slice(0, 12)}…${t.token.slice(-8)}` : t.token}</code>
                  <span className="block text-xs text-slate-500 dark:text-slate-400">last seen {new Date(t.lastSeenAt).toLocaleString("en")}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section className="space-y-3" aria-labelledby="notifications-title">
        <h2 id="notifications-title" className="text-lg font-semibold">Notifications</h2>
        {!notifications ? (
          <p className="text-sm text-red-700 dark:text-red-300">That page of notifications could not be loaded.</p>
        ) : notifications.items.length === 0 ? (
          <EmptyState title="Nothing sent yet" />
        ) : (
          <div className={cardFlush}>
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Notifications sent to this recipient, newest first</caption>
              <thead className="text-slate-500 dark:text-slate-400">
                <tr>
                  <th scope="col" className="px-4 py-3 font-medium">Sent</th>
                  <th scope="col" className="px-4 py-3 font-medium">Type</th>
                  <th scope="col" className="px-4 py-3 font-medium">Status</th>
                  <th scope="col" className="hidden px-4 py-3 font-medium sm:table-cell">Channels</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {notifications.items.map((n) => (
                  <tr key={n.id}>
                    <td className="px-4 py-2.5"><Link href={`/admin/deliveries/${n.id}`} className={linkClass}><time dateTime={n.createdAt}>{new Date(n.createdAt).toLocaleString("en")}</time></Link></td>
                    <td className="px-4 py-2.5">{n.typeName}</td>
                    <td className="px-4 py-2.5"><StatusBadge status={n.status} /></td>
                    <td className="hidden px-4 py-2.5 sm:table-cell">
                      <span className="flex flex-wrap gap-1">
                        {n.deliveries.map((d) => <StatusBadge key={d.channel} status={d.status} label={`${channelLabels[d.channel]}: ${d.status}`} />)}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav aria-label="Notification pages" className="flex gap-3">
          {after && <Link href={base} className={buttonSecondary}>Newest</Link>}
          {notifications?.after && <Link href={`${base}?after=${notifications.after}`} className={buttonSecondary}>Older</Link>}
        </nav>
      </section>

      <section className="space-y-3" aria-labelledby="preferences-title">
        <h2 id="preferences-title" className="text-lg font-semibold">Preferences</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {canEditPreferences ? "Changes here act for the recipient, as if they had made them." : "Changing them on the recipient's behalf needs the admin role."}
        </p>
        {/* A disabled fieldset disables every control of the form inside it. */}
        <fieldset disabled={!canEditPreferences} className="min-w-0">
          <PreferencesForm initial={preferences} endpoint={`/api/admin/recipients/${encodeURIComponent(externalId)}/preferences`} />
        </fieldset>
      </section>
    </>
  );
}
