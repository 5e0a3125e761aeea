import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/admin-ui";
import { SendComposer } from "@/components/admin/send-composer";
import { requireAdminPage } from "@/lib/auth/require-admin-page";
import { getDatabase } from "@/lib/db/get-database";
import { listNotificationTypes } from "@/lib/templates/list-notification-types";

export const metadata: Metadata = { title: "Send" };

export default async function Page() {
  await requireAdminPage();
  const types = await listNotificationTypes((await getDatabase()).db);
  return (
    <>
      <PageHeader title="Send" description="Send a notification to chosen recipients, now or later, or broadcast it to everyone matching a filter." />
      <SendComposer types={types.map(({ key, name, defaultChannels, critical, escalation, templateSettings, templates, variables }) => ({ key, name, defaultChannels, critical, escalation, templateSettings, templates, variables }))} />
    </>
  );
}
