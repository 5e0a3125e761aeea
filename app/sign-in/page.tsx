import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { EmailCodeForm } from "@/components/auth/email-code-form";
import { LocalSignIn } from "@/components/auth/local-sign-in";
import { HeraldLogo } from "@/components/ui/herald-logo";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { listLocalUsers } from "@/lib/auth/session-user";
import { getDatabase } from "@/lib/db/get-database";
import { runtimeModes } from "@/lib/env";
import { requestLinkAction, requestSupabaseCodeAction, verifySupabaseCodeAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("SignIn");
  return { title: t("title") };
}


export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string | string[] }> }) {
  if (await getCurrentUser()) redirect("/");
  const t = await getTranslations("SignIn");
  const local = await getTranslations("LocalSignIn");
  const mode = runtimeModes().auth;
  const users = mode === "local" ? await listLocalUsers((await getDatabase()).db) : [];
  const { error } = await searchParams;
  const linkError = typeof error === "string" ? error.slice(0, 200) : undefined;
  return (
    <main id="main" className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-md space-y-8">
        <div className="space-y-3 text-center">
          <HeraldLogo className="text-2xl" />
          <h1 className="text-xl font-semibold">{t("heading")}</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">{mode === "local" ? local("introLocal") : t(mode === "email-link" ? "introEmailLink" : "introSupabase")}</p>
        </div>
        {mode === "local" && <LocalSignIn users={users.map(({ email, name, role }) => ({ email, name, role }))} />}
        {mode === "email-link" && <EmailCodeForm request={requestLinkAction} initialError={linkError} />}
        {mode === "supabase" && <EmailCodeForm request={requestSupabaseCodeAction} verify={verifySupabaseCodeAction} initialError={linkError} />}
      </div>
    </main>
  );
}
