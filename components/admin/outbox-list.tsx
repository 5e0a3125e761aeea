"use client";

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import type { OutboxMessage } from "@/lib/channels/list-outbox-messages";
import { adminFetch } from "./admin-fetch";
import { buttonSecondary, card, EmptyState, ErrorNote, linkClass } from "./admin-ui";
import { channelLabels } from "./format";
import { EmailPreview, PushPreview, SmsPreview, WebhookPreview } from "./channel-previews";

type Message = Omit<OutboxMessage, "createdAt"> & { createdAt: string };
const FILTERS = ["all", "email", "sms", "push", "webhook"] as const;
const REFRESH_MS = 3000;

/** The dev outbox: captured messages newest first, per channel, as each would look when received. */
export function OutboxList({ initial }: { initial: { items: Message[]; after: string | null } }) {
  const [channel, setChannel] = useState<(typeof FILTERS)[number]>("all");
  const [items, setItems] = useState(initial.items);
  const [after, setAfter] = useState(initial.after);
  const [state, setState] = useState<"idle" | "loading" | "error">("idle");
  const [live, setLive] = useState(true);
  const query = channel === "all" ? "" : `&channel=${channel}`;

  const loadFirst = useCallback(async () => {
    const result = await adminFetch<Message[]>(`/api/admin/outbox?limit=20${query}`);
    if ("error" in result) return setState("error");
    setState("idle");
    // New messages join the top; pages already loaded below stay.
    setItems((old) => {
      const seen = new Set(result.data.map((m) => m.id));
      const rest = old.filter((m) => !seen.has(m.id) && (channel === "all" || m.channel === channel));
      return rest.length && result.data.length ? [...result.data, ...rest] : result.data;
    });
    setAfter((a) => a ?? result.after ?? null);
  }, [query, channel]);

  const choose = async (next: (typeof FILTERS)[number]) => {
    setChannel(next);
    setState("loading");
    const result = await adminFetch<Message[]>(`/api/admin/outbox?limit=20${next === "all" ? "" : `&channel=${next}`}`);
    if ("error" in result) return setState("error");
    setItems(result.data);
    setAfter(result.after ?? null);
    setState("idle");
  };
  const more = async () => {
    if (!after) return;
    setState("loading");
    const result = await adminFetch<Message[]>(`/api/admin/outbox?limit=20${query}&after=${after}`);
    if ("error" in result) return setState("error");
    setItems((old) => [...old, ...result.data.filter((m) => !old.some((o) => o.id === m.id))]);
    setAfter(result.after ?? null);
    setState("idle");
  };

  useEffect(() => {
    if (!live) return;
    // A hidden tab shows nothing, so it has nothing to refresh.
    const timer = setInterval(() => {
      if (!document.hidden) void loadFirst();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [live, loadFirst]);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <div role="group" aria-label="Channel" className="flex flex-wrap gap-1 rounded-xl bg-slate-100 p-1 dark:bg-slate-800">
          {FILTERS.map((f) => (
            <button
              key={f}
              type="button"
              aria-pressed={channel === f}
              onClick={() => choose(f)}
              className="rounded-lg px-3 py-1.5 text-sm text-slate-600 focus-visible:outline-2 focus-visible:outline-brand-500 aria-pressed:bg-white aria-pressed:font-medium aria-pressed:text-slate-900 aria-pressed:shadow-sm dark:text-slate-300 dark:aria-pressed:bg-slate-950 dark:aria-pressed:text-white"
            >
              {f === "all" ? "All" : channelLabels[f]}
            </button>
          ))}
        </div>
        <label className="ml-auto flex items-center gap-2 text-sm">
          <input type="checkbox" className="size-4 accent-brand-600" checked={live} onChange={(e) => setLive(e.target.checked)} /> Live refresh
        </label>
      </div>
      {state === "error" && <ErrorNote>Could not load the outbox; it will retry{live ? " on the next refresh" : " when you change the filter"}.</ErrorNote>}
      {items.length === 0 && state !== "loading" ? (
        <EmptyState title="The outbox is empty">Messages appear here when Herald sends email, SMS, push or webhooks without a provider configured.</EmptyState>
      ) : (
        <ol className="space-y-4" aria-label="Captured messages" aria-busy={state === "loading"}>
          {items.map((m) => (
            <li key={m.id} className={`${card} space-y-3`}>
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium dark:bg-slate-800">{channelLabels[m.channel]}</span>
                <span className="min-w-0 break-all">to {m.channel === "push" && m.recipient.length > 24 ? `device ${m.recipient.slice(0, 10)}…${m.recipient.slice(-6)}` : m.recipient}</span>
                <time dateTime={m.createdAt} className="text-slate-500 dark:text-slate-400">{new Date(m.createdAt).toLocaleString("en")}</time>
                {m.notificationId && <Link href={`/admin/deliveries/${m.notificationId}`} className={`${linkClass} ml-auto`}>Delivery</Link>}
              </div>
              {m.channel === "email" ? (
                <EmailPreview subject={m.subject} html={m.html} text={m.body} to={m.recipient} height={220} />
              ) : m.channel === "sms" ? (
                <SmsPreview body={m.body ?? ""} to={m.recipient} />
              ) : m.channel === "push" ? (
                <div className="max-w-sm"><PushPreview title={m.subject} body={m.body} /></div>
              ) : (
                <WebhookPreview payload={m.payload} />
              )}
            </li>
          ))}
        </ol>
      )}
      {after && (
        <button type="button" className={buttonSecondary} onClick={more} disabled={state === "loading"}>
          {state === "loading" ? "Loading…" : "Older messages"}
        </button>
      )}
    </div>
  );
}
