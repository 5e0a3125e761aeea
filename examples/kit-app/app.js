// The host app's page script: React, the kit and the root all come from the kit's standalone
// module (a bundler-based app imports "herald-kit.js" beside its own React instead). No JSX, so
// the page needs no build step.
import { React, createRoot, HeraldProvider, NotificationBell, useNotificationActions, useNotifications, useUnreadCount } from "/herald-kit.js";

const h = React.createElement;
const { heraldUrl, user } = JSON.parse(document.getElementById("config").textContent);

// One token at a time, renewed a minute before it expires; the host's server signs it.
let current = null;
async function getUserToken() {
  if (!current || current.expiresAt - Date.now() < 60_000) {
    const response = await fetch(`/herald-token?user=${encodeURIComponent(user)}`);
    current = await response.json();
  }
  return current.token;
}

/** The host's own list, drawn its own way from the headless hooks. */
function ActivityList() {
  const { items, loading, error, hasMore, loadMore } = useNotifications({ tab: "all", pageSize: 5 });
  const { unread } = useUnreadCount();
  const { markRead } = useNotificationActions();
  if (loading) return h("p", { role: "status" }, "Loading your activity…");
  if (error) return h("p", { role: "alert" }, `Activity could not be loaded: ${error.message}`);
  return h(
    "section",
    { "aria-labelledby": "activity-title" },
    h("h2", { id: "activity-title" }, "Your activity ", h("span", { className: "count", "data-testid": "unread-count" }, `${unread} unread`)),
    items.length === 0
      ? h("p", null, "Nothing yet.")
      : h(
          "ul",
          { className: "activity", "aria-label": "Activity" },
          items.map((item) =>
            h(
              "li",
              { key: item.id, "data-activity": item.id, "data-read": Boolean(item.readAt) },
              h("div", null, h("strong", null, item.title), item.body ? h("p", null, item.body) : null),
              item.readAt
                ? h("span", { className: "read" }, "Read")
                : h("button", { type: "button", onClick: () => markRead(item).catch(() => {}), "aria-label": `Mark "${item.title}" read` }, "Mark read"),
            ),
          ),
        ),
    hasMore ? h("button", { type: "button", className: "more", onClick: loadMore }, "Show more") : null,
  );
}

function App() {
  return h(
    HeraldProvider,
    { baseUrl: heraldUrl, getUserToken, realtime: "sse" },
    h("header", null, h("strong", null, "Acme"), h("span", { className: "who" }, "Signed in as ", h("b", null, user), " ", h(NotificationBell, null))),
    h("main", null, h("h1", null, "Dashboard"), h(ActivityList)),
  );
}

createRoot(document.getElementById("root")).render(h(App));
