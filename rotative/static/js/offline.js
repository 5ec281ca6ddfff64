/* The offline page (rotative/mobile/): lists the articles the service worker keeps (its
   « pages » and « saved » caches), newest first, read from the Cache API; the server lists
   nothing (it does not know what this device keeps). « Réessayer » reloads the address
   that failed, and so does the connection coming back. */
"use strict";

(function () {
  const box = document.querySelector("[data-offline]");
  if (!box) return;
  // Shown in place of another page (the address bar names it): try that page again.
  const failedElsewhere = window.location.pathname !== box.dataset.offlinePath;
  const retry = box.querySelector("[data-offline-retry]");
  if (failedElsewhere) {
    retry.hidden = false;
    retry.addEventListener("click", () => window.location.reload());
    // The connection coming back: the page is asked for again (HEAD, past every cache) when
    // the browser says « online » and every few seconds, and reloaded once it answers.
    // navigator.onLine alone is not enough: Chromium says « online » while still offline
    // (a reload then would cancel the link the reader just tapped) and a network without
    // Internet is « online » all along.
    const reloadOnceReachable = () =>
      fetch(window.location.href, { method: "HEAD", cache: "no-store" }).then(
        (response) => {
          if (response.ok && !response.redirected) window.location.reload();
        },
        () => {}
      );
    window.addEventListener("online", reloadOnceReachable);
    window.setInterval(reloadOnceReachable, 4000);
  }

  const status = box.querySelector("[data-offline-status]");
  const say = (templateSelector) => {
    status.textContent = box.querySelector(templateSelector).content.textContent.trim();
  };
  if (!("caches" in window)) return;

  const dateFormat = new Intl.DateTimeFormat("fr-FR", {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone: "Europe/Paris",
  });
  const timeFormat = new Intl.DateTimeFormat("fr-FR", {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Europe/Paris",
  });

  function when(response) {
    const date = new Date(response.headers.get("Date") || "");
    if (Number.isNaN(date.getTime())) return "";
    // « Copie du lundi 7 décembre à 11h20 », as the site writes times.
    const at = `${dateFormat.format(date)} à ${timeFormat.format(date).replace(":", "h")}`;
    return `${box.dataset.copyLabel} ${at}`;
  }

  async function entries(cacheName) {
    if (!(await caches.has(cacheName))) return [];
    const cache = await caches.open(cacheName);
    const parser = new DOMParser();
    const requests = (await cache.keys()).reverse(); // the last read first
    const found = [];
    for (const request of requests) {
      const response = await cache.match(request);
      if (!response) continue;
      const html = parser.parseFromString(await response.text(), "text/html");
      const og = html.querySelector('meta[property="og:title"]');
      const heading = html.querySelector("h1");
      const title = (og && og.content) || (heading && heading.textContent) || html.title;
      found.push({ url: new URL(request.url).pathname, title: title.trim(), when: when(response) });
    }
    return found;
  }

  function fill(name, items) {
    const group = box.querySelector(`[data-offline-group="${name}"]`);
    const list = group.querySelector("[data-offline-list]");
    list.replaceChildren(
      ...items.map((item) => {
        const li = document.createElement("li");
        const link = document.createElement("a");
        link.href = item.url;
        link.textContent = item.title || item.url;
        li.append(link);
        if (item.when) {
          const time = document.createElement("span");
          time.className = "offline-page__when";
          time.textContent = item.when;
          li.append(" ", time);
        }
        return li;
      })
    );
    group.hidden = items.length === 0;
  }

  Promise.all([entries(box.dataset.savedCache), entries(box.dataset.pagesCache)])
    .then(([saved, pages]) => {
      const savedUrls = new Set(saved.map((item) => item.url));
      fill("saved", saved);
      fill("pages", pages.filter((item) => !savedUrls.has(item.url)));
      say(saved.length || pages.length ? "[data-offline-found]" : "[data-offline-empty]");
    })
    .catch(() => say("[data-offline-empty]"));
})();
