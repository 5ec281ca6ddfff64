// En direct: new, edited and deleted entries appear without a reload. Server-Sent Events,
// resumed from the last event seen after a cut; polling with 304s where push is unavailable.
(function () {
  "use strict";
  var lists = document.querySelectorAll("[data-live-stream]");
  if (!lists.length) return;

  function plural(n) {
    return n > 1 ? n + " nouveaux messages" : "1 nouveau message";
  }

  function setup(list) {
    var last = parseInt(list.getAttribute("data-live-last") || "0", 10);
    var label = list.getAttribute("data-live-label");
    var max = parseInt(list.getAttribute("data-live-max") || "0", 10);
    var banner = list.parentNode.querySelector(".live-new");
    var button = banner && banner.querySelector("button");
    var unseen = 0;

    function away() {
      return list.getBoundingClientRect().top < 0;
    }
    function hideBanner() {
      unseen = 0;
      if (banner) banner.hidden = true;
    }
    if (button) {
      button.addEventListener("click", function () {
        list.scrollIntoView({ behavior: "smooth", block: "start" });
        hideBanner();
      });
      window.addEventListener("scroll", function () {
        if (unseen && !away()) hideBanner();
      }, { passive: true });
    }

    function apply(event) {
      if (event.id <= last) return;
      last = event.id;
      var current = list.querySelector('[data-entry="' + event.entry + '"]');
      if (event.action === "deleted") {
        if (current) current.remove();
        return;
      }
      var template = document.createElement("template");
      template.innerHTML = event.html.trim();
      var node = template.content.firstElementChild;
      if (window.rotativeLabelColours) window.rotativeLabelColours(node);
      if (label && node.getAttribute("data-label") !== label) {
        if (current) current.remove();
        return;
      }
      if (current) {
        current.replaceWith(node);
        return;
      }
      if (event.action !== "created") return;
      var empty = list.querySelector(".live-empty");
      if (empty) empty.remove();
      node.classList.add("live-entry--new");
      list.insertBefore(node, list.firstElementChild);
      while (max && list.children.length > max) list.lastElementChild.remove();
      if (banner && away()) {
        unseen += 1;
        button.textContent = plural(unseen);
        banner.hidden = false;
      }
    }

    var streamUrl = list.getAttribute("data-live-stream");
    var pollUrl = list.getAttribute("data-live-poll");
    var opened = false;
    var failures = 0;

    function poll() {
      var etag = null;
      function tick() {
        var headers = etag ? { "If-None-Match": etag } : {};
        fetch(pollUrl + "&depuis=" + last, { headers: headers, cache: "no-cache" })
          .then(function (response) {
            if (response.status === 200) {
              etag = response.headers.get("ETag");
              return response.json().then(function (data) { data.events.forEach(apply); });
            }
          })
          .catch(function () {})
          .then(function () { setTimeout(tick, 15000); });
      }
      tick();
    }

    function connect() {
      var source = new EventSource(streamUrl + "&depuis=" + last);
      source.addEventListener("open", function () { opened = true; failures = 0; list.setAttribute("data-live-state", "open"); });
      source.addEventListener("entry", function (message) { apply(JSON.parse(message.data)); });
      source.addEventListener("error", function () {
        list.setAttribute("data-live-state", "error");
        failures += 1;
        if (!opened && failures >= 3) {  // never got through: push is blocked on this network
          source.close();
          poll();
        } else if (source.readyState === EventSource.CLOSED) {
          setTimeout(connect, 3000);  // resume from the last event seen
        }
      });
    }

    if (window.EventSource) connect(); else poll();
  }

  Array.prototype.forEach.call(lists, setup);
})();
