/* The site's service worker (rotative/mobile/), served at /sw.js so that its scope is the whole
   site: the installed app's offline reading and the alerts pushed to this browser.

   Offline reading
   - Pages (navigations): network first. An article (og:type « article ») the reader opened is
     kept in the « pages » cache, the last {{ config.limits.pages }} of them, the oldest dropped;
     the home page is kept too (the app opens on it). When the network fails, or is still
     silent after a few seconds, the kept copy is shown; with none, the offline page.
   - Only public copies are kept: nothing under the « never » prefixes (the admin, the
     account pages), no POST, no response that says `Cache-Control: private` or `no-store`
     (every page of a logged-in reader does: core.middleware.CacheHeadersMiddleware) or sets a
     cookie. For a logged-in reader's article, the copy kept is fetched without cookies: the
     one any anonymous reader gets, never a page that names them.
   - The site's own stylesheets and scripts: cache first (fetched afresh by each new worker);
     the images of the site's media: cache first, the last {{ config.limits.images }}.
   - A logout (the logout form's POST, or the message below) empties every cache of pages.

   Messages that pages may post to the worker (navigator.serviceWorker.controller.postMessage):
     {type: "cache-urls", urls: ["/manche/la-digue/", …]}    keep these pages in the « saved »
         cache (« À lire plus tard »), fetched without cookies, so they read offline;
     {type: "uncache-urls", urls: ["/manche/la-digue/", …]}  drop them from it;
     {type: "logout"}                                         forget every page kept.
   Addresses are of this site (absolute or from its root); their query string is ignored. With a
   MessageChannel port, the worker answers {type, ok: true, urls: [the addresses it holds]}.
   From a page, `window.rotativeWorker.tell(message)` (static/js/app.js) posts it once the
   worker is registered.

   Web Push: shows the alerts pushed to this browser (newsletter/push.py) and opens the story
   on a click. */
"use strict";

// Version {{ version }}: changes with the site's stylesheets, scripts and these templates, so
// that browsers install the new worker, which fetches them afresh.
const CONFIG = {{ config_json }};
const CACHES = CONFIG.caches;
const KEPT = Object.values(CACHES);
// Beyond this wait with a copy in hand, the reader gets the copy (a bus between two masts).
const PATIENCE_MS = 6000;
const ARTICLE = /<meta\s+property="og:type"\s+content="article"/i;

// --- installation -------------------------------------------------------------------------

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      // Without cookies: the offline page shows no reader's account.
      const shell = await caches.open(CACHES.shell);
      const offline = await fetch(CONFIG.offline_url, { credentials: "omit", cache: "reload" });
      if (!offline.ok) throw new Error("offline page: " + offline.status);
      await shell.put(CONFIG.offline_url, offline);
      const statics = await caches.open(CACHES.static);
      await Promise.all(
        CONFIG.precache.filter((url) => url !== CONFIG.offline_url).map(async (url) => {
          try {
            const response = await fetch(url, { credentials: "omit", cache: "reload" });
            if (response.ok) await statics.put(url, response);
          } catch (error) {
            // One file missing does not keep the worker out: it is fetched when asked for.
          }
        })
      );
      await self.skipWaiting();
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (!KEPT.includes(name)) await caches.delete(name);
      }
      await self.clients.claim();
    })()
  );
});

// --- what may be kept ---------------------------------------------------------------------

function pageKey(address) {
  const url = new URL(address, self.location.origin);
  return url.origin + url.pathname;
}

function ours(url) {
  return url.origin === self.location.origin && !CONFIG.never.some((prefix) => url.pathname.startsWith(prefix));
}

function isHtml(response) {
  return (
    response &&
    response.ok &&
    response.type === "basic" &&
    (response.headers.get("Content-Type") || "").startsWith("text/html")
  );
}

function isPublic(response) {
  const control = (response.headers.get("Cache-Control") || "").toLowerCase();
  // Browsers hide Set-Cookie from scripts; the header is checked should one ever show it.
  return !/\b(private|no-store)\b/.test(control) && !response.headers.has("Set-Cookie");
}

function copyOf(response, body) {
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

async function putBounded(cacheName, key, response, limit) {
  const cache = await caches.open(cacheName);
  // Put again moves the entry to the end: the cache's order is the order of reading.
  await cache.delete(key, { ignoreVary: true });
  await cache.put(key, response);
  const keys = await cache.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - limit))) {
    await cache.delete(old, { ignoreVary: true });
  }
}

async function keepPage(key, response) {
  if (response.status === 404 || response.status === 410) {
    // Unpublished or withdrawn: no copy of it stays readable on the device.
    await Promise.all(
      [CACHES.pages, CACHES.saved].map(async (name) => (await caches.open(name)).delete(key, { ignoreVary: true }))
    );
    return;
  }
  if (!isHtml(response)) return;
  const start = new URL(key).pathname === "/";
  let copy = response;
  if (!isPublic(response)) {
    // A logged-in reader's page: if it is worth keeping, the copy kept is the public one.
    if (!start && !ARTICLE.test(await response.text())) return;
    copy = await fetch(key, { credentials: "omit", cache: "no-store" });
    if (!isHtml(copy) || !isPublic(copy)) return;
  }
  const body = await copy.text();
  if (start) {
    await (await caches.open(CACHES.shell)).put(key, copyOf(copy, body));
    return;
  }
  if (!ARTICLE.test(body)) return;
  await putBounded(CACHES.pages, key, copyOf(copy, body), CONFIG.limits.pages);
  // A saved article read again: its saved copy is brought up to date too.
  const saved = await caches.open(CACHES.saved);
  if (await saved.match(key, { ignoreVary: true })) await saved.put(key, copyOf(copy, body));
}

