import { countSmsSegments } from "@/lib/notifications/count-sms-segments";

// How each channel's message looks to the person who gets it. Shared by the send page, the
// template editor and the outbox. Email HTML is shown in a sandboxed frame with no scripts,
// no forms and no same-origin access: a template cannot reach the admin page around it.

export function EmailPreview({ subject, html, text, to, from = "Herald <notifications@herald.local>", height = 280 }: { subject?: string | null; html?: string | null; text?: string | null; to?: string | null; from?: string; height?: number }) {
  const doc = html ?? `<pre style="white-space:pre-wrap;font:14px/1.5 system-ui,sans-serif;margin:0">${escapeHtml(text ?? "")}</pre>`;
  return (
    <figure className="overflow-hidden rounded-xl border border-slate-200 bg-white text-slate-900 dark:border-slate-700">
      <figcaption className="space-y-0.5 border-b border-slate-200 bg-slate-50 px-3 py-2 text-xs text-slate-600">
        <div className="truncate"><span className="font-medium text-slate-500">From</span> {from}</div>
        {to && <div className="truncate"><span className="font-medium text-slate-500">To</span> {to}</div>}
        <div className="break-words text-sm font-semibold text-slate-900">{subject || <span className="font-normal italic text-slate-400">(no subject)</span>}</div>
      </figcaption>
      <iframe title={`Email: ${subject ?? "preview"}`} sandbox="" srcDoc={`<!doctype html><meta charset="utf-8"><body style="margin:12px;font-family:system-ui,sans-serif;color:#0f172a;background:#fff">${doc}`} className="block w-full bg-white" style={{ height }} />
    </figure>
  );
}

export function SmsPreview({ body, to }: { body: string; to?: string | null }) {
  const count = countSmsSegments(body);
  return (
    <figure className="w-full max-w-xs rounded-[1.75rem] border-4 border-slate-800 bg-white p-3 shadow-sm dark:border-slate-600 dark:bg-slate-950">
      <figcaption className="mb-2 truncate text-center text-xs text-slate-500 dark:text-slate-400">{to ?? "Herald"}</figcaption>
      <p className="w-fit max-w-[85%] whitespace-pre-wrap break-words rounded-2xl rounded-bl-sm bg-slate-200 px-3 py-2 text-sm text-slate-900 dark:bg-slate-800 dark:text-slate-100">{body || "…"}</p>
      <p className="mt-3 text-center text-xs text-slate-600 dark:text-slate-400" data-testid="sms-count">
        {count.characters} characters · {count.segments} {count.segments === 1 ? "segment" : "segments"} · {count.encoding}
        <span className="block">{count.remaining} {count.encoding === "GSM-7" ? "septets" : "units"} left in this segment ({count.perSegment} per segment)</span>
      </p>
    </figure>
  );
}

export function PushPreview({ title, body }: { title?: string | null; body?: string | null }) {
  return (
    <figure className="rounded-[1.75rem] bg-gradient-to-b from-slate-700 to-slate-900 p-4" aria-label="Push notification on a lock screen">
      <div className="mb-3 text-center text-3xl font-light tabular-nums text-white/90" aria-hidden="true">9:41</div>
      <div className="rounded-2xl bg-white/85 p-3 text-slate-900 shadow backdrop-blur">
        <div className="flex items-center gap-2 text-xs text-slate-600">
          <span aria-hidden="true" className="flex size-5 items-center justify-center rounded-md bg-brand-600 text-[10px] font-bold text-white">H</span>
          <span className="font-medium uppercase tracking-wide">Herald</span>
          <span className="ml-auto">now</span>
        </div>
        <p className="mt-1.5 text-sm font-semibold">{title || "…"}</p>
        {body && <p className="line-clamp-3 text-sm text-slate-700">{body}</p>}
      </div>
    </figure>
  );
}

function InAppPreview({ title, body, actionUrl }: { title?: string | null; body?: string | null; actionUrl?: string | null }) {
  return (
    <figure className="rounded-xl border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900" aria-label="Inbox item">
      <div className="flex gap-3">
        <span aria-hidden="true" className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-full bg-slate-100 text-sm dark:bg-slate-800">🔔</span>
        <div className="min-w-0 flex-1">
          <p className="text-sm font-semibold text-slate-900 dark:text-white">{title || "…"}</p>
          {body && <p className="mt-0.5 line-clamp-2 text-sm text-slate-500 dark:text-slate-400">{body}</p>}
          <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">just now{actionUrl ? ` · opens ${actionUrl}` : ""}</p>
        </div>
        <span className="mt-2 size-2 shrink-0 rounded-full bg-brand-500" aria-label="Unread" />
      </div>
    </figure>
  );
}

export function WebhookPreview({ payload }: { payload: unknown }) {
  return (
    <pre className="max-h-72 overflow-auto rounded-xl bg-slate-950 p-3 text-xs leading-relaxed text-slate-100" aria-label="Webhook payload">
      {JSON.stringify(payload, null, 2)}
    </pre>
  );
}

/** The preview for one channel's rendered fields. */
export function ChannelPreview({ channel, content, to }: { channel: string; content: Record<string, string>; to?: string | null }) {
  switch (channel) {
    case "email":
      return <EmailPreview subject={content.subject} html={content.html} text={content.text} to={to} />;
    case "sms":
      return <SmsPreview body={content.body ?? ""} to={to} />;
    case "push":
      return <PushPreview title={content.title} body={content.body} />;
    case "webhook":
      return <WebhookPreview payload={content} />;
    default:
      return <InAppPreview title={content.title} body={content.body} actionUrl={content.actionUrl} />;
  }
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
