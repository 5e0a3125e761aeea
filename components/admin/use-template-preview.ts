"use client";

import { useEffect, useState } from "react";
import { adminFetch, type ApiError } from "./admin-fetch";

export type PreviewState = { status: "idle" | "loading" } | { status: "ready"; content: Record<string, string> } | { status: "error"; error: ApiError };

/**
 * Renders a channel's template with sample data through the preview API (the same renderer a
 * delivery uses), re-rendering a moment after the input stops changing.
 */
export function useTemplatePreview(channel: string, content: Record<string, string> | null, data: Record<string, unknown> | null): PreviewState {
  const [state, setState] = useState<PreviewState>({ status: "idle" });
  const key = JSON.stringify([channel, content, data]);
  useEffect(() => {
    if (!content || !data) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      setState((s) => (s.status === "ready" ? s : { status: "loading" }));
      const result = await adminFetch<Record<string, string>>("/api/admin/templates/preview", { method: "POST", body: { channel, content, data } });
      if (cancelled) return;
      setState("error" in result ? { status: "error", error: result.error } : { status: "ready", content: result.data });
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for the inputs' values
  }, [key]);
  return content && data ? state : { status: "idle" };
}