async function keptPage(key) {
  for (const name of [CACHES.pages, CACHES.saved, CACHES.shell]) {
    const hit = await (await caches.open(name)).match(key, { ignoreVary: true });
    if (hit) return hit;
  }
  return null;
}

async function offlinePage() {
  return (await caches.open(CACHES.shell)).match(CONFIG.offline_url, { ignoreVary: true });
}

// --- answering ----------------------------------------------------------------------------

function within(promise, milliseconds) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), milliseconds);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      }
    );
  });
}

async function answerPage(key, network) {
  const kept = await keptPage(key);
  // The device knows it has no network: no wait for a fetch bound to fail.
  if (kept && self.navigator.onLine === false) return kept;
  try {
    const response = kept ? await within(network, PATIENCE_MS) : await network;
    // The site down (502, 503, 504 from the proxy): yesterday's copy is better than an error.
    if (kept && response.status >= 502) return kept;
    return response;
  } catch (error) {
    return kept || (await offlinePage()) || Response.error();
  }
}

function navigate(event) {
  const key = pageKey(event.request.url);
  const network = fetch(event.request);
  // Registered before the answer reads the body: the copy is taken first.
  event.waitUntil(network.then((response) => keepPage(key, response.clone())).catch(() => {}));
  event.respondWith(answerPage(key, network));
}

async function cacheFirst(request, cacheName, limit) {
  const cache = await caches.open(cacheName);
  const hit = await cache.match(request, { ignoreVary: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === "basic" && isPublic(response)) {
    await putBounded(cacheName, request.url, response.clone(), limit);
  }
  return response;
}

async function forgetReader() {
  await Promise.all(
    [CACHES.pages, CACHES.saved, CACHES.images].map((name) => caches.delete(name))
  );
  // The home page kept for the app's start: an anonymous copy, dropped all the same.
  await (await caches.open(CACHES.shell)).delete(pageKey("/"), { ignoreVary: true });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    // The logout form: whatever page sent it, the pages kept go with the session.
    if (request.method === "POST" && url.pathname === CONFIG.logout_url) {
      event.waitUntil(forgetReader());
    }
    return;
  }
  if (!ours(url)) return;
  if (request.mode === "navigate") {
    navigate(event);
  } else if (url.pathname.startsWith(CONFIG.static_prefix + "css/") || url.pathname.startsWith(CONFIG.static_prefix + "js/")) {
    event.respondWith(cacheFirst(request, CACHES.static, CONFIG.limits.static));
  } else if (request.destination === "image" && url.pathname.startsWith(CONFIG.media_prefix)) {
    event.respondWith(cacheFirst(request, CACHES.images, CONFIG.limits.images));
  }
  // Anything else (JSON, En direct's stream, forms' scripts…) goes to the network untouched.
});

// --- messages from pages ------------------------------------------------------------------

function pageKeys(urls) {
  if (!Array.isArray(urls)) return [];
  const keys = [];
  for (const address of urls.slice(0, CONFIG.limits.saved)) {
    if (typeof address !== "string") continue;
    let url;
    try {
      url = new URL(address, self.location.origin);
    } catch (error) {
      continue;
    }
    if (ours(url)) keys.push(pageKey(url.href));
  }
  return keys;
}

async function save(urls) {
  const cache = await caches.open(CACHES.saved);
  await Promise.all(
    pageKeys(urls).map(async (key) => {
      try {
        const response = await fetch(key, { credentials: "omit" });
        if (isHtml(response) && isPublic(response)) {
          await putBounded(CACHES.saved, key, response, CONFIG.limits.saved);
        }
      } catch (error) {
        // Offline now: the page will be kept the next time the reader saves or opens it.
      }
    })
  );
  return cache;
}

async function unsave(urls) {
  const cache = await caches.open(CACHES.saved);
  await Promise.all(pageKeys(urls).map((key) => cache.delete(key, { ignoreVary: true })));
  return cache;
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (event.origin && event.origin !== self.location.origin) return;
  let work = null;
  if (data.type === "cache-urls") work = save(data.urls);
  else if (data.type === "uncache-urls") work = unsave(data.urls);
  else if (data.type === "logout") work = forgetReader().then(() => caches.open(CACHES.saved));
  if (!work) return;
  const port = event.ports && event.ports[0];
  event.waitUntil(
    work.then(
      async (cache) => {
        const held = (await cache.keys()).map((request) => new URL(request.url).pathname);
        if (port) port.postMessage({ type: data.type, ok: true, urls: held });
      },
      () => port && port.postMessage({ type: data.type, ok: false, urls: [] })
    )
  );
});

// --- Web Push -----------------------------------------------------------------------------

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
