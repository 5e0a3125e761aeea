"use client";

import { useEffect, useId, useRef, useState } from "react";
import { adminFetch } from "./admin-fetch";
import { inputClass, labelClass } from "./admin-ui";

export type PickedRecipient = { externalId: string; name: string | null; email: string | null; phone?: string | null };

/**
 * Recipients as chips, found by typing a name, email or id: a combobox (arrows move, Enter
 * picks, Escape closes, Backspace in the empty field removes the last chip).
 */
export function RecipientPicker({ value, onChange, invalid, describedBy }: { value: PickedRecipient[]; onChange: (next: PickedRecipient[]) => void; invalid?: boolean; describedBy?: string }) {
  const id = useId();
  const [query, setQuery] = useState("");
  const [options, setOptions] = useState<PickedRecipient[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [state, setState] = useState<"idle" | "loading" | "error">("idle");
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open) return;
    const controller = { cancelled: false };
    const timer = setTimeout(async () => {
      setState("loading");
      const result = await adminFetch<PickedRecipient[]>(`/api/admin/recipients?limit=8&search=${encodeURIComponent(query.trim())}`);
      if (controller.cancelled) return;
      if ("error" in result) return setState("error");
      setOptions(result.data);
      setActive(0);
      setState("idle");
    }, 150);
    return () => {
      controller.cancelled = true;
      clearTimeout(timer);
    };
  }, [query, open]);

  const chosen = new Set(value.map((r) => r.externalId));
  const visible = options.filter((o) => !chosen.has(o.externalId));
  const pick = (r: PickedRecipient) => {
    onChange([...value, { externalId: r.externalId, name: r.name, email: r.email, phone: r.phone }]);
    setQuery("");
    input.current?.focus();
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, visible.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Enter" && open && visible[active]) {
      e.preventDefault();
      pick(visible[active]);
    } else if (e.key === "Escape") {
      setOpen(false);
    } else if (e.key === "Backspace" && query === "" && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  };
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;

  return (
    <div className="relative">
      <label htmlFor={`${id}-input`} className={labelClass}>Recipients</label>
      <div
        className={`${inputClass} flex flex-wrap items-center gap-1.5 focus-within:outline-2 focus-within:outline-brand-500 ${invalid ? "border-red-500" : ""}`}
        onClick={() => input.current?.focus()}
      >
        <ul className="contents" aria-label="Chosen recipients">
          {value.map((r) => (
            <li key={r.externalId} className="inline-flex max-w-full items-center gap-1 rounded-full bg-brand-50 py-0.5 pl-2.5 pr-1 text-sm text-brand-700 dark:bg-brand-700/30 dark:text-brand-100">
              <span className="truncate">{r.name ?? r.externalId}</span>
              <button
                type="button"
                onClick={() => onChange(value.filter((v) => v.externalId !== r.externalId))}
                aria-label={`Remove ${r.name ?? r.externalId}`}
                className="rounded-full px-1.5 leading-5 hover:bg-brand-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:bg-brand-700/50"
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <input
          ref={input}
          id={`${id}-input`}
          role="combobox"
          aria-expanded={open && visible.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && visible[active] ? optionId(active) : undefined}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          autoComplete="off"
          placeholder={value.length ? "Add another…" : "Search by name, email or id"}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={onKeyDown}
          className="min-w-[10rem] flex-1 border-0 bg-transparent p-0.5 text-sm outline-none"
        />
      </div>
      <p className="sr-only" aria-live="polite">
        {open && state === "idle" ? `${visible.length} matching recipient${visible.length === 1 ? "" : "s"}` : ""}
      </p>
      {open && (
        <ul
          id={listId}
          role="listbox"
          aria-label="Matching recipients"
          className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded-lg border border-slate-200 bg-white py-1 shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          {state === "loading" && visible.length === 0 && <li className="px-3 py-2 text-sm text-slate-500">Searching…</li>}
          {state === "error" && <li className="px-3 py-2 text-sm text-red-700 dark:text-red-300">Search failed; try again.</li>}
          {state === "idle" && visible.length === 0 && <li className="px-3 py-2 text-sm text-slate-500">No recipient matches “{query}”.</li>}
          {visible.map((r, i) => (
            <li
              key={r.externalId}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(r)}
              onMouseEnter={() => setActive(i)}
              className="cursor-pointer px-3 py-2 text-sm aria-selected:bg-brand-50 dark:aria-selected:bg-brand-700/30"
            >
              <span className="font-medium">{r.name ?? r.externalId}</span>
              <span className="block truncate text-xs text-slate-500 dark:text-slate-400">
                {r.externalId}
                {r.email ? ` · ${r.email}` : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
