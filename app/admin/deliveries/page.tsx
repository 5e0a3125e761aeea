import type { Metadata } from "next";
import { Suspense } from "react";
import { DeliveriesLog } from "@/components/admin/deliveries-log";
import { getDeliveryFilterOptions } from "@/lib/admin/get-delivery-filter-options";
import { requireAdminPage } from "@/lib/auth/require-admin-page";
import { getDatabase } from "@/lib/db/get-database";
import { channels, deliveryStatuses } from "@/lib/db/schema";

export const metadata: Metadata = { title: "Deliveries" };

export default async function Page() {
  await requireAdminPage("admin:read");
  const { types, providers } = await getDeliveryFilterOptions(await getDatabase());
  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Deliveries</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">Every delivery attempt, newest first. Open one to see its timeline.</p>
      </div>
      <Suspense>
        <DeliveriesLog statuses={deliveryStatuses} channels={channels} types={types} providers={providers} />
      </Suspense>
    </>
  );
}
