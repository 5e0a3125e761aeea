"use client";

import { AtSign, Bell, CircleCheck, MessageCircle, Newspaper, ShieldAlert, type LucideIcon } from "lucide-react";
import { useTranslations } from "next-intl";
import { forwardRef, useEffect, useRef, useState } from "react";
import { Avatar } from "@/components/ui/avatar";
import { RelativeTime } from "@/components/ui/relative-time";
import type { InboxItemView, ItemPatch } from "@/lib/store/inbox-api";
import { InboxLink } from "./inbox-link";

// SVG icons (lucide): emoji render as empty boxes where no emoji font is installed.
const icons: Record<string, LucideIcon> = {
  "comment.created": MessageCircle,
  mention: AtSign,
  "task.assigned": CircleCheck,
  "security.alert": ShieldAlert,
  "digest.weekly": Newspaper,
};

/** The icon of a type: its own, else one by the first part of its key (`security.*`), else a bell. */
function iconOf(typeKey: string): LucideIcon {
  return icons[typeKey] ?? (typeKey.startsWith("security") ? ShieldAlert : typeKey.startsWith("comment") ? MessageCircle : Bell);
}

/** Who the notification is from, when the sender said so: `data.actor` = { name, avatarUrl? }. */
export function actorOf(item: InboxItemView): { name: string; avatarUrl: string | null } | null {
  const actor = item.data?.actor;
  if (!actor || typeof actor !== "object") return null;
  const { name, avatarUrl } = actor as { name?: unknown; avatarUrl?: unknown };
  if (typeof name !== "string" || !name.trim()) return null;
  return { name: name.trim(), avatarUrl: typeof avatarUrl === "string" && /^(https:\/\/|\/(?!\/))/.test(avatarUrl) ? avatarUrl : null };
}

type Props = {
  item: InboxItemView;
  onChange: (item: InboxItemView, patch: ItemPatch) => void;
  onKeyDown?: (event: React.KeyboardEvent<HTMLElement>) => void;
  /** On the full inbox page, items can be selected for bulk actions. */
  selection?: { checked: boolean; onToggle: () => void };
};

