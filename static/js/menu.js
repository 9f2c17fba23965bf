/* The header menu on a phone scrolls sideways under a fading right edge (static/css/site.css .main-nav).
   Chromium leaves a link that is mostly on screen where it is when the keyboard reaches it, half under
   the fade and off the screen: scroll it whole into view, clear of the edge (the menu's scroll-padding). */
(function () {
  "use strict";
  var nav = document.querySelector(".main-nav");
  if (!nav || !nav.scrollIntoView) return;
  nav.addEventListener("focusin", function (event) {
    event.target.scrollIntoView({ block: "nearest", inline: "nearest" });
  });
})();
