/* « Installer l'application » (rotative/mobile/, page /application/): shows what fits the
   browser in use. Already installed (opened from its icon): says so. Chromium (Android,
   computers) fires `beforeinstallprompt`: a button opens its installation dialog. iPhone and
   iPad have no such event: Safari's steps. Anything else, or no JavaScript: every way. */
"use strict";

(function () {
  const box = document.querySelector("[data-install]");
  if (!box) return;

  function show(state) {
    box.querySelectorAll("[data-install-state]").forEach((part) => {
      part.hidden = part.dataset.installState !== state;
    });
  }

  const standalone =
    window.matchMedia("(display-mode: standalone)").matches || window.navigator.standalone === true;
  if (standalone) {
    show("installed");
    return;
  }
  const agent = navigator.userAgent;
  // iPadOS presents itself as a Mac: one with a touch screen is an iPad.
  const ios = /iPhone|iPad|iPod/.test(agent) || (/Macintosh/.test(agent) && navigator.maxTouchPoints > 1);
  if (ios) show("ios");

  let offer = null;
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault(); // the button below asks, not the browser's own banner
    offer = event;
    show("prompt");
  });
  box.querySelector("[data-install-button]").addEventListener("click", async () => {
    if (!offer) return;
    const asked = offer;
    offer = null;
    asked.prompt();
    const choice = await asked.userChoice;
    // Refused: the browser offers again at a later visit; meanwhile, the other ways.
    show(choice && choice.outcome === "accepted" ? "done" : "generic");
  });
  window.addEventListener("appinstalled", () => show("done"));
})();
