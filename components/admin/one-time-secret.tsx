"use client";

import { useId, useState } from "react";
import { buttonSecondary, inputClass } from "./admin-ui";

/**
 * A secret Herald shows only once, with Copy and "I have saved it". Lives apart from admin-ui
 * because it keeps state, and admin-ui is imported by server pages too.
 */
export function OneTimeSecret({ label, title, fieldLabel, value, onDismiss, children }: {
  /** The region's accessible name. */
  label: string;
  title: React.ReactNode;
  /** The secret field's accessible name. */
  fieldLabel: string;
  value: string;
  onDismiss: () => void;
  children: React.ReactNode;
}) {
  const id = useId();
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(value);
    } catch {
      // No clipboard permission: select the text so the admin can copy it by hand.
      (document.getElementById(`${id}-secret`) as HTMLInputElement | null)?.select();
    }
  };
  return (
    <section role="alert" aria-label={label} className="space-y-3 rounded-2xl border border-amber-300 bg-amber-50 p-4 dark:border-amber-500/40 dark:bg-amber-500/10">
      <h2 className="font-semibold text-amber-900 dark:text-amber-100">{title}</h2>
      <p className="text-sm text-amber-900 dark:text-amber-100">{children}</p>
      <div className="flex flex-wrap gap-2">
        <label htmlFor={`${id}-secret`} className="sr-only">{fieldLabel}</label>
        <input id={`${id}-secret`} readOnly value={value} onFocus={(e) => e.target.select()} className={`${inputClass} mt-0 flex-1 font-mono text-xs`} />
        <button type="button" className={buttonSecondary} onClick={() => void copy()}>{copied === value ? "Copied" : "Copy"}</button>
        <button type="button" className={buttonSecondary} onClick={onDismiss}>I have saved it</button>
      </div>
    </section>
  );
}
