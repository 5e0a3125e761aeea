"use client";

import { useId } from "react";
import type { JsonObjectResult } from "@/lib/json/parse-json-object";
import { inputClass, labelClass } from "./admin-ui";

/**
 * The data a notification carries, as JSON: a syntax error is shown with its line and column,
 * and the variables the type's templates use are checked against it.
 */
export function JsonDataField({ value, onChange, parsed, variables, serverError }: { value: string; onChange: (v: string) => void; parsed: JsonObjectResult; variables: string[]; serverError?: string }) {
  const id = useId();
  const missing = parsed.ok ? variables.filter((v) => !(v in parsed.value)) : [];
  const extra = parsed.ok && variables.length ? Object.keys(parsed.value).filter((k) => !variables.includes(k)) : [];
  const problem = !parsed.ok ? `Line ${parsed.line}, column ${parsed.column}: ${parsed.message}` : serverError;
  return (
    <div>
      <label htmlFor={id} className={labelClass}>Data (JSON)</label>
      <textarea
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        rows={6}
        spellCheck={false}
        aria-invalid={Boolean(problem) || undefined}
        aria-describedby={`${id}-help ${problem ? `${id}-error` : ""}`}
        className={`${inputClass} font-mono text-xs`}
      />
      {problem && (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">
          {problem}
        </p>
      )}
      <p id={`${id}-help`} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
        {variables.length ? <>Templates use: {variables.map((v) => <code key={v} className="mx-0.5 rounded bg-slate-100 px-1 dark:bg-slate-800">{v}</code>)}</> : "These templates use no variables."}
        {missing.length > 0 && <span className="block text-amber-700 dark:text-amber-400">Missing: {missing.join(", ")} — rendering will fail without them.</span>}
        {extra.length > 0 && <span className="block">Not used by the templates: {extra.join(", ")}.</span>}
      </p>
    </div>
  );
}
