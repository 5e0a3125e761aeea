import Negotiator from "negotiator";
import { bestLocale } from "./best-locale";
import { defaultLocale, isLocale, type Locale } from "./locales";

export type LocaleSources = {
  /** The `herald_locale` cookie: an explicit choice, so it wins. */
  cookie?: string | null;
  /** The recipient's stored locale (recipients.locale), e.g. "de" or "de-AT". */
  stored?: string | null;
  /** The request's Accept-Language header. */
  acceptLanguage?: string | null;
};

/**
 * Which locale a page speaks: the cookie, else the recipient's stored locale, else the
 * browser's Accept-Language, else English. recipients.locale defaults to "en" for everyone,
 * so a stored "en" reads as "not chosen" and the browser's languages decide.
 */
export function chooseLocale({ cookie, stored, acceptLanguage }: LocaleSources): Locale {
  if (isLocale(cookie)) return cookie;
  const fromStored = stored && stored !== defaultLocale ? bestLocale([stored]) : null;
  if (fromStored) return fromStored;
  const languages = acceptLanguage ? new Negotiator({ headers: { "accept-language": acceptLanguage } }).languages() : [];
  return bestLocale(languages.filter((tag) => tag !== "*")) ?? defaultLocale;
}
