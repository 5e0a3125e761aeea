import type { Metadata } from "next";
import { RedeemSignInLink } from "@/components/auth/redeem-sign-in-link";
import { HeraldLogo } from "@/components/ui/herald-logo";

export const metadata: Metadata = { title: "Sign in", referrer: "no-referrer" };

export default function SignInLinkPage() {
  return (
    <main id="main" className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm space-y-8">
        <div className="space-y-3 text-center">
          <HeraldLogo className="text-2xl" />
          <h1 className="text-xl font-semibold">Finish signing in</h1>
        </div>
        <RedeemSignInLink />
      </div>
    </main>
  );
}
