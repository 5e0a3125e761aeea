"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { SignInState } from "@/app/sign-in/actions";
import { InlineField } from "./inline-field";

type Action = (previous: SignInState, formData: FormData) => Promise<SignInState>;

/**
 * Sign-in by email: ask for the address, then say where the link went — and, when the method
 * also sends a one-time code (Supabase Auth), take the code right here.
 */
export function EmailCodeForm({ request, verify, initialError }: { request: Action; verify?: Action; initialError?: string }) {
  const t = useTranslations("SignIn");
  const [sent, requestAction, requesting] = useActionState<SignInState, FormData>(request, { error: initialError });
  const [verified, verifyAction, verifying] = useActionState<SignInState, FormData>(verify ?? request, {});
  const error = verified.error ?? sent.error;
  return (
    <div className="space-y-6">
      <form action={requestAction} className="space-y-2" noValidate>
        <InlineField
          id="email"
          label={t("emailAddress")}
          type="email"
          autoComplete="email"
          defaultValue={sent.sentTo}
          placeholder="you@example.com"
          aria-invalid={sent.error ? true : undefined}
          aria-describedby="sign-in-status"
          button={sent.sentTo ? t("sendAgain") : t("emailMeALink")}
          pendingButton={t("sending")}
          pending={requesting}
        />
      </form>
      {sent.sentTo && verify && (
        <form action={verifyAction} className="space-y-2" noValidate>
          <input type="hidden" name="email" value={sent.sentTo} />
          <InlineField
            id="code"
            label={t("codeLabel")}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            button={t("signIn")}
            pendingButton={t("checking")}
            pending={verifying}
          />
        </form>
      )}
      <p id="sign-in-status" role={error ? "alert" : "status"} className={`min-h-5 text-sm ${error ? "text-rose-600 dark:text-rose-400" : "text-slate-600 dark:text-slate-400"}`}>
        {error ?? (sent.sentTo ? t("linkSent", { email: sent.sentTo }) : "")}
      </p>
    </div>
  );
}
