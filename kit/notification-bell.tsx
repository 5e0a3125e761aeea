import { useEffect, useId, useRef, useState } from "react";
import { NotificationFeed, type NotificationFeedProps } from "./notification-feed";
import { useUnreadCount } from "./use-unread-count";

export type NotificationBellProps = Omit<NotificationFeedProps, "className"> & {
  /** The button's accessible name before the count ("Notifications, 3 unread"). */
  label?: string;
  className?: string;
};

/** A bell with the unread count; it opens the NotificationFeed in a popover (Escape or a click outside closes it). */
export function NotificationBell({ label = "Notifications", className = "", ...feed }: NotificationBellProps) {
  const { unread } = useUnreadCount();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div ref={root} className={`herald-kit herald-bell ${className}`}>
      <button
        ref={button}
        type="button"
        className="herald-bell-button"
        aria-label={unread ? `${label}, ${unread} unread` : label}
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unread > 0 && (
          <span className="herald-badge" aria-hidden="true">
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      {open && (
        <div id={id} className="herald-popover">
          <NotificationFeed {...feed} />
        </div>
      )}
    </div>
  );
}
