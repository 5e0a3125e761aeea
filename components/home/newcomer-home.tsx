import { getTranslations } from "next-intl/server";
import { HeraldLogo } from "@/components/ui/herald-logo";
import { GettingStarted } from "./getting-started";

/** The first screen of a fresh install, signed out: what Herald is and what to try. */
export async function NewcomerHome({ demoUser }: { demoUser: { email: string; name: string } | null }) {
  const t = await getTranslations("Newcomer");
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-5xl flex-col justify-center gap-8 px-4 py-10">
      <div className="space-y-3">
        <HeraldLogo className="text-2xl" />
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">{t("heading")}</h1>
        <p className="max-w-2xl text-slate-600 dark:text-slate-400">
          {t.rich("intro", { code: (chunks) => <code className="rounded bg-slate-100 px-1 text-sm dark:bg-slate-800">{chunks}</code> })}
        </p>
      </div>
      <GettingStarted signedInAs={null} demoUser={demoUser} />
    </main>
  );
}
