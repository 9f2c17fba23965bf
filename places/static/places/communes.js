/* Progressive enhancement: when a province is chosen, list its communes without a round trip of the
   form (checkout, staff correcting an order's address, the admin's producer and store editors). The
   province <select> names its commune <select> and the JSON endpoint in data attributes (places/
   views.py); the old commune is cleared, since it belongs to the old province. Without JavaScript the
   form lists the chosen province's communes after a submit. Loaded at the end of the page or in the
   admin's <head> (a widget's media), so it waits for the document.

   A province can also be set without a "change": the browser puts back what was typed when the buyer
   comes back to the page (Back from "Sửa giỏ hàng"; the checkout is no-store, so the page is loaded
   again, with the communes of the province the server saw, none), and a phone's autofill may fill it.
   So the list is also brought up to date when the page is shown, and the commune chosen is kept in the
   history entry's state (the browser cannot put back a choice that is not listed yet) to be chosen
   again once its province's list is in. */
(function () {
  if (!window.fetch) return;

  var REMEMBERED = "places.communes";

  function remembered(commune) {
    var state = window.history.state;
    var kept = state && state[REMEMBERED] && state[REMEMBERED][commune.id];
    return kept || {};
  }

  function remember(commune, province) {
    var state = Object.assign({}, window.history.state);
    state[REMEMBERED] = Object.assign({}, state[REMEMBERED]);
    state[REMEMBERED][commune.id] = { province: province.value, commune: commune.value };
    try {
      window.history.replaceState(state, "");
    } catch (error) {} // a state too large for the browser: only the restoring is lost
  }

  function followProvince(province) {
    var commune = document.getElementById(province.dataset.communeSelect);
    if (!commune) return;
    // Whose communes the list holds: the province the server rendered it for (marked `selected` in
    // the HTML), until the script lists another's.
    var served = province.querySelector("option[selected]");
    var listed = served ? served.value : "";

    function list(choose) {
      var first = commune.options[0];
      commune.innerHTML = "";
      if (first && !first.value) commune.appendChild(first);
      commune.value = "";
      listed = province.value;
      if (!province.value) return;
      var asked = province.value;
      fetch(province.dataset.communesUrl + "?province=" + encodeURIComponent(asked), {
        credentials: "same-origin",
      })
        .then(function (r) { return r.ok ? r.json() : { communes: [] }; })
        .then(function (data) {
          if (province.value !== asked) return; // the province changed again meanwhile
          data.communes.forEach(function (c) {
            var option = document.createElement("option");
            option.value = c.code;
            // The label leads with the name ("An Bình (xã)"), as the form's own options do, so that
            // typing a name picks it; `name` is what a response cached (a day) before labels said.
            option.textContent = c.label || c.name;
            commune.appendChild(option);
          });
          if (choose) commune.value = choose;
        })
        .catch(function () {});
    }

    function chosen() { // by the buyer, or an autofill that may send "input" only: a fresh list
      if (province.value === listed) return;
      list("");
      remember(commune, province);
    }

    function shown() { // a province the browser put back: its list, and the commune chosen before
      if (province.value === listed) return;
      var kept = remembered(commune);
      list(kept.province === province.value ? kept.commune : "");
    }

    province.addEventListener("change", chosen);
    province.addEventListener("input", chosen);
    commune.addEventListener("change", function () { remember(commune, province); });
    window.addEventListener("pageshow", shown);
    shown();
  }

  function start() {
    document.querySelectorAll("select[data-commune-select]").forEach(followProvince);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
