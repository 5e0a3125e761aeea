"use client";

import { Lock } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import type { Channel } from "@/lib/db/schema";
import type { RecipientPreferences } from "@/lib/preferences/recipient-preferences";
import { groupByCategory, OTHER_CATEGORY } from "@/lib/preferences/type-categories";
import { channelOrder, useChannelInfo, type Contact } from "./channel-info";
import { PreferenceSwitch } from "./preference-switch";
import { QuietHoursForm } from "./quiet-hours-form";
import { SaveToast, type SaveNotice } from "./save-toast";

type Target = { typeKey: string | null; channel: Channel };
type Prefs = RecipientPreferences;

const withValue = (prefs: Prefs, { typeKey, channel }: Target, on: boolean): Prefs =>
  typeKey === null
    ? { ...prefs, global: { ...prefs.global, [channel]: on } }
    : { ...prefs, types: prefs.types.map((t) => (t.key === typeKey ? { ...t, channels: { ...t.channels, [channel]: on } } : t)) };

const switchId = ({ typeKey, channel }: Target) => `pref-${typeKey ?? "all"}-${channel}`.replace(/[^A-Za-z0-9_-]/g, "_");

/** A type's switches: its default channels, and any other the recipient has switched on. */
const shownChannels = (type: Prefs["types"][number]) => channelOrder.filter((c) => type.defaultChannels.includes(c) || (!type.critical && type.channels[c]));

type CategoryKey = "activity" | "accountSecurity" | "digests" | "marketing" | "other";
/** The categories Herald suggests (and "Other") have a name in every language; an admin's own stays as typed. */
const categoryKeys = new Map<string, CategoryKey>([
  ["Activity", "activity"],
  ["Account & security", "accountSecurity"],
  ["Digests", "digests"],
  ["Marketing", "marketing"],
  [OTHER_CATEGORY, "other"],
]);

/**
 * The preferences page: channels explained once (with a switch for everything on each), then
 * the types by category. Every switch saves at once; the toast offers Undo, and a failed save
 * puts the switch back.
 */
