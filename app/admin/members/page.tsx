import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/admin-ui";
import { MembersManager } from "@/components/admin/members-manager";
import { requireAdminPage } from "@/lib/auth/require-admin-page";
import { runtimeModes } from "@/lib/env";

export const metadata: Metadata = { title: "Members" };

export default async function Page() {
  const user = await requireAdminPage("members:read");
  return (
    <>
      <PageHeader title="Members" description="Who can use this admin, and with which role: viewers read, editors change what is sent and send, admins also manage keys, webhooks, dead letters and members, owners also manage owners." />
      <MembersManager me={user.id} usersLiveInSupabase={runtimeModes().auth === "supabase"} />
    </>
  );
}
