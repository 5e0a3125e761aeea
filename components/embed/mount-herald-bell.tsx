import { createRoot } from "react-dom/client";
import { Provider } from "react-redux";
import { IntlProvider } from "use-intl";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { bestLocale } from "@/i18n/best-locale";
import { messagesByLocale } from "@/i18n/load-messages";
import { defaultLocale } from "@/i18n/locales";
import { sseSource } from "@/lib/realtime/client/sse-source";
import { makeStore } from "@/lib/store/make-store";

export type HeraldBellOptions = {
  /** Where Herald runs, e.g. "https://herald.example.com". */
  heraldUrl: string;
  /**
   * Returns a current user token, signed by the host app's server for the signed-in user. It is
   * called for every request and stream ticket, so it can refresh a token before it expires.
   */
  getToken: () => Promise<string> | string;
  /**
   * The language the bell speaks, e.g. "de" or "de-AT": the closest one Herald ships, else
   * English. Defaults to the browser's languages (navigator.languages).
   */
  locale?: string;
};

/**
 * Mounts Herald's bell and notification center into an element of a host app's page. It lives
 * in a shadow root with Herald's own stylesheet, so the page's CSS and Herald's cannot mix.
 * Returns a function that unmounts it.
 */
export function mountHeraldBell(element: Element, { heraldUrl, getToken, locale: wanted }: HeraldBellOptions): () => void {
  const base = heraldUrl.replace(/\/+$/, "");
  const userToken = async () => getToken();
  const ticket = async () => {
    const response = await fetch(`${base}/api/inbox/stream-ticket`, { method: "POST", headers: { authorization: `Bearer ${await userToken()}` } });
    if (!response.ok) throw new Error(`stream ticket: ${response.status}`);
    return ((await response.json()) as { data: { ticket: string } }).data.ticket;
  };
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: "open" });
  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = `${base}/embed/herald-bell.css`;
  const mountPoint = document.createElement("div");
  mountPoint.className = "font-sans text-slate-900 dark:text-slate-100";
  shadow.replaceChildren(style, mountPoint);
  const store = makeStore({ apiBaseUrl: `${base}/api/`, userToken, realtime: sseSource(`${base}/api/inbox/stream`, { ticket }) });
  const locale = bestLocale(wanted ? [wanted] : [...(navigator.languages ?? []), navigator.language]) ?? defaultLocale;
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const root = createRoot(mountPoint);
  root.render(
    <IntlProvider locale={locale} messages={messagesByLocale[locale]} timeZone={timeZone}>
      <Provider store={store}>
        <NotificationBell />
      </Provider>
    </IntlProvider>,
  );
  return () => root.unmount();
}

declare global {
  interface Window {
    Herald?: { mountBell: typeof mountHeraldBell };
  }
}
window.Herald = { mountBell: mountHeraldBell };
