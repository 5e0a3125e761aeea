import type { Locale } from "./locales";
import type en from "@/messages/en.json";

// Typed keys: a t("…") call with a key that en.json lacks fails the typecheck.
declare module "use-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof en;
  }
}
