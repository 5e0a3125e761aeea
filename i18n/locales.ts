/** The locales Herald's end-user pages ship messages for; the first is the fallback. */
export const locales = ["en", "de"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";

/** A cookie that overrides every other choice (set it to one of `locales`). */
export const LOCALE_COOKIE = "herald_locale";

export const isLocale = (value: unknown): value is Locale => typeof value === "string" && (locales as readonly string[]).includes(value);
