// The ready components' stylesheet. Every colour, radius and font comes from a --herald-*
// variable the host page may set anywhere above the components (e.g. on :root); the defaults
// (light and dark) live in --herald-default-* so a host's value always wins.
const css = `
.herald-kit {
  --herald-default-accent: #4f46e5; --herald-default-accent-fg: #fff;
  --herald-default-bg: #fff; --herald-default-fg: #0f172a; --herald-default-muted: #64748b;
  --herald-default-border: #e2e8f0; --herald-default-unread: #eef2ff; --herald-default-danger: #b91c1c;
  font-family: var(--herald-font, system-ui, sans-serif); color: var(--herald-fg, var(--herald-default-fg)); font-size: 14px; line-height: 1.4;
}
@media (prefers-color-scheme: dark) {
  .herald-kit {
    --herald-default-accent: #818cf8; --herald-default-accent-fg: #0f172a;
    --herald-default-bg: #0f172a; --herald-default-fg: #f1f5f9; --herald-default-muted: #94a3b8;
    --herald-default-border: #334155; --herald-default-unread: #1e1b4b; --herald-default-danger: #fca5a5;
  }
}
.herald-kit *, .herald-kit *::before, .herald-kit *::after { box-sizing: border-box; }
.herald-kit button { font: inherit; color: inherit; cursor: pointer; }
.herald-kit :focus-visible { outline: 2px solid var(--herald-accent, var(--herald-default-accent)); outline-offset: 2px; }
.herald-surface { background: var(--herald-bg, var(--herald-default-bg)); border: 1px solid var(--herald-border, var(--herald-default-border)); border-radius: var(--herald-radius, 12px); }
.herald-bell { position: relative; display: inline-block; }
.herald-bell-button { position: relative; display: inline-flex; align-items: center; justify-content: center; width: 40px; height: 40px; border-radius: 999px; border: 1px solid transparent; background: transparent; }
.herald-bell-button:hover { background: color-mix(in srgb, var(--herald-accent, var(--herald-default-accent)) 12%, transparent); }
.herald-badge { position: absolute; top: 2px; right: 2px; min-width: 18px; height: 18px; padding: 0 5px; border-radius: 999px; font-size: 11px; font-weight: 700; line-height: 18px; text-align: center; background: var(--herald-accent, var(--herald-default-accent)); color: var(--herald-accent-fg, var(--herald-default-accent-fg)); }
.herald-popover { position: absolute; right: 0; top: calc(100% + 6px); z-index: 50; width: min(380px, calc(100vw - 16px)); box-shadow: 0 12px 32px rgb(15 23 42 / 0.18); }
.herald-feed { display: flex; flex-direction: column; max-height: 70vh; overflow: hidden; }
.herald-feed-head { display: flex; align-items: center; justify-content: space-between; gap: 8px; padding: 10px 12px; border-bottom: 1px solid var(--herald-border, var(--herald-default-border)); }
.herald-feed-head h2 { margin: 0; font-size: 15px; }
.herald-tabs { display: flex; gap: 4px; padding: 6px 12px; border-bottom: 1px solid var(--herald-border, var(--herald-default-border)); }
.herald-tab { border: 0; background: transparent; padding: 4px 10px; border-radius: 999px; color: var(--herald-muted, var(--herald-default-muted)); }
.herald-tab[aria-selected="true"] { background: var(--herald-accent, var(--herald-default-accent)); color: var(--herald-accent-fg, var(--herald-default-accent-fg)); }
.herald-list { list-style: none; margin: 0; padding: 0; overflow-y: auto; }
.herald-item { display: flex; gap: 10px; padding: 10px 12px; border-bottom: 1px solid var(--herald-border, var(--herald-default-border)); }
.herald-item[data-unread="true"] { background: var(--herald-unread, var(--herald-default-unread)); }
.herald-item-main { flex: 1; min-width: 0; }
.herald-item-title { font-weight: 600; overflow-wrap: anywhere; }
.herald-item-body, .herald-muted { color: var(--herald-muted, var(--herald-default-muted)); overflow-wrap: anywhere; }
.herald-item-time { font-size: 12px; color: var(--herald-muted, var(--herald-default-muted)); }
.herald-dot { flex: none; width: 8px; height: 8px; margin-top: 6px; border-radius: 999px; background: var(--herald-accent, var(--herald-default-accent)); }
.herald-dot[data-read="true"] { visibility: hidden; }
.herald-item-actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.herald-link { border: 0; background: transparent; padding: 2px 0; color: var(--herald-accent, var(--herald-default-accent)); font-size: 12px; text-decoration: underline; text-underline-offset: 2px; }
.herald-button { border: 1px solid var(--herald-border, var(--herald-default-border)); background: transparent; padding: 6px 12px; border-radius: calc(var(--herald-radius, 12px) * 0.6); }
.herald-state { padding: 24px 12px; text-align: center; color: var(--herald-muted, var(--herald-default-muted)); }
.herald-error { color: var(--herald-danger, var(--herald-default-danger)); }
.herald-more { display: flex; justify-content: center; padding: 8px; }
.herald-prefs { padding: 12px; overflow-x: auto; }
.herald-prefs table { border-collapse: collapse; width: 100%; }
.herald-prefs th, .herald-prefs td { padding: 6px 8px; text-align: center; border-bottom: 1px solid var(--herald-border, var(--herald-default-border)); }
.herald-prefs th[scope="row"] { text-align: left; font-weight: 500; }
.herald-prefs input { width: 18px; height: 18px; accent-color: var(--herald-accent, var(--herald-default-accent)); }
.herald-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

let users = 0;
let element: HTMLStyleElement | null = null;

/** Adds the stylesheet to the document while at least one provider is mounted. */
export const kitStyles = {
  css,
  inject(): () => void {
    users++;
    if (!element) {
      element = document.createElement("style");
      element.dataset.heraldKit = "";
      element.textContent = css;
      document.head.append(element);
    }
    return () => {
      if (--users === 0) {
        element?.remove();
        element = null;
      }
    };
  },
};
