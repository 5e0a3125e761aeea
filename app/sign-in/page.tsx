import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LocalSignIn } from "@/components/auth/local-sign-in";
import { HeraldLogo } from "@/components/ui/herald-logo";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { listLocalUsers } from "@/lib/auth/session-user";
import { getDatabase } from "@/lib/db/get-database";
import { runtimeModes } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  if (await getCurrentUser()) redirect("/");
  const local = runtimeModes().auth === "local";
  const users = local ? await listLocalUsers((await getDatabase()).db) : [];
  return (
    <main id="main" className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-md space-y-8">
        <div className="space-y-3 text-center">
          <HeraldLogo className="text-2xl" />
          <h1 className="text-xl font-semibold">Sign in to Herald</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {local
              ? "Local sign-in: pick a demo user. This page does not exist once Supabase Auth is configured."
              : "This deployment signs users in with Supabase Auth through your application."}
          </p>
        </div>
        {local && (
          <LocalSignIn users={users.map(({ email, name, role }) => ({ email, name, role }))} />
        )}
      </div>
    </main>
  );
}
