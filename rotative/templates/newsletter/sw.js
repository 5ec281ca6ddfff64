/* The site's service worker: shows the alerts pushed to this browser (newsletter/push.py)
   and opens the story on a click. Served at /sw.js so that its scope is the whole site. */
"use strict";

self.addEventListener("push", (event) => {
  let alert = {};
  try {
    alert = event.data ? event.data.json() : {};
  } catch (error) {
    alert = { body: event.data ? event.data.text() : "" };
  }
  const title = alert.title || "{{ site_name|escapejs }}";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: alert.body || "",
      // One tag per story: a notification sent twice replaces the first instead of piling up.
      tag: alert.tag || undefined,
      renotify: Boolean(alert.tag),
      lang: "fr",
      data: { url: alert.url || "/" },
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data && event.notification.data.url || "/", self.location.origin);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      for (const client of windows) {
        if (client.url === target.href && "focus" in client) return client.focus();
      }
      return self.clients.openWindow(target.href);
    })
  );
});

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
