import { useEffect, useLayoutEffect, useMemo, useRef, type ReactNode } from "react";
import { Provider } from "react-redux";
import type { RealtimeSource } from "@/lib/realtime/client/realtime-source";
import { sseSource } from "@/lib/realtime/client/sse-source";
import { supabaseSource, type SupabaseRealtimeConfig } from "@/lib/realtime/client/supabase-source";
import { useGetCountsQuery } from "@/lib/store/inbox-api";
import { makeStore } from "@/lib/store/make-store";
import { HeraldContext, type HeraldContextValue } from "./herald-context";
import { toHeraldError } from "./herald-error";
import { kitStyles } from "./kit-styles";

export type HeraldProviderProps = {
  /** Where Herald runs, e.g. "https://herald.example.com". */
  baseUrl: string;
  /** A user token the host app's server signed for its signed-in user… */
  userToken?: string;
  /** …or a function answering a current one: it is called for every request, so it can renew an expiring token. */
  getUserToken?: () => Promise<string> | string;
  /** Where live changes come from: Herald's Server-Sent Events (the default), Supabase Realtime, or none. */
  realtime?: "sse" | "supabase" | "off";
  /** For `realtime: "supabase"`: the project's URL and publishable key. */
  supabase?: SupabaseRealtimeConfig;
  /** Locale for dates and times in the ready components (the browser's by default). */
  locale?: string;
  children?: ReactNode;
};

/**
 * Connects the kit's hooks and components to Herald for one user: one store (the app's own inbox
 * store, with its optimistic updates and live feed) per provider.
 */
export function HeraldProvider({ baseUrl, userToken, getUserToken, realtime = "sse", supabase, locale, children }: HeraldProviderProps) {
  const base = baseUrl.replace(/\/+$/, "");
  // The latest token source, read at call time: a re-render with a new token needs no new store.
  const tokenRef = useRef<() => Promise<string | undefined>>(async () => userToken);
  useLayoutEffect(() => {
    tokenRef.current = async () => (getUserToken ? getUserToken() : userToken);
  });
  const hasToken = Boolean(userToken || getUserToken);

  const context = useMemo<HeraldContextValue>(() => {
    const request = async <T,>(path: string, init: RequestInit = {}): Promise<T> => {
      const headers = new Headers(init.headers);
      const token = await tokenRef.current();
      if (token) headers.set("authorization", `Bearer ${token}`);
      if (init.body && !headers.has("content-type")) headers.set("content-type", "application/json");
      let response: Response;
      try {
        response = await fetch(`${base}/api/${path}`, { ...init, headers, credentials: hasToken ? "omit" : "include" });
      } catch {
        throw toHeraldError("FETCH_ERROR");
      }
      const body = await response.json().catch(() => undefined);
      if (!response.ok) throw toHeraldError(response.status, body);
      return body as T;
    };
    return { baseUrl: base, locale, request };
  }, [base, locale, hasToken]);

  // The token is read when a request goes out, never while rendering.
  // eslint-disable-next-line react-hooks/refs
  const store = useMemo(() => {
    let source: RealtimeSource | undefined;
    if (realtime === "sse") {
      // EventSource cannot send headers: with a user token, each (re)connection asks for a stream ticket.
      const ticket = async () => (await context.request<{ data: { ticket: string } }>("inbox/stream-ticket", { method: "POST" })).data.ticket;
      source = sseSource(`${base}/api/inbox/stream`, hasToken ? { ticket } : {});
    } else if (realtime === "supabase") {
      if (!supabase) throw new Error('HeraldProvider: realtime "supabase" needs the supabase prop ({ url, publishableKey }).');
      source = supabaseSource(supabase);
    }
    const token = hasToken ? async () => (await tokenRef.current()) ?? "" : undefined;
    return makeStore({ apiBaseUrl: `${base}/api/`, userToken: token, realtime: source });
    // The store lives as long as its Herald, user-token mode and realtime source do.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [base, hasToken, realtime, supabase?.url, supabase?.publishableKey]);

  useEffect(() => kitStyles.inject(), []);

  return (
    <HeraldContext.Provider value={context}>
      <Provider store={store}>
        <LiveFeed />
        {children}
      </Provider>
    </HeraldContext.Provider>
  );
}

// The live feed runs while the counts are subscribed: the provider keeps them so, whichever hooks the page uses.
function LiveFeed() {
  useGetCountsQuery();
  return null;
}