export function InstantPreferences({ initial, contact, endpoint = "/api/preferences" }: { initial: Prefs; contact: Contact; endpoint?: string }) {
  const t = useTranslations("Preferences");
  const channelInfo = useChannelInfo(contact);
  const [prefs, setPrefs] = useState(initial);
  const [notice, setNotice] = useState<SaveNotice | null>(null);
  const noticeId = useRef(0);
  // Saves run one after another, so quick toggles of one switch reach the server in order.
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  // The words of a change ("New comment", "Email", "off") for the notices below.
  const describe = ({ typeKey, channel }: Target, on: boolean) => ({
    name: typeKey === null ? t("allNotifications") : (prefs.types.find((type) => type.key === typeKey)?.name ?? typeKey),
    channel: channelInfo(channel).label,
    state: on ? t("switchedOn") : t("switchedOff"),
  });

  const put = async (target: Target, on: boolean): Promise<string | null> => {
    const body = target.typeKey === null ? { global: { [target.channel]: on } } : { types: { [target.typeKey]: { [target.channel]: on } } };
    const response = await fetch(endpoint, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).catch(() => null);
    if (!response) return t("unreachable");
    if (response.ok) return null;
    const answer = await response.json().catch(() => null);
    return answer?.error?.message ?? t("serverAnswered", { status: String(response.status) });
  };

  const change = (target: Target, on: boolean, options: { undoing?: boolean } = {}) => {
    // A switch only flips, so what it was before is the opposite of what it becomes.
    const before = !on;
    setPrefs((p) => withValue(p, target, on));
    queue.current = queue.current.then(async () => {
      const problem = await put(target, on);
      const id = ++noticeId.current;
      if (problem) {
        setPrefs((p) => withValue(p, target, before));
        setNotice({ id, tone: "error", text: t("notSaved", { ...describe(target, on), problem }) });
        return;
      }
      setNotice(
        options.undoing
          ? { id, tone: "saved", text: t("undone", describe(target, on)) }
          : {
              id,
              tone: "saved",
              text: t("saved", describe(target, on)),
              undo: () => {
                change(target, before, { undoing: true });
                // The Undo button goes away with its notice: focus returns to the switch it undid.
                document.getElementById(switchId(target))?.focus();
              },
            },
      );
    });
  };

  const groups = groupByCategory(prefs.types);
  const legendChannels = channelOrder.filter((c) => !prefs.global[c] || prefs.types.some((type) => shownChannels(type).includes(c)));
  const card = "min-w-0 rounded-2xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900";

  return (
    <div className="space-y-8 pb-20">
      <section aria-labelledby="channels-title" className={`${card} p-5`}>
        <h2 id="channels-title" className="text-base font-semibold">{t("channelsHeading")}</h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("channelsIntro")}</p>
        <ul className="mt-4 divide-y divide-slate-100 dark:divide-slate-800">
          {legendChannels.map((c) => {
            const { label, explanation, Icon } = channelInfo(c);
            const target = { typeKey: null, channel: c };
            return (
              <li key={c} className="flex items-center gap-3 py-2.5">
                <Icon aria-hidden className="size-5 shrink-0 text-slate-500 dark:text-slate-400" />
                <div className="min-w-0 flex-1 text-sm">
                  <span className="font-medium">{label}</span>
                  <span className="text-slate-600 dark:text-slate-400">: {explanation}</span>
                  {!prefs.global[c] && (
                    <p id={`channel-off-${c}`} className="text-xs text-amber-800 dark:text-amber-300">
                      {t("channelOff")}
                    </p>
                  )}
                </div>
                <PreferenceSwitch id={switchId(target)} label={t("forAll", { channel: label })} checked={prefs.global[c]} onChange={(on) => change(target, on)}>
                  <span className="w-7 text-left text-xs text-slate-500 dark:text-slate-400" aria-hidden>{prefs.global[c] ? t("on") : t("off")}</span>
                </PreferenceSwitch>
              </li>
            );
          })}
        </ul>
      </section>

      {groups.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">{t("noTypes")}</p>}
      {groups.map((group) => {
        const headingId = `category-${group.category.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}`;
        const categoryKey = categoryKeys.get(group.category);
        return (
          <section key={group.category} aria-labelledby={headingId} className="space-y-2">
            <h2 id={headingId} className="px-1 text-lg font-semibold tracking-tight">{categoryKey ? t(`categories.${categoryKey}`) : group.category}</h2>
            <ul className={`${card} divide-y divide-slate-100 dark:divide-slate-800`}>
              {group.types.map((type) => (
                <li key={type.key} className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:justify-between sm:gap-4">
                  <div className="min-w-0">
                    <p className="font-medium">{type.name}</p>
                    {type.description && <p className="text-sm text-slate-600 dark:text-slate-400">{type.description}</p>}
                    {type.critical && (
                      <p id={`locked-${type.key}`} className="mt-1 flex items-center gap-1.5 text-xs text-amber-800 dark:text-amber-300">
                        <Lock aria-hidden className="size-3.5 shrink-0" /> {t("alwaysOn")}
                      </p>
                    )}
                  </div>
                  <div role="group" aria-label={t("typeChannels", { type: type.name })} className="flex flex-wrap gap-x-2 gap-y-1 sm:shrink-0 sm:justify-end">
                    {shownChannels(type).map((c) => {
                      const target = { typeKey: type.key, channel: c };
                      const { label } = channelInfo(c);
                      const globallyOff = !type.critical && !prefs.global[c];
                      return (
                        <PreferenceSwitch
                          key={c}
                          id={switchId(target)}
                          label={t("byChannel", { type: type.name, channel: label })}
                          checked={type.critical ? type.channels[c] : type.channels[c] && prefs.global[c]}
                          locked={type.critical}
                          disabled={globallyOff}
                          describedBy={type.critical ? `locked-${type.key}` : globallyOff ? `channel-off-${c}` : undefined}
                          onChange={(on) => change(target, on)}
                        >
                          <span>{label}</span>
                        </PreferenceSwitch>
                      );
                    })}
                  </div>
                </li>
              ))}
            </ul>
          </section>
        );
      })}

      <QuietHoursForm initial={prefs.quietHours} endpoint={endpoint} onSaved={(quietHours) => setPrefs((p) => ({ ...p, quietHours }))} />
      <SaveToast notice={notice} onExpire={() => setNotice(null)} />
    </div>
  );
}
