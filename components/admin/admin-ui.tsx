// Shared look of the admin pages: cards, inputs and buttons in one place, light and dark.
export const card = "min-w-0 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5 dark:border-slate-800 dark:bg-slate-900";
/** A card whose content (a table) runs to its edges. */
export const cardFlush = "min-w-0 overflow-x-auto rounded-2xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900";
export const inputClass =
  "mt-1 block w-full min-w-0 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 placeholder:text-slate-400 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-500 aria-[invalid=true]:border-red-500 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100";
export const labelClass = "block text-sm font-medium text-slate-700 dark:text-slate-300";
const button = "inline-flex items-center justify-center gap-2 rounded-lg px-3.5 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:cursor-not-allowed disabled:opacity-50";
export const buttonPrimary = `${button} bg-brand-600 text-white hover:bg-brand-700`;
export const buttonSecondary = `${button} border border-slate-300 bg-white text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800`;
export const buttonDanger = `${button} bg-red-600 text-white hover:bg-red-700`;
export const linkClass = "font-medium text-brand-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-100";

export function PageHeader({ title, description, children }: { title: string; description?: string; children?: React.ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description && <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</p>}
      </div>
      {children}
    </div>
  );
}

export function ErrorNote({ children, id }: { children: React.ReactNode; id?: string }) {
  return (
    <p id={id} role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-200">
      {children}
    </p>
  );
}

export function EmptyState({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="rounded-2xl border border-dashed border-slate-300 px-4 py-10 text-center dark:border-slate-700">
      <p className="font-medium">{title}</p>
      {children && <div className="mt-1 text-sm text-slate-500 dark:text-slate-400">{children}</div>}
    </div>
  );
}


/** What a page or list shows when its data could not be fetched: what failed, why, and a retry. */
export function LoadError({ what, error, onRetry }: { what: string; error: string | null; onRetry: () => void }) {
  return (
    <div role="alert" className="rounded-2xl border border-rose-200 bg-rose-50 p-6 text-sm text-rose-900 dark:border-rose-500/30 dark:bg-rose-500/10 dark:text-rose-100">
      <p className="font-medium">{what} could not be loaded.</p>
      {error && <p className="mt-1">{error}</p>}
      <button
        type="button"
        onClick={onRetry}
        className="mt-3 rounded-md bg-white px-3 py-1.5 font-medium text-rose-900 ring-1 ring-rose-300 hover:bg-rose-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:bg-slate-900 dark:text-rose-100 dark:ring-rose-500/40"
      >
        Try again
      </button>
    </div>
  );
}
