import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function Forbidden() {
  const t = await getTranslations("Forbidden");
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-4 px-4 text-center">
      <p className="text-sm font-semibold text-brand-600">403</p>
      <h1 className="text-2xl font-semibold tracking-tight">{t("heading")}</h1>
      <p className="text-slate-600 dark:text-slate-400">{t("body")}</p>
      <Link href="/" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500">
        {t("home")}
      </Link>
    </main>
  );
}
