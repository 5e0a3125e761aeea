"use client";

import { useCallback, useSyncExternalStore } from "react";

const KEY = "herald:toasts";
const CHANGED = "herald:toast-setting";

const read = () => {
  try {
    return window.localStorage.getItem(KEY) !== "off";
  } catch {
    return true; // storage refused (private mode, sandboxed frame): keep the default
  }
};
const subscribe = (onChange: () => void) => {
  // `storage` carries changes from other tabs; our own event, changes from this one.
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
};

/** Whether new notifications pop up while the panel is closed: this browser's choice, on by default. */
export function useToastSetting(): [boolean, (on: boolean) => void] {
  const enabled = useSyncExternalStore(subscribe, read, () => true);
  const set = useCallback((on: boolean) => {
    try {
      window.localStorage.setItem(KEY, on ? "on" : "off");
    } catch {
      // Not stored; the switch still reflects the attempt below until the page reloads.
    }
    window.dispatchEvent(new Event(CHANGED));
  }, []);
  return [enabled, set];
}
