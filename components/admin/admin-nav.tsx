"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const adminSections = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/send", label: "Send" },
  { href: "/admin/deliveries", label: "Deliveries" },
  { href: "/admin/dead-letters", label: "Dead letters" },
  { href: "/admin/templates", label: "Templates & types" },
  { href: "/admin/recipients", label: "Recipients" },
  { href: "/admin/webhooks", label: "Webhooks" },
  { href: "/admin/api-keys", label: "API keys" },
  { href: "/admin/outbox", label: "Outbox" },
] as const;

export function AdminNav() {
  const pathname = usePathname();
  const isActive = (href: string) => (href === "/admin" ? pathname === "/admin" : pathname === href || pathname.startsWith(`${href}/`));
  return (
    <nav aria-label="Admin" className="-mx-4 overflow-x-auto px-4 lg:mx-0 lg:px-0">
      <ul className="flex gap-1 lg:flex-col">
        {adminSections.map((s) => (
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
