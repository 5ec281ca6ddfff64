// Asks before a form with data-confirm is sent (an inline onsubmit= would need the
// Content-Security-Policy to allow inline handlers).
document.addEventListener("submit", function (event) {
  "use strict";
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) event.preventDefault();
});
