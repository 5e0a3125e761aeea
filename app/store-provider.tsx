"use client";

import { useState } from "react";
import { Provider } from "react-redux";
import { sseSource } from "@/lib/realtime/client/sse-source";
import { makeStore } from "@/lib/store/make-store";

/** A store per page load, with the live feed (Server-Sent Events in the embedded default). */
export function StoreProvider({ children }: { children: React.ReactNode }) {
  const [store] = useState(() => makeStore({ realtime: typeof window === "undefined" ? undefined : sseSource() }));
  return <Provider store={store}>{children}</Provider>;
}
