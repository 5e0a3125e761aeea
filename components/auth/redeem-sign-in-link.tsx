"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useSyncExternalStore } from "react";
import { redeemLinkAction, type SignInState } from "@/app/sign-in/actions";

const subscribe = (onChange: () => void) => {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
};
const tokenFromHash = () => new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "";

/**
 * The emailed link lands here with its token in the fragment, which browsers never send to a
 * server. Signing in takes a click, so a mail scanner that opens links does not use it up.
 */
export function RedeemSignInLink() {
  const t = useTranslations("SignIn");
  const token = useSyncExternalStore(subscribe, tokenFromHash, () => "");
  const [state, action, pending] = useActionState<SignInState, FormData>(redeemLinkAction, {});
  return (
    <form action={action} className="space-y-3 text-center">
      <input type="hidden" name="token" value={token} />
      <button
        type="submit"
        disabled={pending || !token}
        className="w-full rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60"
      >
        {pending ? t("signingIn") : t("continue")}
      </button>
      <p role="alert" className="min-h-5 text-sm text-rose-600 dark:text-rose-400">
        {state.error ?? (token ? "" : t("needsLink"))}
      </p>
      {state.error && (
        <Link href="/sign-in" className="text-sm font-medium text-brand-700 underline dark:text-brand-300">
          {t("askAgain")}
        </Link>
      )}
    </form>
  );
}
