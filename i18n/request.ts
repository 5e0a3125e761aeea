import { eq } from "drizzle-orm";
import { getRequestConfig } from "next-intl/server";
import { cookies, headers } from "next/headers";
import { getCurrentUser } from "@/lib/auth/get-current-user";
import { getDatabase } from "@/lib/db/get-database";
import { recipients } from "@/lib/db/schema";
import { logger } from "@/lib/logger";
import { chooseLocale } from "./choose-locale";
import { messagesByLocale } from "./load-messages";
import { LOCALE_COOKIE } from "./locales";

type Stored = { locale: string | null; timeZone: string | null };

async function storedSettings(): Promise<Stored> {
  try {
    const user = await getCurrentUser();
    if (!user?.recipientId) return { locale: null, timeZone: null };
    const { db } = await getDatabase();
    const [row] = await db.select({ locale: recipients.locale, timeZone: recipients.timezone }).from(recipients).where(eq(recipients.id, user.recipientId)).limit(1);
    return { locale: row?.locale ?? null, timeZone: row?.timeZone ?? null };
  } catch (error) {
    // No database (an outage page) must not stop a page from speaking the browser's language.
    logger.debug("stored locale unavailable", { error: error instanceof Error ? error.message : String(error) });
    return { locale: null, timeZone: null };
  }
}

const knownTimeZone = (zone: string | null) => {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
};

/** The locale, messages and time zone of one request (no locale in the URL: see chooseLocale). */
export default getRequestConfig(async () => {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  const stored = await storedSettings();
  const locale = chooseLocale({
    cookie: cookieStore.get(LOCALE_COOKIE)?.value,
    stored: stored.locale,
    acceptLanguage: headerStore.get("accept-language"),
  });
  // Dates format in the recipient's time zone (recipients.timezone), else the server's.
  return { locale, messages: messagesByLocale[locale], timeZone: knownTimeZone(stored.timeZone) ?? Intl.DateTimeFormat().resolvedOptions().timeZone };
});
