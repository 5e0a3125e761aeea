import type { InputHTMLAttributes } from "react";

/**
 * A labelled input with its submit button on one row: every sign-in form's step (the email
 * address, the emailed code) has this shape.
 */
export function InlineField({
  id,
  label,
  button,
  pending,
  pendingButton,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { id: string; label: string; button: string; pending: boolean; pendingButton: string }) {
  return (
    <>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          name={id}
          required
          className="min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-brand-500 dark:border-slate-700 dark:bg-slate-900"
          {...input}
        />
        <button
          type="submit"
          disabled={pending}
          className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60"
        >
          {pending ? pendingButton : button}
        </button>
      </div>
    </>
  );
}
