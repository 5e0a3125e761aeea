"use client";

import { useTranslations } from "next-intl";
import { useSelector } from "react-redux";
import type { RealtimeStatus } from "@/lib/realtime/client/realtime-source";
import { selectRealtimeStatus, type realtimeStatusSlice } from "@/lib/store/realtime-status-slice";

const dots: Record<RealtimeStatus, string> = { open: "bg-emerald-500", connecting: "bg-slate-400", reconnecting: "bg-amber-500 animate-pulse", paused: "bg-slate-400", offline: "bg-rose-500" };

type State = { [realtimeStatusSlice.reducerPath]: ReturnType<typeof realtimeStatusSlice.getInitialState> };

export const useRealtimeStatus = () => useSelector((state: State) => selectRealtimeStatus(state));

/** Whether new notifications arrive by themselves right now: the live feed's state, in words. */
export function LiveStatus() {
  const t = useTranslations("LiveStatus");
  const status = useRealtimeStatus();
  return (
    <span data-testid="live-status" data-status={status} className="inline-flex items-center gap-1.5 whitespace-nowrap text-xs font-normal text-slate-500 dark:text-slate-400">
      <span aria-hidden="true" className={`size-2 rounded-full ${dots[status]}`} />
      {t(status)}
    </span>
  );
}
