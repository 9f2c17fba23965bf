/* "Thêm vào giỏ" without leaving the page (product and gift combo pages). Without script the form posts
   and comes back to the page: a second entry in the history, so Back must be pressed twice to leave.
   Here the same form is posted with fetch, asking for JSON (storefront/cart_answers.py): the page stays,
   the message goes where messages go (a polite live region, includes/messages.html, so it is read out)
   and the header's count follows (static/js/cart-count.js). Anything else than the expected JSON (a
   refusal from another origin, the network gone) falls back to posting the form as without script. */
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
      if (type.indexOf("application/json") !== 0) throw new Error("not an answer for this script");
      return response.json();
    });
  }

  function message(text) {  // the rate limit's answer has text only
    var line = document.createElement("p");
    line.className = "message error";
    line.textContent = text;
    return line;
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
        .then(show, function () { form.submit(); })
        .finally(function () { delete form.dataset.sending; });
    });
  });
})();
