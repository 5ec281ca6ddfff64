// Counts a read of the article without any cookie: one beacon per page view.
(function () {
  "use strict";
  var article = document.querySelector("[data-view-beacon]");
  if (!article || !navigator.sendBeacon) return;
  navigator.sendBeacon(article.getAttribute("data-view-beacon"));
})();
