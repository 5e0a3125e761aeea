import type { AbstractIntlMessages } from "next-intl";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import type { Locale } from "./locales";

/** Every locale's messages, bundled: the pages and the embeddable bell both read them from here. */
export const messagesByLocale: Record<Locale, AbstractIntlMessages> = { en, de };
