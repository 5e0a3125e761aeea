import { describeReason } from "@/lib/notifications/describe-reason";

/** A delivery reason in plain words, with its machine code beside it in small type. */
export function ReasonText({ reason, code, className = "" }: { reason: string; code?: string | null; className?: string }) {
  const described = describeReason(reason, code);
  return (
    <span className={className}>
      {described.text}
      {described.code && (
        <>
          {" "}
          <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.7rem] text-slate-600 dark:bg-slate-800 dark:text-slate-300">{described.code}</code>
        </>
      )}
    </span>
  );
}
