import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { RedeemSignInLink } from "@/components/auth/redeem-sign-in-link";
import { HeraldLogo } from "@/components/ui/herald-logo";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("SignIn");
  return { title: t("title"), referrer: "no-referrer" };
}

export default async function SignInLinkPage() {
  const t = await getTranslations("SignIn");
  return (
    <main id="main" className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm space-y-8">
        <div className="space-y-3 text-center">
          <HeraldLogo className="text-2xl" />
          <h1 className="text-xl font-semibold">{t("finishHeading")}</h1>
        </div>
        <RedeemSignInLink />
      </div>
    </main>
  );
}
