import type { Metadata } from "next";
import { requireAdminPage } from "@/lib/auth/require-admin-page";

export const metadata: Metadata = { title: "Recipients" };

export default async function Page() {
  await requireAdminPage();
  return <h1 className="text-2xl font-semibold tracking-tight">Recipients</h1>;
}
