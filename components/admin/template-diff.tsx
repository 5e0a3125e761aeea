import { diffLines } from "diff";

/** Line diff of two versions, field by field (old → current): a template's, or an audit entry's before and after. */
export function TemplateDiff({ from, to, fromLabel, toLabel }: { from: Record<string, string>; to: Record<string, string>; fromLabel: string; toLabel: string }) {
  const fields = [...new Set([...Object.keys(to), ...Object.keys(from)])];
  const unchanged = fields.every((f) => (from[f] ?? "") === (to[f] ?? ""));
  return (
    <div className="space-y-3" aria-label={`Changes from ${fromLabel} to ${toLabel}`}>
      <p className="text-xs text-slate-500 dark:text-slate-400">
        <span className="rounded bg-red-100 px-1 text-red-800 dark:bg-red-500/20 dark:text-red-200">− {fromLabel}</span>{" "}
        <span className="rounded bg-emerald-100 px-1 text-emerald-800 dark:bg-emerald-500/20 dark:text-emerald-200">+ {toLabel}</span>
      </p>
      {unchanged && <p className="text-sm text-slate-600 dark:text-slate-400">No differences: {fromLabel} has the same content as {toLabel}.</p>}
      {!unchanged &&
        fields.map((field) => {
          const parts = diffLines(ensureNewline(from[field] ?? ""), ensureNewline(to[field] ?? ""));
          if (parts.every((p) => !p.added && !p.removed)) return null;
          return (
            <figure key={field}>
              <figcaption className="mb-1 font-mono text-xs font-semibold">{field}</figcaption>
              <pre className="overflow-x-auto rounded-lg border border-slate-200 text-xs leading-relaxed dark:border-slate-700">
                {parts.flatMap((p, i) =>
                  p.value
                    .replace(/\n$/, "")
                    .split("\n")
                    .map((line, j) => (
                      <div
                        key={`${i}-${j}`}
                        className={p.added ? "bg-emerald-50 text-emerald-900 dark:bg-emerald-500/15 dark:text-emerald-100" : p.removed ? "bg-red-50 text-red-900 dark:bg-red-500/15 dark:text-red-100" : "text-slate-600 dark:text-slate-400"}
                      >
                        <span aria-hidden="true" className="inline-block w-5 select-none pl-1.5">{p.added ? "+" : p.removed ? "−" : " "}</span>
                        {p.added ? <ins className="no-underline">{line}</ins> : p.removed ? <del className="no-underline">{line}</del> : line}
                      </div>
                    )),
                )}
              </pre>
            </figure>
          );
        })}
    </div>
  );
}

const ensureNewline = (s: string) => (s.endsWith("\n") ? s : `${s}\n`);
