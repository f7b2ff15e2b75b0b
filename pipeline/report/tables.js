/* tradefacts review page: the corpus-wide tables (releases, officials, organizations,
   timeline, failed documents), drawn from the JSON in #tf-data. A 10,000-release run has
   tens of thousands of rows, so only the first rows of the filtered, sorted order are
   in the DOM ("show more" adds more); filtering and sorting work on the arrays. */
(function () {
  "use strict";
  var DATA = window.tradefacts || {};
  var PAGE = 200;
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var anchors = {};
  var R = DATA.releases || { doc_id: [], section: [] };
  R.doc_id.forEach(function (d, i) { anchors[d] = R.section[i]; });

  // Split pages keep the corpus tables and the release filter's fact names in
  // <files>/corpus.js and search.js, loaded after the page or on the first filter.
  var loaded = {}, waiting = {};
  window.tradefactsData = function (name, value) {
    loaded[name] = value;
    (waiting[name] || []).forEach(function (cb) { cb(value); });
    waiting[name] = [];
  };
  function need(name, cb) {
    if (loaded[name] !== undefined) { cb(loaded[name]); return; }
    if (waiting[name]) { waiting[name].push(cb); return; }
    waiting[name] = [cb];
    var s = document.createElement("script");
    s.src = DATA.split + "/" + name + ".js";
    s.onload = s.onerror = function () { s.remove(); };
    document.head.appendChild(s);
  }

  var MAX_LINKS = 8, MAX_CHARS = 160; // long cells are cut (full value in the tooltip)
  function docLinks(td, value) {
    var all = Array.isArray(value) ? value : String(value || "").split("; ").filter(Boolean);
    var ids = all.slice(0, MAX_LINKS);
    if (all.length > ids.length) td.title = all.join(", ");
    ids.forEach(function (d, i) {
      if (i) td.appendChild(document.createTextNode(", "));
      var sid = anchors[d];
      if (sid === undefined) { td.appendChild(document.createTextNode(d)); return; }
      var a = document.createElement("a");
      a.href = "#" + sid;
      a.textContent = d;
      td.appendChild(a);
    });
    if (all.length > ids.length) {
      td.appendChild(document.createTextNode(" +" + (all.length - ids.length) + " more"));
    }
  }

  function Table(box, id, spec) {
    this.id = id; this.spec = spec; this.box = box;
    this.order = spec.rows.map(function (_, i) { return i; });
    this.shown = PAGE; this.sortCol = -1; this.dir = 1; this.terms = [];
    this.hay = null;
    var tools = document.createElement("div");
    tools.className = "tools";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "filter";
    input.setAttribute("data-for", id);
    input.setAttribute("data-dtable", "1");
    input.placeholder = "filter " + (spec.what || "rows") + "…";
    input.setAttribute("aria-label", input.placeholder);
    var count = document.createElement("span");
    count.className = "count";
    count.id = id + "-count";
    tools.appendChild(input);
    tools.appendChild(document.createTextNode(" "));
    tools.appendChild(count);
    var scroll = document.createElement("div");
    scroll.className = "scroll";
    var table = document.createElement("table");
    table.id = id;
    table.className = "dtable-t " + (id === "t-index" ? "index" : "");
    var thead = table.createTHead().insertRow();
    spec.columns.forEach(function (c) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = c.name;
      if (c.kind === "num" || c.kind === "score") th.className = "num";
      thead.appendChild(th);
    });
    table.appendChild(document.createElement("tbody"));
    var more = document.createElement("button");
    more.type = "button";
    more.className = "more";
    scroll.appendChild(table);
    box.appendChild(tools);
    box.appendChild(scroll);
    box.appendChild(more);
    this.input = input; this.count = count; this.table = table; this.more = more;
    var self = this;
    input.addEventListener("input", function () { self.filter(input.value); });
    thead.addEventListener("click", function (e) {
      var th = e.target instanceof Element ? e.target.closest("th") : null;
      if (th) self.sort(th.cellIndex);
    });
    more.addEventListener("click", function () { self.shown += PAGE * 5; self.render(); });
    if (input.value) this.filter(input.value); else this.render();
  }

  Table.prototype.haystack = function () {
    if (!this.hay) {
      var spec = this.spec;
      this.hay = spec.rows.map(function (row, i) {
        return (row.join("\t") + "\t" + (spec.search ? spec.search[i] : "")).toLowerCase();
      });
    }
    return this.hay;
  };

  Table.prototype.filter = function (value) {
    var self = this;
    this.terms = value.toLowerCase().split(/\s+/).filter(Boolean);
    if (this.id === "t-index" && DATA.split && !this.spec.search && this.terms.length) {
      this.count.textContent = "loading the facts to search…";
      need("search", function (search) { self.spec.search = search; self.hay = null; self.apply(); });
      return;
    }
    this.apply();
  };

  Table.prototype.apply = function () {
    var terms = this.terms, hay = terms.length ? this.haystack() : null;
    var base = this.sorted || this.spec.rows.map(function (_, i) { return i; });
    this.order = terms.length ? base.filter(function (i) {
      var t = hay[i];
      for (var k = 0; k < terms.length; k++) if (t.indexOf(terms[k]) < 0) return false;
      return true;
    }) : base;
    this.shown = PAGE;
    this.render();
  };

  Table.prototype.sort = function (col) {
    var rows = this.spec.rows, kind = this.spec.columns[col].kind;
    this.dir = this.sortCol === col ? -this.dir : 1;
    this.sortCol = col;
    var dir = this.dir, numeric = kind === "num" || kind === "score";
    var idx = rows.map(function (_, i) { return i; });
    var keys = rows.map(function (r) {
      var v = r[col];
      if (v === null || v === undefined || v === "") return null;
      return numeric ? Number(v) : String(v);
    });
    idx.sort(function (a, b) {
      var x = keys[a], y = keys[b];
      if (x === y) return a - b;
      if (x === null) return 1; // empty cells last either way
      if (y === null) return -1;
      var c = numeric ? x - y : collator.compare(x, y);
      return c * dir || a - b;
    });
    this.sorted = idx;
    Array.prototype.forEach.call(this.table.tHead.rows[0].cells, function (h, i) {
      if (i === col) h.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      else h.removeAttribute("aria-sort");
    });
    this.apply();
  };

  Table.prototype.render = function () {
    var spec = this.spec, cols = spec.columns;
    var tbody = document.createElement("tbody");
    var n = Math.min(this.shown, this.order.length);
    for (var k = 0; k < n; k++) {
      var i = this.order[k], row = spec.rows[i];
      var tr = document.createElement("tr");
      if (this.id === "t-index") tr.setAttribute("data-doc", row[1]);
      for (var c = 0; c < cols.length; c++) {
        var td = document.createElement("td"), v = row[c], kind = cols[c].kind;
        if (kind === "doc") { td.className = c === 1 ? "" : "docs"; docLinks(td, v); }
        else if (kind === "score") { td.className = "num"; td.textContent = v === null ? "–" : Number(v).toFixed(3); }
        else {
          if (kind === "num") td.className = "num";
          else if (cols[c].name === "title") td.className = "title";
          var text = v === null || v === undefined ? "" : String(v);
          if (text.length > MAX_CHARS) { td.title = text; text = text.slice(0, MAX_CHARS - 1) + "…"; }
          td.textContent = text;
        }
        tr.appendChild(td);
      }
      tbody.appendChild(tr);
    }
    this.table.replaceChild(tbody, this.table.tBodies[0]);
    var total = spec.rows.length;
    this.count.textContent = this.terms.length ? this.order.length + " of " + total + " rows" : total + " rows";
    var left = this.order.length - n;
    this.more.hidden = left <= 0;
    this.more.textContent = "show " + Math.min(left, PAGE * 5) + " more (" + left + " not shown)";
  };

  window.tradefactsTables = {};
  var later = [];
  document.querySelectorAll(".dtable[data-table]").forEach(function (box) {
    var id = box.getAttribute("data-table");
    var spec = (DATA.tables || {})[id];
    if (spec) window.tradefactsTables[id] = new Table(box, id, spec);
    else if (DATA.split) later.push([box, id]);
  });
  function loadCorpus() {
    need("corpus", function (corpus) {
      later.forEach(function (b) {
        if (corpus[b[1]]) window.tradefactsTables[b[1]] = new Table(b[0], b[1], corpus[b[1]]);
      });
    });
  }
  if (later.length) {
    if (document.readyState === "complete") loadCorpus();
    else window.addEventListener("load", loadCorpus);
  }
})();
