import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chooseLocale } from "@/i18n/choose-locale";
import { bestLocale } from "@/i18n/best-locale";
import de from "@/messages/de.json";
import en from "@/messages/en.json";

const root = path.resolve(import.meta.dirname, "../..");

/** "Header.inbox" → "Inbox": every leaf of a messages file. */
function leaves(messages: object, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(messages)) {
    if (value !== null && typeof value === "object") for (const [k, v] of leaves(value, `${prefix}${key}.`)) out.set(k, v);
    else out.set(`${prefix}${key}`, value);
  }
  return out;
}

// `{name}` and `{count, plural, …}`: the argument names, not the (translated) branches.
const placeholders = (text: string) => [...text.matchAll(/\{\s*(\w+)\s*[,}]/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

/** Every `t("key")` of a translator bound with useTranslations("NS") / getTranslations("NS"). */
function usedKeys(source: string): string[] {
  const keys: string[] = [];
  for (const bound of source.matchAll(/\b(\w+) = (?:await )?(?:useTranslations|getTranslations)\(\s*"([^"]+)"\s*\)/g)) {
    const [, name, namespace] = bound;
    for (const call of source.matchAll(new RegExp(`\\b${name}(?:\\.rich|\\.markup|\\.has)?\\(\\s*"([^"]+)"`, "g"))) keys.push(`${namespace}.${call[1]}`);
  }
  return keys;
}

describe("messages", () => {
  const english = leaves(en);
  const german = leaves(de);

  it("de.json has exactly the keys of en.json", () => {
    expect([...german.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it("has no empty or non-string message, and the same placeholders in both", () => {
    for (const [key, value] of [...english, ...german]) {
      expect(typeof value, key).toBe("string");
      expect((value as string).trim(), key).not.toBe("");
    }
    for (const [key, value] of english) expect(placeholders(german.get(key) as string), key).toEqual(placeholders(value as string));
  });

  it("has every key the code asks for", () => {
    const files = ["app", "components", "i18n"].flatMap(sourceFiles);
    const used = files.flatMap((file) => usedKeys(fs.readFileSync(path.join(root, file), "utf8")).map((key) => ({ file, key })));
    // The scan must see the code: the header alone asks for several keys.
    expect(used.filter(({ file }) => file.endsWith("site-header.tsx")).length).toBeGreaterThan(3);
    expect(used.filter(({ key }) => !english.has(key))).toEqual([]);
  });

  it("the scan finds a missing key", () => {
    expect(usedKeys('const t = useTranslations("Header");\nt("inbox"); t("nope", { a: 1 });')).toEqual(["Header.inbox", "Header.nope"]);
  });
});

describe("chooseLocale", () => {
  it("prefers the cookie, then a stored locale, then Accept-Language, then English", () => {
    expect(chooseLocale({ cookie: "en", stored: "de", acceptLanguage: "de-DE" })).toBe("en");
    expect(chooseLocale({ stored: "de-AT", acceptLanguage: "en-US" })).toBe("de");
    expect(chooseLocale({ stored: "en", acceptLanguage: "de-DE,de;q=0.9,en;q=0.8" })).toBe("de");
    expect(chooseLocale({ acceptLanguage: "fr-FR,fr;q=0.9,de;q=0.5" })).toBe("de");
    expect(chooseLocale({ acceptLanguage: "en-US,en;q=0.9,de;q=0.8" })).toBe("en");
    expect(chooseLocale({ acceptLanguage: "fr-FR" })).toBe("en");
    expect(chooseLocale({})).toBe("en");
  });

  it("ignores what it cannot use", () => {
    expect(chooseLocale({ cookie: "xx", stored: "not a tag", acceptLanguage: "*;q=0.1, ???" })).toBe("en");
    expect(bestLocale(["zz-ZZ"])).toBeNull();
  });
});
