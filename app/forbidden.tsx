import Link from "next/link";

export default function Forbidden() {
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-4 px-4 text-center">
      <p className="text-sm font-semibold text-brand-600">403</p>
      <h1 className="text-2xl font-semibold tracking-tight">This page is for admins</h1>
      <p className="text-slate-600 dark:text-slate-400">Your account&apos;s role does not include this page. An owner or admin of Herald can give you one that does.</p>
      <Link href="/" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500">
        Back to your notifications
      </Link>
    </main>
  );
}
