/* The cart count in the header comes from the cart_count cookie (set by the server whenever the cart
   changes), so that pages stay the same for every visitor and can be cached. A page that changes the
   cart without being left (static/js/add-to-cart.js) tells the new count with a "cart:count" event.
   The badge is for the eye; the link's name, for a screen reader, says it in words ("Giỏ hàng, 1 sản
   phẩm", "Cart, 2 items"): the page carries the phrase's forms for 1 and for more (English's and
   Vietnamese's only plural forms), with "%(count)s" where the number goes. */
(function () {
  "use strict";
  var badge = document.querySelector("[data-cart-count]");
  var name = document.querySelector("[data-cart-name]");
  if (!badge || !name) return;
  var nameWithout = name.textContent;

  function show(count) {
    count = String(count);
    badge.hidden = count === "0";
    badge.textContent = badge.hidden ? "" : count;
    var phrase = count === "1" ? name.dataset.one : name.dataset.other;
    name.textContent = badge.hidden ? nameWithout : phrase.replace("%(count)s", count);
  }

  var match = document.cookie.match(/(?:^|;\s*)cart_count=(\d+)/);
  if (match) show(match[1]);
  document.addEventListener("cart:count", function (event) { show(event.detail); });
})();
