"use client";

import { useState } from "react";
import { Provider } from "react-redux";
import { sseSource } from "@/lib/realtime/client/sse-source";
import { supabaseSource, type SupabaseRealtimeConfig } from "@/lib/realtime/client/supabase-source";
import { makeStore } from "@/lib/store/make-store";

/**
 * A store per page load, with the live feed: Supabase Realtime when the deployment is on Supabase,
 * else Server-Sent Events. The Supabase settings come from the server at request time, not from
 * the build, so one build serves either mode.
 */
export function StoreProvider({ supabase = null, children }: { supabase?: SupabaseRealtimeConfig | null; children: React.ReactNode }) {
  const [store] = useState(() =>
    makeStore({ realtime: typeof window === "undefined" ? undefined : supabase ? supabaseSource(supabase) : sseSource() }),
  );
  return <Provider store={store}>{children}</Provider>;
}
