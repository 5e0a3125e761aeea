import { match } from "@formatjs/intl-localematcher";
import { isLocale, locales, type Locale } from "./locales";

/** The best shipped locale for a tag list, or null when none of them is shipped. */
export function bestLocale(tags: string[]): Locale | null {
  const requested = tags.filter((tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length > 0;
    } catch {
      return false;
    }
  });
  if (requested.length === 0) return null;
  // A sentinel default tells "nothing matched" apart from a real match on the default locale.
  const found = match(requested, [...locales], "und", { algorithm: "best fit" });
  return isLocale(found) ? found : null;
}
