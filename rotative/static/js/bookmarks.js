/* « Lire plus tard »: the button posts its form without leaving the page, and saved
   articles are handed to the service worker to keep them readable offline. Without this
   script the forms post and come back with a message: nothing depends on it. */
(function () {
  "use strict";
  if (window.rotativeBookmarks) return; // loaded once per page, whatever includes it
  window.rotativeBookmarks = true;

  function absolute(urls) {
    return urls.filter(Boolean).map(function (url) { return new URL(url, location.href).href; });
  }

  // The service worker's side of the contract: {type: "cache-urls" | "uncache-urls", urls}.
  function tellWorker(type, urls) {
    if (!urls.length || !("serviceWorker" in navigator)) return;
    var message = { type: type, urls: absolute(urls) };
    var controller = navigator.serviceWorker.controller;
    if (controller) {
      controller.postMessage(message);
      return;
    }
    // First visit: the worker takes the page over a moment later.
    navigator.serviceWorker.addEventListener("controllerchange", function once() {
      navigator.serviceWorker.removeEventListener("controllerchange", once);
      if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage(message);
    });
  }

  function post(form) {
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.error || "");
        return data;
      });
    });
  }

  function failed(status, error) {
    if (status) {
      status.textContent = error.message || (navigator.onLine === false
        ? "Pas de connexion : réessayez une fois en ligne."
        : "L'enregistrement n'a pas abouti : réessayez.");
    }
  }

  function toggle(form) {
    var button = form.querySelector("button");
    var status = form.querySelector("[data-bookmark-status]");
    button.disabled = true;
    post(form).then(function (data) {
      form.action = data.action;
      button.classList.toggle("bookmark__button--saved", data.saved);
      form.querySelector("[data-bookmark-label]").textContent = data.label;
      form.querySelector("[data-bookmark-hint]").textContent =
        data.saved ? form.dataset.hintSaved : form.dataset.hintSave;
      if (status) status.textContent = data.message;
      if (form.dataset.kind === "article") {
        tellWorker(data.saved ? "cache-urls" : "uncache-urls", [data.url || form.dataset.url]);
      }
    }).catch(function (error) {
      failed(status, error);
    }).then(function () {
      button.disabled = false;
    });
  }

  function removeFromList(form) {
    var item = form.closest("li");
    var button = form.querySelector("button");
    button.disabled = true;
    post(form).then(function () {
      if (form.dataset.kind === "article") tellWorker("uncache-urls", [form.dataset.url]);
      var list = item.parentNode;
      item.remove();
      if (!list.children.length) list.closest("section").remove();
    }).catch(function (error) {
      button.disabled = false;
      var status = document.createElement("p");
      status.className = "bookmarks__error";
      status.setAttribute("role", "alert");
      form.after(status);
      failed(status, error);
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-bookmark]")) {
      event.preventDefault();
      toggle(form);
    } else if (form.matches("form[data-bookmark-remove]")) {
      event.preventDefault();
      removeFromList(form);
    }
  });

  // « À lire plus tard »: every saved article, for offline reading on the bus.
  var list = document.querySelector("[data-bookmarks-offline]");
  if (list) {
    var urls = [];
    try { urls = JSON.parse(list.dataset.bookmarksOffline); } catch (error) { urls = []; }
    tellWorker("cache-urls", urls);
  }
})();
