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
        description="Endpoints that receive notifications as signed HTTP requests (Standard Webhooks). A failing endpoint keeps receiving on the retry schedule; it is disabled only after failing for days with no success, or at once when it answers 410. What a disabled or paused endpoint misses waits in the dead letters, to replay when it is back."
      />
      <WebhookEndpointsManager initial={first} />
    </>
  );
}
