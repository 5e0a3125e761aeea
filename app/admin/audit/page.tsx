import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/components/admin/admin-ui";
import { AuditLog } from "@/components/admin/audit-log";
import { auditActions, auditTargetTypes } from "@/lib/audit/record-audit";
import { requireAdminPage } from "@/lib/auth/require-admin-page";

export const metadata: Metadata = { title: "Audit log" };

export default async function Page() {
  await requireAdminPage("admin:read");
  return (
    <>
      <PageHeader title="Audit log" description="Every change made in the admin, by the API or from the CLI: who, what, and how it looked before and after. Secrets are never recorded." />
      <Suspense>
        <AuditLog actions={auditActions} targetTypes={auditTargetTypes} />
      </Suspense>
    </>
  );
}
