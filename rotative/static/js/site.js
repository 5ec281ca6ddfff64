// Counts a read of the article without any cookie: one beacon per page view.
(function () {
  "use strict";
  var article = document.querySelector("[data-view-beacon]");
  if (!article || !navigator.sendBeacon) return;
  navigator.sendBeacon(article.getAttribute("data-view-beacon"));
})();

// En direct labels in their own colour. Set through the CSSOM, which the Content-Security-Policy
// allows, because it forbids style attributes in the markup; live.js calls it for new entries.
window.rotativeLabelColours = function (root) {
  "use strict";
  root.querySelectorAll("[data-label-colour]").forEach(function (label) {
    label.style.setProperty("--label", label.getAttribute("data-label-colour"));
  });
};
window.rotativeLabelColours(document);

// The header's « Menu » on phones: the button only appears, and the search, account corner and
// sections only fold away, once this script runs; without it everything stays visible.
(function () {
  "use strict";
  var button = document.querySelector("[data-menu-button]");
  var header = button && button.closest("[data-site-header]");
  if (!header) return;
  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("is-open", open);
  }
  header.classList.add("site-header--menu");
  button.hidden = false;
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  header.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();

// Commune fields (geo.forms.CommuneInput): suggestions in their <datalist> as the reader types,
// « Carantilly (50570) », from /communes.json. Without this script the field is plain text.
(function () {
  "use strict";
  document.querySelectorAll("input[data-communes]").forEach(function (input) {
    var list = input.list;
    var timer = null;
    var asked = "";
    if (!list || !window.fetch) return;
    input.addEventListener("input", function () {
      var query = input.value.trim();
      clearTimeout(timer);
      if (query.length < 2 || query === asked) return;
      timer = setTimeout(function () {
        asked = query;
        fetch(input.getAttribute("data-communes") + "?q=" + encodeURIComponent(query), {
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            return response.ok ? response.json() : { communes: [] };
          })
          .then(function (data) {
            if (input.value.trim() !== query) return;
            list.replaceChildren.apply(
              list,
              data.communes.map(function (label) {
                var option = document.createElement("option");
                option.value = label;
                return option;
              })
            );
          })
          .catch(function () {});
      }, 200);
    });
  });
})();

// The breaking banner is read out by screen readers once per alert, not on every page: the
// first page that shows a new alert puts its text in the live region (after a moment, so that
// the region exists before it changes); the alert's address is remembered in this browser.
(function () {
  "use strict";
  var banner = document.querySelector("[data-breaking]");
  var announcer = document.querySelector("[data-breaking-announcer]");
  if (!banner || !announcer) return;
  var key = "rotative-breaking-seen", alert = banner.getAttribute("data-breaking");
  try {
    if (window.localStorage.getItem(key) === alert) return;
    window.localStorage.setItem(key, alert);
  } catch (error) {
    return; // storage refused (private mode): never announce rather than on every page
  }
  window.setTimeout(function () {
    announcer.textContent = banner.textContent.replace(/\s+/g, " ").trim();
  }, 800);
})();
