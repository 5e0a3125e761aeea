import type { Metadata } from "next";
import { AdminNav } from "@/components/admin/admin-nav";
import { MemberRoleProvider } from "@/components/admin/member-role";
import { SiteHeader } from "@/components/ui/site-header";
import { requireAdminPage } from "@/lib/auth/require-admin-page";

export const metadata: Metadata = { title: { default: "Admin", template: "%s · Admin · Herald" } };

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await requireAdminPage("admin:read");
  return (
    <>
      <SiteHeader user={user} />
      <MemberRoleProvider role={user.role}>
        <div className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6 lg:flex-row">
          <aside className="lg:w-52 lg:shrink-0">
            <AdminNav />
          </aside>
          <main id="main" className="min-w-0 flex-1 space-y-6">
            {children}
          </main>
        </div>
      </MemberRoleProvider>
    </>
  );
}
