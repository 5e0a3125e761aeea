import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/admin-ui";
import { ApiKeysManager } from "@/components/admin/api-keys-manager";
import { listApiKeys } from "@/lib/auth/api-keys";
import { requireAdminPage } from "@/lib/auth/require-admin-page";
import { getDatabase } from "@/lib/db/get-database";

export const metadata: Metadata = { title: "API keys" };

export default async function Page() {
  await requireAdminPage("admin:read");
  const keys = await listApiKeys((await getDatabase()).db);
  return (
    <>
      <PageHeader title="API keys" description="Keys let host apps call Herald's API (Authorization: Bearer …). Give each app its own key with only the scopes it needs." />
      <ApiKeysManager initial={keys} />
    </>
  );
}
