import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import { getEnv, runtimeModes } from "@/lib/env";
import "./globals.css";
import { StoreProvider } from "./store-provider";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("Layout");
  return {
    title: { default: "Herald", template: "%s · Herald" },
    description: t("description"),
    icons: { icon: "/favicon.svg" },
  };
}

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0b1020" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request, so each carries its own CSP nonce (see proxy.ts).
  await connection();
  const env = getEnv();
  const locale = await getLocale();
  const t = await getTranslations("Layout");
  // The browser gets every message but those of the demo users' sign-in and the newcomer's
  // steps, which exist only with local sign-in.
  const { LocalSignIn, GettingStarted, Newcomer, ...shared } = await getMessages();
  const messages = runtimeModes().auth === "local" ? { ...shared, LocalSignIn, GettingStarted, Newcomer } : shared;
  const supabase =
    env.NEXT_PUBLIC_SUPABASE_URL && env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY
      ? { url: env.NEXT_PUBLIC_SUPABASE_URL, publishableKey: env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY }
      : null;
  return (
    <html lang={locale}>
      <body className="min-h-dvh bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-4 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow dark:focus:bg-slate-800"
        >
          {t("skipToContent")}
        </a>
        <NextIntlClientProvider messages={messages}>
          <StoreProvider supabase={supabase}>{children}</StoreProvider>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
