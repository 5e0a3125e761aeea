"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { forwardRef } from "react";

/** A path of this site ("/inbox"), not another origin ("//evil.example", "https://…") or a scheme. */
export function isInternalPath(href: string): boolean {
  return href.startsWith("/") && !href.startsWith("//") && !href.startsWith("/\\");
}

/** Whether this renders under Next.js's router: not so in the bell embedded in a host app's page, where useRouter throws. */
export function useInApp(): boolean {
  try {
    return useRouter() !== null;
  } catch {
    return false;
  }
}

type Props = Omit<React.AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & { href: string };

/**
 * A notification's link: inside Herald's pages an internal path navigates with the router (no
 * reload, the page's state survives); anything else — another site, or the bell embedded in a
 * host app, where there is no Next.js router — is a plain link.
 */
export const InboxLink = forwardRef<HTMLAnchorElement, Props>(function InboxLink({ href, ...rest }, ref) {
  const inApp = useInApp();
  if (inApp && isInternalPath(href)) return <Link ref={ref} href={href} {...rest} />;
  return <a ref={ref} href={href} {...rest} />;
});
