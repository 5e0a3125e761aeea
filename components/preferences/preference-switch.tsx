"use client";

import { Lock } from "lucide-react";

/** An on/off switch: a button with role="switch", so Space and Enter toggle it and focus stays on it. */
export function PreferenceSwitch({
  id,
  label,
  checked,
  disabled = false,
  locked = false,
  describedBy,
  onChange,
  children,
}: {
  id: string;
  label: string;
  checked: boolean;
  disabled?: boolean;
  /** Always on: drawn with a lock instead of looking merely unavailable. */
  locked?: boolean;
  describedBy?: string;
  onChange: (next: boolean) => void;
  children?: React.ReactNode;
}) {
  return (
    <button
      id={id}
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      aria-describedby={describedBy}
      disabled={disabled || locked}
      onClick={() => onChange(!checked)}
      className="group inline-flex min-h-9 items-center gap-2 rounded-lg px-1.5 py-1 text-sm text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:cursor-not-allowed disabled:hover:bg-transparent dark:text-slate-200 dark:hover:bg-slate-800"
    >
      <span aria-hidden className={`relative h-5 w-9 shrink-0 rounded-full bg-slate-300 transition-colors group-aria-checked:bg-brand-600 dark:bg-slate-600 ${locked ? "opacity-80" : "group-disabled:opacity-50"}`}>
        <span className="absolute top-0.5 left-0.5 flex h-4 w-4 items-center justify-center rounded-full bg-white shadow transition-transform group-aria-checked:translate-x-4 motion-reduce:transition-none">
          {locked && <Lock className="size-2.5 text-brand-700" />}
        </span>
      </span>
      {children}
    </button>
  );
}
