"use client";

import { useActionState } from "react";
import type { SignInState } from "@/app/sign-in/actions";

type Action = (previous: SignInState, formData: FormData) => Promise<SignInState>;

const input =
  "min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-brand-500 dark:border-slate-700 dark:bg-slate-900";
const button =
  "rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60";

/**
 * Sign-in by email: ask for the address, then say where the link went — and, when the method
 * also sends a one-time code (Supabase Auth), take the code right here.
 */
export function EmailCodeForm({ request, verify, initialError }: { request: Action; verify?: Action; initialError?: string }) {
  const [sent, requestAction, requesting] = useActionState<SignInState, FormData>(request, { error: initialError });
  const [verified, verifyAction, verifying] = useActionState<SignInState, FormData>(verify ?? request, {});
  const error = verified.error ?? sent.error;
  return (
    <div className="space-y-6">
      <form action={requestAction} className="space-y-2" noValidate>
        <label htmlFor="email" className="block text-sm font-medium">
          Email address
        </label>
        <div className="flex gap-2">
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            required
            defaultValue={sent.sentTo}
            aria-invalid={sent.error ? true : undefined}
            aria-describedby="sign-in-status"
            placeholder="you@example.com"
            className={input}
          />
          <button type="submit" disabled={requesting} className={button}>
            {requesting ? "Sending…" : sent.sentTo ? "Send again" : "Email me a link"}
          </button>
        </div>
      </form>
      {sent.sentTo && verify && (
        <form action={verifyAction} className="space-y-2" noValidate>
          <input type="hidden" name="email" value={sent.sentTo} />
          <label htmlFor="code" className="block text-sm font-medium">
            Or type the code from the email
          </label>
          <div className="flex gap-2">
            <input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" required pattern="[0-9]*" className={input} />
            <button type="submit" disabled={verifying} className={button}>
              {verifying ? "Checking…" : "Sign in"}
            </button>
          </div>
        </form>
      )}
      <p id="sign-in-status" role={error ? "alert" : "status"} className={`min-h-5 text-sm ${error ? "text-rose-600 dark:text-rose-400" : "text-slate-600 dark:text-slate-400"}`}>
        {error ?? (sent.sentTo ? `If ${sent.sentTo} has an account, a sign-in link is on its way. It works once, for a few minutes.` : "")}
      </p>
    </div>
  );
}
