"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { signInAction, type SignInState } from "@/app/sign-in/actions";
import { Avatar } from "@/components/ui/avatar";
import { InlineField } from "./inline-field";
import type { Role } from "@/lib/auth/admin-roles";

type DemoUser = { email: string; name: string; role: Role };

export function LocalSignIn({ users }: { users: DemoUser[] }) {
  const t = useTranslations("LocalSignIn");
  const form = useTranslations("SignIn");
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, {});
  return (
    <div className="space-y-6">
      {users.length > 0 && (
        <ul className="space-y-2" aria-label={t("demoUsers")}>
          {users.map((user) => (
            <li key={user.email}>
              <form action={action}>
                <input type="hidden" name="email" value={user.email} />
                <button
                  type="submit"
                  disabled={pending}
                  className="flex w-full items-center gap-3 rounded-xl border border-slate-200 bg-white px-4 py-3 text-left shadow-sm transition hover:border-brand-500 hover:shadow focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900"
                >
                  <Avatar name={user.name} />
                  <span className="min-w-0 flex-1">
                    <span className="block font-medium">{t("signInAs", { name: user.name })}</span>
                    <span className="block truncate text-sm text-slate-500 dark:text-slate-400">{user.email}</span>
                  </span>
                  <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
                    {user.role}
                  </span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form action={action} className="space-y-2" noValidate>
        <InlineField
          id="email"
          label={t("byEmail")}
          type="email"
          autoComplete="email"
          placeholder="alice@example.com"
          aria-invalid={state.error ? true : undefined}
          aria-describedby={state.error ? "sign-in-error" : undefined}
          button={form("signIn")}
          pendingButton={form("signingIn")}
          pending={pending}
        />
        <p id="sign-in-error" role="alert" className="min-h-5 text-sm text-rose-600 dark:text-rose-400">
          {state.error}
        </p>
      </form>
    </div>
  );
}
