import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/admin-ui";
import { WebhookEndpointsManager } from "@/components/admin/webhook-endpoints-manager";
import { requireAdminPage } from "@/lib/auth/require-admin-page";
import { listWebhookEndpoints } from "@/lib/channels/webhooks/manage-webhook-endpoints";
import { getDatabase } from "@/lib/db/get-database";

export const metadata: Metadata = { title: "Webhooks" };

export default async function Page() {
  await requireAdminPage("admin:read");
  const first = await listWebhookEndpoints((await getDatabase()).db, { limit: 25 });
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Endpoints that receive notifications as signed HTTP requests (Standard Webhooks). Endpoints that keep failing, or answer 410, are disabled until you enable them again."
      />
      <WebhookEndpointsManager initial={first} />
    </>
  );
}
