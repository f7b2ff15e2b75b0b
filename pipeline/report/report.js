/* tradefacts review page: sort, filter, and jump from a fact to its mentions.
   Everything is already rendered; this script only rearranges and highlights. */
(function () {
  "use strict";
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var dataEl = document.getElementById("tf-data");
  window.tradefacts = dataEl ? JSON.parse(dataEl.textContent) : null;

  function cellValue(row, i) {
    var c = row.cells[i];
    if (!c) return "";
    return c.hasAttribute("data-sort") ? c.getAttribute("data-sort") : c.textContent.trim();
  }

  function sortTable(table, th) {
    var col = th.cellIndex;
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    var vals = rows.map(function (r) { return cellValue(r, col); });
    var numeric = vals.every(function (v) { return v === "" || !isNaN(Number(v)); });
    var order = rows.map(function (_, i) { return i; });
    order.sort(function (a, b) {
      var x = vals[a], y = vals[b];
      if (x === y) return a - b;
      if (x === "") return 1; // empty cells last either way
      if (y === "") return -1;
      var c = numeric ? Number(x) - Number(y) : collator.compare(x, y);
      return c * dir || a - b;
    });
    var frag = document.createDocumentFragment();
    order.forEach(function (i) { frag.appendChild(rows[i]); });
    tbody.appendChild(frag);
    Array.prototype.forEach.call(th.parentNode.cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
  }

  function rowText(row) {
    if (row._tfText === undefined) {
      // a release row also matches on its facts' names (data-search)
      row._tfText = (Array.prototype.map.call(row.cells, function (c) {
        return c.textContent;
      }).join("\t") + "\t" + (row.getAttribute("data-search") || "")).toLowerCase();
    }
    return row._tfText;
  }

  function applyFilter(input) {
    var table = document.getElementById(input.getAttribute("data-for"));
    if (!table) return;
    var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var rows = table.tBodies[0].rows, shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var t = rowText(rows[i]);
      var ok = terms.every(function (w) { return t.indexOf(w) >= 0; });
      rows[i].hidden = !ok;
      if (ok) shown++;
    }
    var count = document.getElementById(table.id + "-count");
    if (count) count.textContent = terms.length ? shown + " of " + rows.length + " rows" : rows.length + " rows";
  }

  var flashTimer = null;
  function focusFact(id) {
    var marks = document.querySelectorAll('mark[data-facts~="' + CSS.escape(id) + '"]');
    document.querySelectorAll("mark.current, tr.fact.current").forEach(function (el) {
      el.classList.remove("current", "flash");
    });
    document.querySelectorAll('tr[data-fact="' + CSS.escape(id) + '"]').forEach(function (tr) {
      tr.classList.add("current");
    });
    if (!marks.length) return false;
    marks[0].scrollIntoView({ block: "center", inline: "nearest" });
    marks.forEach(function (m) {
      m.classList.add("current");
      void m.offsetWidth; // restart the animation on a repeated click
      m.classList.add("flash");
    });
    clearTimeout(flashTimer);
    flashTimer = setTimeout(function () {
      marks.forEach(function (m) { m.classList.remove("flash"); });
    }, 2500);
    return true;
  }
  window.tradefactsFocus = focusFact;

  function focusRows(mark) {
    var section = mark.closest(".release");
    document.querySelectorAll("tr.fact.current").forEach(function (el) { el.classList.remove("current"); });
    var first = null;
    mark.getAttribute("data-facts").split(" ").forEach(function (id) {
      var tr = section.querySelector('tr[data-fact="' + CSS.escape(id) + '"]');
      if (tr) { tr.classList.add("current"); first = first || tr; }
    });
    if (first) first.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("click", function (e) {
    var t = e.target;
    if (!(t instanceof Element)) return;
    var th = t.closest("table.sortable > thead th");
    if (th) { sortTable(th.closest("table"), th); return; }
    if (t.closest("a, input, label")) return;
    var mark = t.closest("mark.hl");
    if (mark) { focusRows(mark); return; }
    var fact = t.closest("[data-fact]");
    if (fact) focusFact(fact.getAttribute("data-fact"));
  });
  // Tooltips are built on first hover from the fact table (not stored on every mark).
  document.addEventListener("mouseover", function (e) {
    var mark = e.target instanceof Element ? e.target.closest("mark.hl") : null;
    if (!mark || mark.hasAttribute("title")) return;
    var section = mark.closest(".release");
    var tips = mark.getAttribute("data-facts").split(" ").map(function (id) {
      var tr = section.querySelector('tr[data-fact="' + CSS.escape(id) + '"]');
      return tr ? tr.cells[0].textContent + ": " + tr.cells[1].textContent : id;
    });
    mark.setAttribute("title", tips.join("; "));
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key === "Enter" && t instanceof Element && t.hasAttribute("data-fact")) {
      focusFact(t.getAttribute("data-fact"));
    }
  });
  // Filter boxes of server-rendered tables (a release's facts): delegated, so release
  // views loaded later work too. The corpus-wide tables filter themselves (tables.js).
  document.addEventListener("input", function (e) {
    var input = e.target;
    if (input instanceof Element && input.matches("input.filter:not([data-dtable])")) applyFilter(input);
  });
  function initFilters(root) {
    root.querySelectorAll("input.filter:not([data-dtable])").forEach(function (input) {
      var table = document.getElementById(input.getAttribute("data-for"));
      var count = table && document.getElementById(table.id + "-count");
      if (count) count.textContent = table.tBodies[0].rows.length + " rows";
      if (input.value) applyFilter(input); // a value the browser restored on reload
    });
  }
  initFilters(document);

  // Split pages: release views live in <files>/b<i>.js and are loaded when asked for.
  var DATA = window.tradefacts || {};
  var bodies = {}, current = -1;
  window.tradefactsBody = function (i, markup) { bodies[i] = markup; };
  function sectionIndex(id) {
    return ((DATA.releases || {}).section || []).indexOf(id);
  }
  function showBody(i) {
    var viewer = document.getElementById("tf-viewer");
    viewer.innerHTML = bodies[i]; // markup rendered and escaped by the report builder
    current = i;
    initFilters(viewer);
    if (window.tradefactsInitReview) window.tradefactsInitReview(viewer);
    var note = document.getElementById("tf-viewer-note");
    note.textContent = "release " + (i + 1) + " of " + DATA.releases.section.length;
    viewer.firstElementChild.scrollIntoView();
  }
  function loadBody(i) {
    if (bodies[i] !== undefined) { showBody(i); return; }
    var s = document.createElement("script");
    s.src = DATA.split + "/b" + i + ".js";
    s.onload = function () { s.remove(); if (bodies[i] !== undefined) showBody(i); };
    s.onerror = function () {
      s.remove();
      document.getElementById("tf-viewer-note").textContent =
        "cannot load " + s.src + " (keep the page and its files directory together)";
    };
    document.head.appendChild(s);
  }
  function onHash() {
    if (!DATA.split) return;
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id || (current >= 0 && DATA.releases.section[current] === id)) return;
    var i = sectionIndex(id);
    if (i >= 0) loadBody(i);
  }
  window.tradefactsShow = loadBody;
  if (DATA.split) {
    window.addEventListener("hashchange", onHash);
    onHash();
    document.addEventListener("click", function (e) {
      var b = e.target instanceof Element ? e.target.closest("button[data-nav]") : null;
      if (!b) return;
      var n = DATA.releases.section.length;
      var i = Math.max(0, Math.min(n - 1, current + Number(b.getAttribute("data-nav"))));
      location.hash = "#" + DATA.releases.section[i];
    });
  }
  document.querySelectorAll("input.type-toggle").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.getAttribute("data-type"), !box.checked);
    });
  });
})();
