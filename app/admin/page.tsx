import type { Metadata } from "next";
import { OverviewDashboard } from "@/components/admin/overview-dashboard";
import { statsQuerySchema } from "@/lib/admin/get-delivery-stats";
import { requireAdminPage } from "@/lib/auth/require-admin-page";

export const metadata: Metadata = { title: "Overview" };

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdminPage("admin:read");
  // An unknown range in a shared link falls back to the default rather than failing the page.
  const parsed = statsQuerySchema.safeParse({ range: (await searchParams).range });
  return <OverviewDashboard range={parsed.success ? parsed.data.range : "24h"} />;
}
