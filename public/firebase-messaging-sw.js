// Shows Herald's push notifications when no Herald tab is focused, and opens the link on click.
// FCM delivers a standard Web Push message; its JSON carries `notification` and `data`.
self.addEventListener("push", (event) => {
  let payload = {};
  try {
    payload = event.data ? event.data.json() : {};
  } catch {
    payload = { notification: { title: "Herald", body: event.data ? event.data.text() : "" } };
  }
  const notification = payload.notification || {};
  const data = payload.data || {};
  const title = notification.title || data.title || "Herald";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: notification.body || data.body || "",
      icon: notification.icon || "/favicon.svg",
      tag: data.deliveryId || undefined,
      data: { url: data.url || (payload.fcmOptions && payload.fcmOptions.link) || "/inbox" },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data && event.notification.data.url ? event.notification.data.url : "/inbox", self.location.origin);
  // Only our own pages: a payload cannot send the user elsewhere.
  const url = target.origin === self.location.origin ? target.href : new URL("/inbox", self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => w.url === url);
      return open ? open.focus() : self.clients.openWindow(url);
    }),
  );
});
