"use client";

import { Bell, Check } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { sendTestNotificationAction, type TestSendState } from "@/app/actions";
import { signInAction, type SignInState } from "@/app/sign-in/actions";

type StepState = "done" | "current" | "next";

/**
 * What a newcomer on the embedded default does first: sign in as a demo user, send themselves a
 * notification, open the bell. Each step is one click; the first two are buttons right here.
 */
export function GettingStarted({ signedInAs, demoUser }: { signedInAs: string | null; demoUser: { email: string; name: string } | null }) {
  const t = useTranslations("GettingStarted");
  const [sent, send, sending] = useActionState<TestSendState>(sendTestNotificationAction, {});
  const signedIn = signedInAs !== null;
  return (
    <section aria-labelledby="getting-started" className="rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="getting-started" className="text-lg font-semibold">
        {t("heading")}
      </h2>
      <ol className="mt-4 grid gap-3 md:grid-cols-3">
        <Step n={1} state={signedIn ? "done" : "current"} title={t("signInStep")}>
          {signedIn ? (
            <p>{t("signedInAs", { name: signedInAs })}</p>
          ) : demoUser ? (
            <SignInAsDemo user={demoUser} />
          ) : (
            <Link href="/sign-in" className="font-medium text-brand-700 underline dark:text-brand-100">{t("pickDemoUser")}</Link>
          )}
        </Step>
        <Step n={2} state={!signedIn ? "next" : sent.data ? "done" : "current"} title={t("sendStep")}>
          {signedIn ? (
            <form action={send} className="space-y-2">
              <button
                type="submit"
                disabled={sending}
                className="rounded-lg bg-brand-600 px-3 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60"
              >
                {sending ? t("sending") : sent.data ? t("sendAnother") : t("send")}
              </button>
              <p role="status" className="min-h-5 text-sm">
                {sent.data ? t("sent") : ""}
              </p>
              {sent.error && (
                <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">
                  {sent.error}
                </p>
              )}
            </form>
          ) : (
            <p>{t("sendExplained")}</p>
          )}
        </Step>
        <Step n={3} state={sent.data ? "current" : "next"} title={t("bellStep")}>
          <p>
            <Bell aria-hidden="true" className="mr-1 inline size-4 align-text-bottom" />
            {t("bellExplained")}
          </p>
        </Step>
      </ol>
    </section>
  );
}

function SignInAsDemo({ user }: { user: { email: string; name: string } }) {
  const t = useTranslations("GettingStarted");
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, {});
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="email" value={user.email} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-lg bg-brand-600 px-3 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60"
      >
        {pending ? t("signingIn") : t("signInAs", { name: user.name })}
      </button>
      <p className="text-sm">
        {t.rich("pickAnother", {
          link: (chunks) => (
            <Link href="/sign-in" className="font-medium text-brand-700 underline dark:text-brand-100">
              {chunks}
            </Link>
          ),
        })}
      </p>
      {state.error && (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">
          {state.error}
        </p>
      )}
    </form>
  );
}

function Step({ n, state, title, children }: { n: number; state: StepState; title: string; children: React.ReactNode }) {
  const t = useTranslations("GettingStarted");
  return (
    <li
      aria-current={state === "current" ? "step" : undefined}
      className={`rounded-xl border p-4 text-sm text-slate-600 dark:text-slate-300 ${
        state === "current" ? "border-brand-500 bg-brand-50/60 dark:border-brand-500 dark:bg-brand-500/10" : "border-slate-200 dark:border-slate-800"
      }`}
    >
      <div className="mb-2 flex items-center gap-2">
        <span
          aria-hidden="true"
          className={`flex size-7 shrink-0 items-center justify-center rounded-full text-sm font-semibold ${
            state === "done" ? "bg-emerald-600 text-white" : state === "current" ? "bg-brand-600 text-white" : "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-100"
          }`}
        >
          {state === "done" ? <Check className="size-4" strokeWidth={3} /> : n}
        </span>
        <h3 className="font-semibold text-slate-900 dark:text-white">
          {title}
          {state === "done" && <span className="sr-only"> {t("done")}</span>}
        </h3>
      </div>
      {children}
    </li>
  );
}
