/* "Thêm vào giỏ" without leaving the page (product and gift combo pages). Without script the form posts
   and comes back to the page: a second entry in the history, so Back must be pressed twice to leave.
   Here the same form is posted with fetch, asking for JSON (storefront/cart_answers.py): the page stays,
   the message goes where messages go (a polite live region, includes/messages.html, so it is read out)
   and the header's count follows (static/js/cart-count.js). The form is never posted a second time: the
   first request may have reached the server and added the item (an answer lost on a rural connection),
   so another answer is said on the page with a link to the cart (the form's data-* attributes,
   catalogue/includes/add_to_cart_failures.html): an error page by its status, no answer at all as an
   add that may or may not have happened. Only a browser without fetch posts the form, as without script. */
(function () {
  "use strict";
  var region = document.querySelector("[data-messages]");
  if (!region || !window.fetch || !window.URLSearchParams) return;

  function send(form) {
    return fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") !== 0) {
        // An error page (a 503 while the database is down, a 500): most likely not added, and the cart
        // is a tap away to be sure. A page with a success status (a proxy's) says nothing either way.
        return response.ok ? unsure(form) : failed(form, response.status);
      }
      return response.json().then(function (answer) {
        if (response.ok || answer.error || answer.message) show(answer);
        else failed(form, response.status);
      }, function () { unsure(form); });  // cut off while it was read
    }, function () { unsure(form); });  // no answer: the request may have reached the server
  }

  function message(text) {  // the rate limit's answer has text only
    var line = document.createElement("p");
    line.className = "message error";
    line.textContent = text;
    return line;
  }

  function withCartLink(line, form) {
    var link = document.createElement("a");
    link.className = "message-action";
    link.href = form.dataset.cart;
    link.textContent = form.dataset.cartLabel;
    line.append(" ", link);
    return line;
  }

  function failed(form, status) {
    region.replaceChildren(withCartLink(message(form.dataset.failed.replace("{status}", status)), form));
    bringIntoView();
  }

  function unsure(form) {
    region.replaceChildren(withCartLink(message(form.dataset.unsure), form));
    bringIntoView();
  }

  function bringIntoView() {
    // As after the form's own round trip, which lands at the top: the message shows under the sticky header.
    var header = document.querySelector(".site-header");
    var hidden = region.getBoundingClientRect().top - (header ? header.offsetHeight : 0);
    if (hidden < 0) window.scrollBy(0, hidden);
  }

  function show(answer) {
    if (answer.html) region.innerHTML = answer.html;  // rendered and escaped by the server
    else region.replaceChildren(message(answer.error || answer.message || ""));
    if (typeof answer.cart_count === "number") {
      document.dispatchEvent(new CustomEvent("cart:count", { detail: answer.cart_count }));
    }
    bringIntoView();
  }

  document.querySelectorAll("form.add-to-cart").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      // Not `disabled`: that would take the focus off the button a keyboard or screen reader is on.
      if (form.dataset.sending) return;
      form.dataset.sending = "1";
      send(form)
        .finally(function () { delete form.dataset.sending; });
    });
  });
})();
