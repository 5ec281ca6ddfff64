/* The installable app on every page: registers the service worker (/sw.js, scope « / ») and
   tells it when the reader logs out, so that it forgets the pages it kept. The one place that
   registers the worker: push.js asks `window.rotativeWorker.register()` for it. */
"use strict";

(function () {
  const script = document.currentScript;
  const workerUrl = script && script.dataset.worker;
  const logoutUrl = script && script.dataset.logout;
  const supported = "serviceWorker" in navigator && Boolean(workerUrl);
  let registering = null;

  window.rotativeWorker = {
    supported: supported,
    register() {
      if (!supported) return Promise.reject(new DOMException("", "NotSupportedError"));
      if (!registering) {
        registering = navigator.serviceWorker.register(workerUrl, { scope: "/" });
      }
      return registering;
    },
    // Posts a message to the worker that controls the page (or will, once registered).
    async tell(message) {
      const registration = await this.register();
      const worker =
        navigator.serviceWorker.controller || registration.active || registration.waiting || registration.installing;
      if (worker) worker.postMessage(message);
    },
  };

  if (!supported) return;
  window.rotativeWorker.register().catch(() => {
    // Private browsing or a browser that refuses it: the site works without.
  });

  // The worker also sees the logout's POST itself; the message covers a worker that was
  // waiting to take over when the form left.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
    if (new URL(form.action, document.baseURI).pathname === logoutUrl) {
      const controller = navigator.serviceWorker.controller;
      if (controller) controller.postMessage({ type: "logout" });
    }
  });
})();
