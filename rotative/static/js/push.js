/* « Recevoir les alertes sur ce navigateur »: asks permission, subscribes this browser with the
   site's VAPID public key and posts the subscription (CSRF token in X-CSRFToken). The block
   stays hidden where the browser cannot receive notifications. */
"use strict";

(function () {
  const box = document.querySelector("[data-push]");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    return;
  }
  const subscribeButton = box.querySelector("[data-push-subscribe]");
  const unsubscribeButton = box.querySelector("[data-push-unsubscribe]");
  const status = box.querySelector("[data-push-status]");
  const csrf = box.querySelector("input[name=csrfmiddlewaretoken]");

  function say(text) {
    status.textContent = text;
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
    if (!response.ok) throw new Error(answer.error || box.dataset.errorText);
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
        say(box.dataset.deniedText);
        return;
      }
      const registration = await navigator.serviceWorker.register(box.dataset.workerUrl, { scope: "/" });
      await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(box.dataset.vapidKey),
      });
      const answer = await post(box.dataset.subscribeUrl, {
        subscription: subscription.toJSON(),
        token: box.dataset.token || "",
      });
      say(answer.message);
      show(true);
    } catch (error) {
      say(error.message || box.dataset.errorText);
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
      say(error.message || box.dataset.errorText);
    } finally {
      unsubscribeButton.disabled = false;
    }
  }

  box.hidden = false;
  subscribeButton.addEventListener("click", subscribe);
  unsubscribeButton.addEventListener("click", unsubscribe);
  navigator.serviceWorker.getRegistration("/").then(async (registration) => {
    const subscription = registration && (await registration.pushManager.getSubscription());
    show(Boolean(subscription && Notification.permission === "granted"));
  });
})();
