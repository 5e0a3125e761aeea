"use client";

import Link from "next/link";
import { AppRouterContext } from "next/dist/shared/lib/app-router-context.shared-runtime";
import { forwardRef, useContext } from "react";

/** A path of this site ("/inbox"), not another origin ("//evil.example", "https://…") or a scheme. */
export function isInternalPath(href: string): boolean {
  return href.startsWith("/") && !href.startsWith("//") && !href.startsWith("/\\");
}

type Props = Omit<React.AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & { href: string };

/**
 * A notification's link: inside Herald's pages an internal path navigates with the router (no
 * reload, the page's state survives); anything else — another site, or the bell embedded in a
 * host app, where there is no Next.js router — is a plain link.
 */
export const InboxLink = forwardRef<HTMLAnchorElement, Props>(function InboxLink({ href, ...rest }, ref) {
  const router = useContext(AppRouterContext);
  if (router && isInternalPath(href)) return <Link ref={ref} href={href} {...rest} />;
  return <a ref={ref} href={href} {...rest} />;
});
