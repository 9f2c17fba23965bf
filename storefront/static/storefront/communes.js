/* Progressive enhancement: when a province is chosen, list its communes without a round trip of the
   form (checkout, and staff correcting an order's address in the admin). The province <select>
   names its commune <select> and the JSON endpoint in data attributes; without JavaScript the form
   lists the chosen province's communes after a submit. */
(function () {
  if (!window.fetch) return;
  document.querySelectorAll("select[data-commune-select]").forEach(function (province) {
    var commune = document.getElementById(province.dataset.communeSelect);
    if (!commune) return;
    province.addEventListener("change", function () {
      var first = commune.options[0];
      commune.innerHTML = "";
      commune.appendChild(first);
      if (!province.value) return;
      fetch(province.dataset.communesUrl + "?province=" + encodeURIComponent(province.value))
        .then(function (r) { return r.ok ? r.json() : { communes: [] }; })
        .then(function (data) {
          data.communes.forEach(function (c) {
            var option = document.createElement("option");
            option.value = c.code;
            option.textContent = c.name;
            commune.appendChild(option);
          });
        })
        .catch(function () {});
    });
  });
})();
