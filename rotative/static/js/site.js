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
