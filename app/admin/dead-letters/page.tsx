import type { Metadata } from "next";
import { DeadLettersList } from "@/components/admin/dead-letters-list";
import { requireAdminPage } from "@/lib/auth/require-admin-page";
import { channels } from "@/lib/db/schema";

export const metadata: Metadata = { title: "Dead letters" };

export default async function Page() {
  await requireAdminPage("admin:read");
  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Dead letters</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Deliveries that failed, bounced or went undelivered. Replay sends one again through the same durable path (once, however often you click); discard takes it off this list and keeps its history.
        </p>
      </div>
      <DeadLettersList channels={channels} />
    </>
  );
}
