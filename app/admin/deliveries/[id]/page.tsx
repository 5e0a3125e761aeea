import type { Metadata } from "next";
import { requireAdminPage } from "@/lib/auth/require-admin-page";

export const metadata: Metadata = { title: "Notification" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminPage();
  const { id } = await params;
  return <h1 className="text-2xl font-semibold tracking-tight">Notification {id}</h1>;
}
