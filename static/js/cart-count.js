/* The cart count in the header comes from the cart_count cookie (set by the server whenever the cart
   changes), so that pages stay the same for every visitor and can be cached. */
(function () {
  "use strict";
  var match = document.cookie.match(/(?:^|;\s*)cart_count=(\d+)/);
  var badge = document.querySelector("[data-cart-count]");
  if (!match || !badge || match[1] === "0") return;
  badge.textContent = match[1];
  badge.setAttribute("aria-label", badge.dataset.label.replace("%s", match[1]));
  badge.hidden = false;
})();
