"use client";

import { useCallback, useEffect, useRef, useState } from "react";

export type AdminFetch<T> = {
  /** The latest answer; kept while a refresh is under way or after a refresh failed. */
  data: T | null;
  error: string | null;
  /** True until the first answer for the current URL arrives. */
  loading: boolean;
  refetch: () => void;
};

/**
 * GETs an admin API URL as JSON, again whenever the URL changes, and every `pollMs` while
 * `poll` holds. A new URL aborts the request for the old one, so answers never arrive out of order.
 */
export function useAdminFetch<T>(url: string | null, options: { pollMs?: number; poll?: (data: T) => boolean } = {}): AdminFetch<T> {
  const [state, setState] = useState<{ url: string | null; data: T | null; error: string | null }>({ url: null, data: null, error: null });
  const [tick, setTick] = useState(0);
  const pollRef = useRef(options.poll);
  pollRef.current = options.poll;
  const lastGoodRef = useRef<{ url: string; data: T } | null>(null);

  useEffect(() => {
    if (!url) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let status: number | undefined;
    (async () => {
      try {
        const response = await fetch(url, { signal: controller.signal, headers: { accept: "application/json" } });
        status = response.status;
        const body = await response.json().catch(() => null);
        if (!response.ok) throw new Error(body?.error?.message ?? `The server answered ${response.status}.`);
        lastGoodRef.current = { url, data: body as T };
        setState({ url, data: body as T, error: null });
        if (options.pollMs && pollRef.current?.(body as T)) timer = setTimeout(() => setTick((t) => t + 1), options.pollMs);
      } catch (error) {
        if (controller.signal.aborted) return;
        // Keep what was shown: a failed refresh should not blank a page that was working.
        setState((s) => ({ url, data: s.url === url ? s.data : null, error: error instanceof Error ? error.message : String(error) }));
        // Retry, more slowly, only what was still being polled; a 4xx will not answer differently.
        const clientError = status !== undefined && status >= 400 && status < 500;
        const lastGood = lastGoodRef.current?.url === url ? lastGoodRef.current.data : null;
        if (options.pollMs && !clientError && lastGood !== null && pollRef.current?.(lastGood)) {
          timer = setTimeout(() => setTick((t) => t + 1), options.pollMs * 2);
        }
      }
    })();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [url, tick, options.pollMs]);

  const refetch = useCallback(() => setTick((t) => t + 1), []);
  const current = state.url === url;
  return { data: current ? state.data : null, error: current ? state.error : null, loading: !current || (state.data === null && state.error === null), refetch };
}
