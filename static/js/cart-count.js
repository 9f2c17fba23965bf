/* The cart count in the header comes from the cart_count cookie (set by the server whenever the cart
   changes), so that pages stay the same for every visitor and can be cached. A page that changes the
   cart without being left (static/js/add-to-cart.js) tells the new count with a "cart:count" event. */
(function () {
  "use strict";
  var badge = document.querySelector("[data-cart-count]");
  if (!badge) return;

  function show(count) {
    count = String(count);
    badge.hidden = count === "0";
    if (badge.hidden) return;
    badge.textContent = count;
    badge.setAttribute("aria-label", badge.dataset.label.replace("%s", count));
  }

  var match = document.cookie.match(/(?:^|;\s*)cart_count=(\d+)/);
  if (match) show(match[1]);
  document.addEventListener("cart:count", function (event) { show(event.detail); });
})();
