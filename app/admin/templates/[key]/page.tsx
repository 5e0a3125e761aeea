import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { linkClass, PageHeader } from "@/components/admin/admin-ui";
import { TemplateEditor } from "@/components/admin/template-editor";
import { TypeSettingsForm } from "@/components/admin/type-settings-form";
import { requireAdminPage } from "@/lib/auth/require-admin-page";
import { decodeRouteParam } from "@/lib/api/decode-route-param";
import { getDatabase } from "@/lib/db/get-database";
import { getRecipientById } from "@/lib/db/queries/recipients";
import { listNotificationTypes } from "@/lib/templates/list-notification-types";

export const metadata: Metadata = { title: "Edit type" };

export default async function Page({ params }: { params: Promise<{ key: string }> }) {
  const user = await requireAdminPage("admin:read");
  const { key } = await params;
  const { db } = await getDatabase();
  const [type] = await listNotificationTypes(db, decodeRouteParam(key));
  if (!type) notFound();
  const me = user.recipientId ? await getRecipientById(db, user.recipientId) : null;
  const settings = type.templateSettings as { defaultLocale?: string; variables?: string[] };
  return (
    <>
      <p className="text-sm"><Link href="/admin/templates" className={linkClass}>← Templates & types</Link></p>
      <PageHeader title={type.name} description={`${type.key}${type.description ? ` — ${type.description}` : ""}`} />
      <TemplateEditor key={type.key} typeKey={type.key} templates={type.templates} variables={type.variables} me={me ? { externalId: me.externalId, email: me.email } : null} />
      <TypeSettingsForm
        key={`${type.key}-${type.updatedAt.toISOString()}`}
        initial={{ key: type.key, name: type.name, description: type.description, category: type.category, defaultChannels: type.defaultChannels, critical: type.critical, escalation: type.escalation, defaultLocale: settings.defaultLocale ?? "en", variables: settings.variables ?? null, inboxTtlDays: type.inboxTtlDays }}
      />
    </>
  );
}
