/**
 * A chart with what a screen reader (or anyone who prefers numbers) needs: a heading, a
 * one-line summary of the figures, and the same data as a table behind a disclosure.
 */
export function ChartCard({
  title,
  summary,
  table,
  children,
  className = "",
}: {
  title: string;
  summary: string;
  table: { caption: string; head: string[]; rows: (string | number)[][] };
  children: React.ReactNode;
  className?: string;
}) {
  const id = title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return (
    <section aria-labelledby={`${id}-title`} className={`min-w-0 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900 ${className}`}>
      <h2 id={`${id}-title`} className="text-sm font-semibold text-slate-900 dark:text-white">
        {title}
      </h2>
      <p id={`${id}-summary`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        {summary}
      </p>
      <figure aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`} className="mt-3">
        <div aria-hidden="true">{children}</div>
      </figure>
      <details className="mt-2 text-xs">
        <summary className="cursor-pointer rounded text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-slate-400 dark:hover:text-white">
          Show the data as a table
        </summary>
        <div className="mt-2 max-h-72 overflow-auto">
          <table className="w-full text-left tabular-nums">
            <caption className="sr-only">{table.caption}</caption>
            <thead>
              <tr>
                {table.head.map((h) => (
                  <th key={h} scope="col" className="border-b border-slate-200 py-1 pr-3 font-medium text-slate-700 dark:border-slate-700 dark:text-slate-300">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, i) => (
                <tr key={i} className="border-b border-slate-100 dark:border-slate-800">
                  {row.map((cell, j) =>
                    j === 0 ? (
                      <th key={j} scope="row" className="py-1 pr-3 font-normal text-slate-700 dark:text-slate-300">
                        {cell}
                      </th>
                    ) : (
                      <td key={j} className="py-1 pr-3 text-slate-700 dark:text-slate-300">
                        {cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
