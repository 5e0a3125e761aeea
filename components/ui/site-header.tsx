import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { isMember } from "@/lib/auth/admin-roles";
import type { SessionUser } from "@/lib/auth/session-user";
import { signOutAction } from "@/app/sign-in/actions";
import { Avatar } from "./avatar";
import { HeraldLogo } from "./herald-logo";
import { MobileNav, type NavLink } from "./mobile-nav";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { browserPushConfig } from "@/lib/push/browser-push-config";

export async function SiteHeader({ user }: { user: SessionUser }) {
  const t = await getTranslations("Header");
  const links: NavLink[] = [
    ...(user.recipientId ? [{ href: "/inbox", label: t("inbox") }, { href: "/preferences", label: t("preferences") }] : []),
    ...(isMember(user.role) ? [{ href: "/admin", label: t("admin") }] : []),
  ];
  return (
    <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/85 backdrop-blur dark:border-slate-800 dark:bg-slate-900/85">
      <div className="mx-auto flex h-14 max-w-7xl items-center justify-between gap-3 px-4">
        <nav aria-label={t("mainNav")} className="flex items-center gap-2 sm:gap-4">
          <MobileNav links={links} />
          <Link href="/" className="rounded-md focus-visible:outline-2 focus-visible:outline-brand-500">
            <HeraldLogo />
          </Link>
          {user.recipientId && (
            <Link href="/inbox" className="hidden rounded-md px-2 py-1 text-sm text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500 sm:inline dark:text-slate-300 dark:hover:text-white">
              {t("inbox")}
            </Link>
          )}
          {user.recipientId && (
            <Link href="/preferences" className="hidden rounded-md px-2 py-1 text-sm text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500 sm:inline dark:text-slate-300 dark:hover:text-white">
              {t("preferences")}
            </Link>
          )}
          {isMember(user.role) && (
            <Link href="/admin" className="hidden rounded-md px-2 py-1 text-sm text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500 sm:inline dark:text-slate-300 dark:hover:text-white">
              {t("admin")}
            </Link>
          )}
        </nav>
        <div className="flex items-center gap-3">
          {user.recipientId && <NotificationBell pushConfig={browserPushConfig()} />}
          <span className="flex items-center gap-2">
            <Avatar name={user.name} />
            <span className="hidden text-sm sm:inline" data-testid="current-user">
              {user.name}
            </span>
            {isMember(user.role) && (
              <span className="rounded-full bg-brand-100 px-2 py-0.5 text-xs font-medium capitalize text-brand-700 dark:bg-brand-700/30 dark:text-brand-100">
                {user.role}
              </span>
            )}
          </span>
          <form action={signOutAction}>
            <button
              type="submit"
              className="rounded-md px-2.5 py-1.5 text-sm text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-slate-300 dark:hover:bg-slate-800"
            >
              {t("signOut")}
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
