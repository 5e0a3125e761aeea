import Link from "next/link";
import type { DeliveryLogRow } from "@/lib/admin/list-deliveries";
import { channelLabels, formatTimestamp } from "./format";
import { StatusBadge } from "./status-badge";
import { ReasonText } from "./reason-text";

const recipientLabel = (r: DeliveryLogRow["recipient"]) => r.name ?? r.email ?? r.externalId;

/**
 * Deliveries as a table on wide screens and as cards on narrow ones. `selection` adds a
 * checkbox per row (dead letters).
 */
export function DeliveryRows({
  rows,
  caption,
  selection,
}: {
  rows: DeliveryLogRow[];
  caption: string;
  selection?: { selected: Set<string>; toggle: (id: string) => void };
}) {
  const detail = (row: DeliveryLogRow) => `/admin/deliveries/${row.notificationId}`;
  const reasonOf = (row: DeliveryLogRow) => row.reason ?? row.lastErrorMessage ?? row.lastErrorCode;
  const check = (row: DeliveryLogRow) =>
    selection && (
      <input
        type="checkbox"
        className="size-4 accent-brand-600"
        aria-label={`Select the ${channelLabels[row.channel] ?? row.channel} delivery to ${recipientLabel(row.recipient)}`}
        checked={selection.selected.has(row.id)}
        onChange={() => selection.toggle(row.id)}
      />
    );
  return (
    <>
      <table className="hidden w-full text-left text-sm md:table">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-xs text-slate-600 dark:text-slate-400">
          <tr>
            {selection && (
              <th scope="col" className="w-8 px-3 py-2">
                <span className="sr-only">Select</span>
              </th>
            )}
            {["Time", "Recipient", "Type", "Channel", "Provider", "Status", "Attempts", "Reason"].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-t border-slate-100 align-top hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/40">
              {selection && <td className="px-3 py-2.5">{check(row)}</td>}
              <td className="px-3 py-2.5 whitespace-nowrap tabular-nums">
                <Link href={detail(row)} className="rounded font-medium text-brand-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-100">
                  <time dateTime={row.createdAt}>{formatTimestamp(row.createdAt)}</time>
                </Link>
              </td>
              <td className="max-w-48 px-3 py-2.5">
                <span className="block truncate">{recipientLabel(row.recipient)}</span>
                <span className="block truncate text-xs text-slate-500 dark:text-slate-400">{row.recipient.externalId}</span>
              </td>
              <td className="px-3 py-2.5 break-words">{row.type.key}</td>
              <td className="px-3 py-2.5">{channelLabels[row.channel] ?? row.channel}</td>
              <td className="px-3 py-2.5 whitespace-nowrap text-slate-600 dark:text-slate-400">{row.provider ?? "—"}</td>
              <td className="px-3 py-2.5">
                <StatusBadge status={row.status} />
              </td>
              <td className="px-3 py-2.5 tabular-nums">
                {row.attempts}
                {row.replayCount > 0 && <span className="text-xs text-slate-500 dark:text-slate-400"> · {row.replayCount} replay{row.replayCount > 1 ? "s" : ""}</span>}
              </td>
              <td className="max-w-64 px-3 py-2.5 text-xs break-words text-slate-600 dark:text-slate-400">{reasonOf(row) && <ReasonText reason={reasonOf(row)!} code={row.lastErrorCode} />}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <ul aria-label={caption} className="divide-y divide-slate-100 md:hidden dark:divide-slate-800">
        {rows.map((row) => (
          <li key={row.id} className="flex gap-3 px-4 py-3">
            {selection && <div className="pt-0.5">{check(row)}</div>}
            <div className="min-w-0 flex-1 space-y-1">
              <div className="flex items-center justify-between gap-2">
                <Link href={detail(row)} className="min-w-0 truncate rounded font-medium text-brand-700 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-100">
                  {recipientLabel(row.recipient)} · {channelLabels[row.channel] ?? row.channel}
                </Link>
                <StatusBadge status={row.status} />
              </div>
              <p className="text-xs text-slate-600 dark:text-slate-400">
                {row.type.key} · {row.provider ?? "no provider"} · <time dateTime={row.createdAt}>{formatTimestamp(row.createdAt)}</time>
              </p>
              {reasonOf(row) && <p className="text-xs break-words text-slate-700 dark:text-slate-300"><ReasonText reason={reasonOf(row)!} code={row.lastErrorCode} /></p>}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
