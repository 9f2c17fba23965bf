/* Progressive enhancement: when a province is chosen, list its communes without a round trip of the
   form (checkout, staff correcting an order's address, the admin's producer and store editors). The
   province <select> names its commune <select> and the JSON endpoint in data attributes (places/
   views.py); the old commune is cleared, since it belongs to the old province. Without JavaScript the
   form lists the chosen province's communes after a submit. Loaded at the end of the page or in the
   admin's <head> (a widget's media), so it waits for the document. */
(function () {
  if (!window.fetch) return;

  function followProvince(province) {
    var commune = document.getElementById(province.dataset.communeSelect);
    if (!commune) return;
    province.addEventListener("change", function () {
      var first = commune.options[0];
      commune.innerHTML = "";
      if (first && !first.value) commune.appendChild(first);
      commune.value = "";
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
            option.textContent = c.name;
            commune.appendChild(option);
          });
        })
        .catch(function () {});
    });
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
