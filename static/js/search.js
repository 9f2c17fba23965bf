/* Autocomplete under the header search box (ARIA combobox + listbox), and on the search page the
   facets open on wide screens. No framework; without JavaScript the form simply submits. */
(function () {
  "use strict";
  var input = document.getElementById("site-search");
  var facets = document.querySelector("details.facets");
  if (facets && window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) facets.open = true;
  if (!input || !input.dataset.suggestUrl || !window.fetch) return;

  var list = document.createElement("ul");
  list.id = "site-search-suggestions";
  list.className = "suggest-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.dataset.suggestLabel || "");  // "Gợi ý tìm kiếm", from the page
  list.hidden = true;
  input.parentNode.appendChild(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  var timer = null, active = -1, items = [], controller = null, lastQuery = "";
  var price = new Intl.NumberFormat("vi-VN");
  // Read as the result cards say them, in the page's language: "OCOP 5 sao" (a screen reader reads
  // "5★" as "5 black star"), and the cheapest pack's price "từ 32.000 ₫", not the product's price.
  var ratingLabel = input.dataset.ratingLabel || "OCOP {stars} sao";
  var fromLabel = input.dataset.fromLabel || "từ";
  // Titles and producers are written in Vietnamese: on a page in another language the box says so
  // ({% content_language %}, as the result cards' lang="vi"), and they are marked for a screen reader.
  var contentLanguage = input.dataset.contentLang || "";

  function content(text) {
    var span = document.createElement("span");
    span.textContent = text;
    if (contentLanguage) span.lang = contentLanguage;
    return span;
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    var nodes = list.children;
    for (var i = 0; i < nodes.length; i++) nodes[i].setAttribute("aria-selected", i === index ? "true" : "false");
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", nodes[index].id);
      nodes[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function render(suggestions) {
    items = suggestions;
    list.textContent = "";
    suggestions.forEach(function (s, i) {
      var li = document.createElement("li");
      li.id = "site-search-option-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.appendChild(content(s.title));
      var small = document.createElement("small");
      if (s.producer) small.appendChild(content(s.producer));
      var facts = [
        s.stars ? ratingLabel.replace("{stars}", s.stars) : "",
        s.min_price ? fromLabel + " " + price.format(s.min_price) + "\u00a0₫" : ""
      ]
        .filter(Boolean)
        .join(" · ");
      if (facts) small.appendChild(document.createTextNode((s.producer ? " · " : "") + facts));
      li.appendChild(small);
      li.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep focus; follow the link
        window.location.href = s.url;
      });
      list.appendChild(li);
    });
    if (suggestions.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(-1);
    } else {
      close();
    }
  }

  function fetchSuggestions() {
    var query = input.value.trim();
    if (query === lastQuery) return;
    lastQuery = query;
    if (query.length < 2) return render([]);
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    var url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(query);
    // A page shown in English by ?lang=en keeps it: its form says so, and the links suggested keep it too.
    var language = input.form && input.form.elements.namedItem("lang");
    if (language && language.value) url += "&lang=" + encodeURIComponent(language.value);
    fetch(url, { headers: { Accept: "application/json" }, signal: controller && controller.signal })
      .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (data) { if (input.value.trim() === query) render(data.suggestions || []); })
      .catch(function () { /* offline or aborted: the form still submits */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 180);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight(active + 1 >= items.length ? 0 : active + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = items[active].url;
    } else if (event.key === "Escape") {
      // Closes the list and keeps the words (the ARIA combobox pattern): without preventDefault the
      // browser's own Escape would empty the search box too. With the list closed it still does.
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 100); });
})();
