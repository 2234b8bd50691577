// The search in the header (overrides/partials/search.html), over the Pagefind index in pagefind/
// (finsam.site.search). Nothing of the index is fetched until the reader types: then Pagefind's
// own script loads, and each search fetches only the few index parts and results it needs.
// Keys as in Material: / or s (or f) focus the search from anywhere on the page, ↓ and ↑ move
// between the input and the results, Enter opens the first result, Escape closes the results.
// The pages for editors are left out (Pagefind's filter publik = redaktorer, set by
// finsam.site.search) unless the reader ticks the box that shows them; the results say how many
// were left out.
(function () {
  "use strict";
  var root = document.querySelector("[data-finsam-search]");
  var toggle = document.getElementById("__search");
  if (!root || !toggle) return;
  var site = new URL("../..", document.currentScript.src); // this file is assets/javascripts/search.js
  var input = root.querySelector(".md-search__input");
  var form = root.querySelector(".md-search__form");
  var status = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var editors = root.querySelector(".finsam-search-editors");
  var PAGE = 10;
  var pagefind = null;
  var latest = 0;
  var quiet = false;
  var shown = { results: [], count: 0, left: 0 };
  var FOR_READERS = { filters: { not: { publik: "redaktorer" } } };

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", site).href).then(function (module) {
        return module.options({ baseUrl: site.pathname, excerptLength: 24 }).then(function () {
          module.init();
          return module;
        });
      });
    }
    return pagefind;
  }

  function counted(count) {
    if (count === 0) return "Inga sökresultat";
    if (count === 1) return "1 sökresultat";
    return count.toLocaleString("sv-SE") + " sökresultat";
  }

  // How many results the box left out, on the pages for editors.
  function leftOut(count, total) {
    if (!count) return "";
    return (total ? ". " + count.toLocaleString("sv-SE") + " till finns" : ". " + count.toLocaleString("sv-SE") + " finns") +
      " på sidorna för redaktörer";
  }

  function search(query) {
    var ticket = ++latest;
    if (!query.trim()) {
      list.replaceChildren();
      status.textContent = root.dataset.placeholder;
      return;
    }
    status.textContent = "Söker …";
    load()
      .then(function (module) {
        return module.debouncedSearch(query, editors && editors.checked ? {} : FOR_READERS, 150);
      })
      .then(function (found) {
        if (found === null || ticket !== latest) return;
        var left = Math.max(0, (found.unfilteredResultCount || 0) - found.results.length);
        shown = { results: found.results, count: 0, left: left };
        list.replaceChildren();
        return more(ticket);
      })
      .catch(function () {
        if (ticket === latest) status.textContent = "Sökningen fungerar inte just nu. Försök igen senare.";
      });
  }

  function more(ticket) {
    var next = shown.results.slice(shown.count, shown.count + PAGE);
    return Promise.all(next.map(function (result) { return result.data(); })).then(function (pages) {
      if (ticket !== latest) return;
      pages.forEach(function (data) { list.appendChild(resultItem(data)); });
      shown.count += pages.length;
      var total = shown.results.length;
      status.textContent = counted(total) + (total > shown.count ? ", de " + shown.count + " bästa visas" : "") +
        leftOut(shown.left, total);
      var button = root.querySelector(".finsam-search-more");
      if (button) button.parentNode.remove();
      if (total > shown.count) {
        var li = document.createElement("li");
        li.className = "md-search-result__item finsam-search-more-item";
        button = document.createElement("button");
        button.type = "button";
        button.className = "md-button finsam-search-more";
        button.textContent = "Visa fler sökresultat";
        button.addEventListener("click", function () {
          var before = shown.count;
          more(latest).then(function () {
            var added = list.querySelectorAll("a")[before];
            if (added) added.focus();
          });
        });
        li.appendChild(button);
        list.appendChild(li);
      }
    });
  }

  // The section of the page where the words match best: its heading's address and its excerpt.
  function bestPart(data) {
    var best = null;
    (data.sub_results || []).forEach(function (part) {
      var hits = (part.locations || []).length;
      if (hits && (!best || hits > (best.locations || []).length)) best = part;
    });
    return best || { url: data.url, excerpt: data.excerpt, title: data.meta.title };
  }

  function resultItem(data) {
    var part = bestPart(data);
    var meta = data.meta || {};
    var title = typed(meta.title || part.title || data.url);
    var section = typed(part.title || "");
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = part.url;
    var article = document.createElement("div");
    article.className = "md-search-result__article md-typeset";
    var heading = document.createElement("p");
    heading.className = "finsam-search-title";
    heading.textContent = title;
    article.appendChild(heading);
    var context = [meta.sort, meta.forbund !== title ? meta.forbund : "", meta.year, section && section !== title ? section : ""].filter(Boolean);
    if (context.length) {
      var where = document.createElement("p");
      where.className = "finsam-search-context";
      where.textContent = context.join(" · ");
      article.appendChild(where);
    }
    var excerpt = document.createElement("p");
    excerpt.className = "finsam-search-excerpt";
    excerpt.append.apply(excerpt, marked(part.excerpt || data.excerpt || ""));
    article.appendChild(excerpt);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  // A text as the page shows it: the index reads every & of a page as the full-width ＆, since
  // Pagefind gives & back unescaped, beside < and > escaped (finsam.site.search.AMPERSAND).
  function typed(text) {
    return text.replace(/\uff06/g, "&");
  }

  // Pagefind's excerpt as text with its <mark> elements, and nothing else of its markup.
  function marked(html) {
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body;
    var nodes = [];
    parsed.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = typed(node.textContent);
        nodes.push(mark);
      } else {
        nodes.push(document.createTextNode(typed(node.textContent)));
      }
    });
    return nodes;
  }

  function open() {
    toggle.checked = true;
    input.focus();
    input.select();
  }

  function close() {
    toggle.checked = false;
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a, button"));
  }

  function typing(target) {
    return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || typing(event.target)) return;
    if (event.key === "/" || event.key === "s" || event.key === "f") {
      event.preventDefault();
      open();
    }
  });

  root.addEventListener("keydown", function (event) {
    var items = links();
    var at = items.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      quiet = true; // back to the input, which stays where it is, without opening the results again
      input.focus();
      quiet = false;
      close();
    } else if (event.key === "ArrowDown" && items.length) {
      event.preventDefault();
      toggle.checked = true;
      items[Math.min(at + 1, items.length - 1)].focus();
    } else if (event.key === "ArrowUp" && document.activeElement !== input) {
      event.preventDefault();
      (at > 0 ? items[at - 1] : input).focus();
    } else if (event.key === "Enter" && event.target === input) {
      event.preventDefault();
      if (items.length && items[0].href) items[0].click();
    }
  });

  input.addEventListener("focus", function () { if (!quiet) toggle.checked = true; });
  input.addEventListener("input", function () {
    toggle.checked = true;
    search(input.value);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { search(""); input.focus(); });
  });
  if (editors) editors.addEventListener("change", function () { search(input.value); });
  toggle.addEventListener("change", function () {
    if (toggle.checked) input.focus();
  });
  document.addEventListener("click", function (event) {
    if (!(event.target instanceof Element) || !event.target.closest("[data-finsam-open-search]")) return;
    event.preventDefault(); // a link to the search (#finsam-sok, as on the page for a missing address) opens it
    open();
  });
  // The keyboard leaves the search (Tab past its last result): it closes, so that its results and
  // the shade over the page do not cover what has the focus now (WCAG 2.4.11).
  root.addEventListener("focusout", function (event) {
    if (event.relatedTarget instanceof Node && !root.contains(event.relatedTarget)) close();
  });
  list.addEventListener("click", function (event) {
    if (event.target.closest("a")) close(); // a link to a heading on this same page
  });
})();
