"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { can, type AdminPermission } from "@/lib/auth/admin-roles";
import { useMemberRole } from "./member-role";

// Each section shows to the members who can use it; its page checks again on the server.
const adminSections: { href: string; label: string; permission: AdminPermission }[] = [
  { href: "/admin", label: "Overview", permission: "admin:read" },
  { href: "/admin/send", label: "Send", permission: "notifications:send" },
  { href: "/admin/deliveries", label: "Deliveries", permission: "admin:read" },
  { href: "/admin/dead-letters", label: "Dead letters", permission: "admin:read" },
  { href: "/admin/templates", label: "Templates & types", permission: "admin:read" },
  { href: "/admin/recipients", label: "Recipients", permission: "admin:read" },
  { href: "/admin/webhooks", label: "Webhooks", permission: "admin:read" },
  { href: "/admin/api-keys", label: "API keys", permission: "admin:read" },
  { href: "/admin/outbox", label: "Outbox", permission: "admin:read" },
  { href: "/admin/members", label: "Members", permission: "members:read" },
  { href: "/admin/audit", label: "Audit log", permission: "admin:read" },
];

export function AdminNav() {
  const pathname = usePathname();
  const role = useMemberRole();
  const isActive = (href: string) => (href === "/admin" ? pathname === "/admin" : pathname === href || pathname.startsWith(`${href}/`));
  return (
    <nav aria-label="Admin" className="-mx-4 overflow-x-auto px-4 lg:mx-0 lg:px-0">
      <ul className="flex gap-1 lg:flex-col">
        {adminSections
          .filter((s) => can(role, s.permission))
          .map((s) => (
            <li key={s.href}>
              <Link
                href={s.href}
                aria-current={isActive(s.href) ? "page" : undefined}
                className="block whitespace-nowrap rounded-md px-3 py-2 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500 aria-[current=page]:bg-brand-50 aria-[current=page]:font-medium aria-[current=page]:text-brand-700 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white dark:aria-[current=page]:bg-brand-700/25 dark:aria-[current=page]:text-brand-100"
              >
                {s.label}
              </Link>
            </li>
          ))}
      </ul>
    </nav>
  );
}
