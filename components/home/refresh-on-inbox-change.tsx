"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Re-renders the page's server parts (e.g. counts by type) shortly after the inbox changes live. */
export function RefreshOnInboxChange({ delayMs = 300 }: { delayMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    let timer: number | undefined;
    const onChange = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => router.refresh(), delayMs);
    };
    window.addEventListener("herald:inbox-change", onChange);
    return () => {
      window.removeEventListener("herald:inbox-change", onChange);
      window.clearTimeout(timer);
    };
  }, [router, delayMs]);
  return null;
}
