/* « Recevoir les alertes sur ce navigateur »: asks permission, subscribes this browser with the
   site's VAPID public key and posts the subscription (CSRF token in X-CSRFToken). The block
   stays hidden where the browser cannot receive notifications. */
"use strict";

(function () {
  const box = document.querySelector("[data-push]");
  // The worker is registered by app.js, on every page (rotative/mobile/).
  const worker = window.rotativeWorker;
  if (!box || !worker || !worker.supported || !("PushManager" in window) || !("Notification" in window)) {
    return;
  }
  const subscribeButton = box.querySelector("[data-push-subscribe]");
  const unsubscribeButton = box.querySelector("[data-push-unsubscribe]");
  const status = box.querySelector("[data-push-status]");
  const csrf = box.querySelector("input[name=csrfmiddlewaretoken]");

  function say(text) {
    status.textContent = text;
  }

  // The site's own refusals come in French from the server; everything the browser throws
  // (DOMException names, "Failed to fetch", "Registration failed - push service error") is in
  // the browser's language, often English: the reader gets one of our sentences instead.
  class ServerRefusal extends Error {}

  function explain(error) {
    if (error instanceof ServerRefusal) return error.message;
    if (!navigator.onLine || error instanceof TypeError) return box.dataset.networkText;
    switch (error && error.name) {
      case "NotAllowedError":
        return box.dataset.deniedText;
      case "NotSupportedError":
      case "InvalidStateError":
      case "SecurityError":
        return box.dataset.unsupportedText;
      case "AbortError":
        return box.dataset.serviceText;
      default:
        return box.dataset.errorText;
    }
  }

  function keyBytes(base64url) {
    const base64 = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4))
      .replace(/-/g, "+")
      .replace(/_/g, "/");
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new ServerRefusal(answer.error || box.dataset.errorText);
    return answer;
  }

  function show(subscribed) {
    subscribeButton.hidden = subscribed;
    unsubscribeButton.hidden = !subscribed;
  }

  async function subscribe() {
    subscribeButton.disabled = true;
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        say(permission === "denied" ? box.dataset.deniedText : box.dataset.dismissedText);
        return;
      }
      await worker.register();
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(box.dataset.vapidKey),
      });
      const answer = await post(box.dataset.subscribeUrl, {
        subscription: subscription.toJSON(),
        token: box.dataset.token || "",
        purpose: box.dataset.purpose || "",
      });
      say(answer.message);
      show(true);
    } catch (error) {
      say(explain(error));
    } finally {
      subscribeButton.disabled = false;
    }
  }

  async function unsubscribe() {
    unsubscribeButton.disabled = true;
    try {
      const registration = await navigator.serviceWorker.getRegistration("/");
      const subscription = registration && (await registration.pushManager.getSubscription());
      if (subscription) {
        const answer = await post(box.dataset.unsubscribeUrl, { endpoint: subscription.endpoint });
        await subscription.unsubscribe();
        say(answer.message);
      }
      show(false);
    } catch (error) {
      say(explain(error));
    } finally {
      unsubscribeButton.disabled = false;
    }
  }

  box.hidden = false;
  subscribeButton.addEventListener("click", subscribe);
  unsubscribeButton.addEventListener("click", unsubscribe);
  navigator.serviceWorker
    .getRegistration("/")
    .then(async (registration) => {
      const subscription = registration && (await registration.pushManager.getSubscription());
      show(Boolean(subscription && Notification.permission === "granted"));
    })
    .catch(() => show(false));
})();
