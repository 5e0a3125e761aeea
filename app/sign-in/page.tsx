import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { EmailCodeForm } from "@/components/auth/email-code-form";
import { LocalSignIn } from "@/components/auth/local-sign-in";
import { HeraldLogo } from "@/components/ui/herald-logo";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { listLocalUsers } from "@/lib/auth/session-user";
import { getDatabase } from "@/lib/db/get-database";
import { runtimeModes } from "@/lib/env";
import { requestLinkAction, requestSupabaseCodeAction, verifySupabaseCodeAction } from "./actions";

export const metadata: Metadata = { title: "Sign in" };

const intro = {
  local: "Local sign-in: pick a demo user. It exists only in the embedded default (or behind HERALD_UNSAFE_LOCAL_SIGN_IN).",
  "email-link": "We email you a link that signs you in once. Team members are added by an owner or with the Herald CLI.",
  supabase: "Sign in with the email address of your account: we send a link and a one-time code.",
} as const;

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string | string[] }> }) {
  if (await getCurrentUser()) redirect("/");
  const mode = runtimeModes().auth;
  const users = mode === "local" ? await listLocalUsers((await getDatabase()).db) : [];
  const { error } = await searchParams;
  const linkError = typeof error === "string" ? error.slice(0, 200) : undefined;
  return (
    <main id="main" className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-md space-y-8">
        <div className="space-y-3 text-center">
          <HeraldLogo className="text-2xl" />
          <h1 className="text-xl font-semibold">Sign in to Herald</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">{intro[mode]}</p>
        </div>
        {mode === "local" && <LocalSignIn users={users.map(({ email, name, role }) => ({ email, name, role }))} />}
        {mode === "email-link" && <EmailCodeForm request={requestLinkAction} initialError={linkError} />}
        {mode === "supabase" && <EmailCodeForm request={requestSupabaseCodeAction} verify={verifySupabaseCodeAction} initialError={linkError} />}
      </div>
    </main>
  );
}
