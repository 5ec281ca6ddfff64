// Les pronostics: the « Copier le lien » button of a private league's invite link. Without
// JavaScript (or without the clipboard) the button stays hidden and the link can be selected.
(function () {
  "use strict";

  document.querySelectorAll("[data-copy-button]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-button"));
    var status = button.closest(".prono-invite-link").querySelector("[data-copy-status]");
    if (!field || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () {
          if (status) {
            status.textContent = button.getAttribute("data-copied");
          }
        },
        function () {
          field.select();
        }
      );
    });
  });

  // A click in the link's box selects it all, ready to copy by hand.
  document.querySelectorAll("[data-copy-source]").forEach(function (field) {
    field.addEventListener("focus", function () {
      field.select();
    });
  });
})();
