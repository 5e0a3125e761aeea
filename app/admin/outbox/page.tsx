import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/admin-ui";
import { OutboxList } from "@/components/admin/outbox-list";
import { requireAdminPage } from "@/lib/auth/require-admin-page";
import { listOutboxMessages } from "@/lib/channels/list-outbox-messages";
import { getDatabase } from "@/lib/db/get-database";

export const metadata: Metadata = { title: "Outbox" };

export default async function Page() {
  await requireAdminPage("admin:read");
  const page = await listOutboxMessages((await getDatabase()).db, { limit: 20 });
  return (
    <>
      <PageHeader title="Outbox" description="With no email, SMS or push provider configured, Herald records what it would have sent here instead." />
      <OutboxList initial={{ items: page.items.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })), after: page.after }} />
    </>
  );
}