/** One notification: title, body, relative time, type icon, actions; opening it marks it read. */
export const NotificationItem = forwardRef<HTMLAnchorElement | HTMLButtonElement, Props>(function NotificationItem({ item, onChange, onKeyDown, selection }, ref) {
  const unread = !item.readAt;
  const t = useTranslations("Item");
  const open = () => unread && onChange(item, { read: true });
  // Two lines of body, and "Show more" only when there is more than that.
  const body = useRef<HTMLSpanElement>(null);
  const [expanded, setExpanded] = useState(false);
  const [clamped, setClamped] = useState(false);
  useEffect(() => {
    const element = body.current;
    if (!element || expanded) return;
    const measure = () => setClamped(element.scrollHeight > element.clientHeight + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [item.body, expanded]);
  const Icon = iconOf(item.typeKey);
  const actor = actorOf(item);
  const content = (
    <>
      {actor ? (
        // The sender's face, with the type's icon as a small badge on it.
        <span aria-hidden="true" data-actor={actor.name} title={actor.name} className="relative mt-0.5 flex size-8 shrink-0">
          <Avatar name={actor.name} src={actor.avatarUrl} />
          <span className="absolute -bottom-1 -right-1 flex size-4 items-center justify-center rounded-full bg-white text-slate-600 ring-1 ring-slate-200 dark:bg-slate-900 dark:text-slate-300 dark:ring-slate-700">
            <Icon className="size-2.5" strokeWidth={2.5} data-type-icon={item.typeKey} />
          </span>
        </span>
      ) : (
        <span aria-hidden="true" className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-full bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300">
          <Icon className="size-4" strokeWidth={2} data-type-icon={item.typeKey} />
        </span>
      )}
      <span className="min-w-0 flex-1">
        <span data-item-title className={`block text-sm ${unread ? "font-bold text-slate-900 dark:text-white" : "font-normal text-slate-600 dark:text-slate-300"}`}>{item.title}</span>
        {item.body && (
          <span ref={body} data-item-body className={`mt-0.5 text-sm text-slate-500 dark:text-slate-400 ${expanded ? "block whitespace-pre-line" : "line-clamp-2 break-words"}`}>
            {item.body}
          </span>
        )}
        <RelativeTime date={item.createdAt} className="mt-1 block text-xs text-slate-500 dark:text-slate-400" />
      </span>
      {unread && <span role="img" className="mt-2 size-2.5 shrink-0 rounded-full bg-brand-600 ring-2 ring-brand-100 dark:bg-brand-500 dark:ring-brand-500/30" aria-label={t("unread")} data-unread-dot />}
    </>
  );
  // Unread rows are tinted and bold with a dot, so unread never rests on colour alone.
  const rowClass = `flex w-full gap-3 rounded-lg px-3 py-2.5 text-left focus-visible:outline-2 focus-visible:outline-brand-500 ${
    unread ? "bg-brand-50 hover:bg-brand-100/70 dark:bg-brand-500/10 dark:hover:bg-brand-500/20" : "hover:bg-slate-50 dark:hover:bg-slate-800/60"
  }`;
  return (
    <li className={`group relative ${selection ? "flex items-start gap-1 pl-2" : ""}`}>
      {selection && (
        <input
          type="checkbox"
          aria-label={t("select", { title: item.title })}
          checked={selection.checked}
          onChange={selection.onToggle}
          className="mt-5 size-4 shrink-0 accent-brand-600"
        />
      )}
      <div className="min-w-0 flex-1">
      {item.actionUrl ? (
        <InboxLink ref={ref as React.Ref<HTMLAnchorElement>} href={item.actionUrl} onClick={open} onKeyDown={onKeyDown} className={rowClass} data-item data-unread={unread || undefined}>
          {content}
        </InboxLink>
      ) : (
        <button ref={ref as React.Ref<HTMLButtonElement>} type="button" onClick={open} onKeyDown={onKeyDown} className={rowClass} data-item data-unread={unread || undefined}>
          {content}
        </button>
      )}
      {(clamped || expanded) && (
        <button
          type="button"
          aria-expanded={expanded}
          onClick={() => setExpanded((e) => !e)}
          className="ml-14 rounded text-xs font-medium text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-100"
        >
          {expanded ? t("showLess") : t("showMore")}
        </button>
      )}
      {item.actions.length > 0 && (
        <div className="ml-14 flex flex-wrap gap-2 pb-2">
          {item.actions.map((action) => (
            <InboxLink
              key={action.label}
              href={action.url}
              onClick={open}
              className={`rounded-md px-2.5 py-1 text-xs font-medium focus-visible:outline-2 focus-visible:outline-brand-500 ${
                action.style === "primary" ? "bg-brand-600 text-white hover:bg-brand-700" : "bg-slate-100 text-slate-700 hover:bg-slate-200 dark:bg-slate-800 dark:text-slate-200"
              }`}
            >
              {action.label}
            </InboxLink>
          ))}
        </div>
      )}
      </div>
      <div className="absolute bottom-2 right-2 hidden gap-1 group-focus-within:flex group-hover:flex">
        <button
          type="button"
          onClick={() => onChange(item, { read: unread })}
          className="rounded bg-white px-2 py-0.5 text-xs text-slate-600 shadow-sm ring-1 ring-slate-200 hover:text-slate-900 dark:bg-slate-900 dark:text-slate-300 dark:ring-slate-700"
        >
          {unread ? t("markRead") : t("markUnread")}
        </button>
        <button
          type="button"
          onClick={() => onChange(item, { archived: !item.archivedAt })}
          className="rounded bg-white px-2 py-0.5 text-xs text-slate-600 shadow-sm ring-1 ring-slate-200 hover:text-slate-900 dark:bg-slate-900 dark:text-slate-300 dark:ring-slate-700"
        >
          {item.archivedAt ? t("unarchive") : t("archive")}
        </button>
      </div>
    </li>
  );
});
