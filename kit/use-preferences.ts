import { useCallback, useEffect, useRef, useState } from "react";
import { useHeraldContext } from "./herald-context";
import type { HeraldError } from "./herald-error";

export type HeraldChannel = "in_app" | "email" | "sms" | "push" | "webhook";
export type HeraldPreferences = {
  /** Per channel: off here turns the channel off for every type. */
  global: Record<HeraldChannel, boolean>;
  types: {
    key: string;
    name: string;
    description: string | null;
    category: string | null;
    /** Critical types cannot be switched off. */
    critical: boolean;
    defaultChannels: HeraldChannel[];
    channels: Record<HeraldChannel, boolean>;
  }[];
  quietHours: { enabled: boolean; start: string; end: string; timezone: string } | null;
};
export type UsePreferencesResult = {
  preferences: HeraldPreferences | null;
  loading: boolean;
  /** True while a change is on its way. */
  saving: boolean;
  /** The last load's or change's failure; a refused change is put back. */
  error: HeraldError | null;
  /** Switches one type's channel; shown at once, confirmed (or put back) by Herald's answer. */
  update: (type: string, channel: HeraldChannel, enabled: boolean) => Promise<void>;
  /** Switches a channel for every type. */
  updateGlobal: (channel: HeraldChannel, enabled: boolean) => Promise<void>;
  reload: () => Promise<void>;
};

/** The user's notification preferences: every type × channel, and the global switches. */
export function usePreferences(): UsePreferencesResult {
  const { request } = useHeraldContext();
  const [preferences, setPreferences] = useState<HeraldPreferences | null>(null);
  const [loading, setLoading] = useState(true);
  const [saving, setSaving] = useState(0);
  const [error, setError] = useState<HeraldError | null>(null);
  const current = useRef(preferences);
  useEffect(() => {
    current.current = preferences;
  }, [preferences]);

  const load = useCallback(
    () =>
      request<{ data: HeraldPreferences }>("preferences").then(
        ({ data }) => {
          current.current = data;
          setPreferences(data);
          setError(null);
          setLoading(false);
        },
        (failure: HeraldError) => {
          setError(failure);
          setLoading(false);
        },
      ),
    [request],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const reload = useCallback(async () => {
    setLoading(true);
    await load();
  }, [load]);

  const save = useCallback(
    async (body: object, optimistic: (p: HeraldPreferences) => HeraldPreferences) => {
      const before = current.current;
      if (before) setPreferences((current.current = optimistic(before)));
      setSaving((n) => n + 1);
      try {
        const { data } = await request<{ data: HeraldPreferences }>("preferences", { method: "PUT", body: JSON.stringify(body) });
        setPreferences((current.current = data));
        setError(null);
      } catch (failure) {
        setPreferences((current.current = before));
        setError(failure as HeraldError);
        throw failure;
      } finally {
        setSaving((n) => n - 1);
      }
    },
    [request],
  );
  const update = useCallback(
    (type: string, channel: HeraldChannel, enabled: boolean) =>
      save({ types: { [type]: { [channel]: enabled } } }, (p) => ({
        ...p,
        types: p.types.map((t) => (t.key === type ? { ...t, channels: { ...t.channels, [channel]: enabled } } : t)),
      })),
    [save],
  );
  const updateGlobal = useCallback(
    (channel: HeraldChannel, enabled: boolean) => save({ global: { [channel]: enabled } }, (p) => ({ ...p, global: { ...p.global, [channel]: enabled } })),
    [save],
  );
  return { preferences, loading, saving: saving > 0, error, update, updateGlobal, reload };
}
