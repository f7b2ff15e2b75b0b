/* tradefacts review page: charts as inline SVG from the counts in #tf-data (no library,
   no network). Every label enters the SVG as text content, never markup. */
(function () {
  "use strict";
  var DATA = window.tradefacts || {};
  var C = DATA.charts;
  var box = document.getElementById("tf-chart-box");
  if (!C || !box) return;
  var NS = "http://www.w3.org/2000/svg";
  var LABELS = {
    officials: "official", organizations: "organization", locations: "location",
    countries: "country", dates: "date", working_groups: "working group",
    dialogues: "dialogue", events: "event", agreements: "agreement"
  };

  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function figure(title, svg, id) {
    var fig = document.createElement("figure");
    fig.className = "chart";
    if (id) fig.id = id;
    var cap = document.createElement("figcaption");
    cap.textContent = title;
    fig.appendChild(cap);
    fig.appendChild(svg);
    box.appendChild(fig);
  }
  function empty(title, id) {
    var svg = el("svg", { width: 300, height: 24, role: "img" });
    svg.appendChild(el("text", { x: 0, y: 16, "class": "muted" }, "nothing to show"));
    figure(title, svg, id);
  }

  /* Horizontal bars: [[label, value], ...]; cls(label) gives a bar's class. */
  function bars(title, pairs, id, cls) {
    if (!pairs.length) return empty(title, id);
    var max = Math.max.apply(null, pairs.map(function (p) { return p[1]; })) || 1;
    var lw = 190, bw = 220, h = 18;
    var svg = el("svg", { width: lw + bw + 60, height: pairs.length * h + 4, role: "img",
      "aria-label": title });
    pairs.forEach(function (p, i) {
      var y = i * h + 2, w = Math.max(1, Math.round(bw * p[1] / max));
      var g = el("g", { "class": "bar-row" });
      var name = String(p[0]);
      g.appendChild(el("title", {}, name + ": " + p[1]));
      g.appendChild(el("text", { x: lw - 6, y: y + 12, "text-anchor": "end" },
        name.length > 30 ? name.slice(0, 29) + "…" : name));
      g.appendChild(el("rect", { x: lw, y: y + 2, width: w, height: h - 5,
        "class": "bar " + (cls ? cls(p[0]) : "") }));
      g.appendChild(el("text", { x: lw + w + 4, y: y + 12, "class": "value" }, String(p[1])));
      svg.appendChild(g);
    });
    figure(title, svg, id);
  }

  function months(title, rows, id) {
    if (!rows.length) return empty(title, id);
    var series = [["events", "t-events"], ["agreements", "t-agreements"], ["dated facts", "t-dates"]];
    var totals = rows.map(function (r) { return r[1] + r[2] + r[3]; });
    var max = Math.max.apply(null, totals) || 1;
    var cw = Math.max(4, Math.min(24, Math.floor(900 / rows.length))), ch = 140, left = 34;
    var svg = el("svg", { width: left + rows.length * cw + 10, height: ch + 48, role: "img",
      "aria-label": title });
    svg.appendChild(el("text", { x: left - 4, y: 10, "text-anchor": "end", "class": "value" }, String(max)));
    svg.appendChild(el("line", { x1: left, y1: ch, x2: left + rows.length * cw, y2: ch, "class": "axis" }));
    var every = Math.max(Math.ceil(rows.length / 12), Math.ceil(50 / cw)); // labels never overlap
    rows.forEach(function (r, i) {
      var x = left + i * cw, y = ch;
      var g = el("g", { "class": "month" });
      g.appendChild(el("title", {}, r[0] + ": " + r[1] + " events, " + r[2] + " agreements, " + r[3] + " dated facts"));
      series.forEach(function (s, k) {
        var hgt = Math.round(ch * r[k + 1] / max);
        if (!hgt) return;
        y -= hgt;
        g.appendChild(el("rect", { x: x + 1, y: y, width: cw - 2, height: hgt, "class": "bar " + s[1] }));
      });
      if (i % every === 0) {
        g.appendChild(el("text", { x: x + 1, y: ch + 14, "class": "tick" }, r[0]));
      }
      svg.appendChild(g);
    });
    series.forEach(function (s, k) {
      svg.appendChild(el("rect", { x: left + k * 120, y: ch + 28, width: 10, height: 10, "class": "bar " + s[1] }));
      svg.appendChild(el("text", { x: left + k * 120 + 14, y: ch + 37 }, s[0]));
    });
    figure(title, svg, id);
  }

  function heatmap(title, co, id) {
    var names = co.countries, m = co.matrix;
    if (names.length < 2) return empty(title, id);
    var cell = 30, left = 40, top = 24, max = 1;
    m.forEach(function (row, i) { row.forEach(function (v, j) { if (i !== j) max = Math.max(max, v); }); });
    var svg = el("svg", { width: left + names.length * cell + 4, height: top + names.length * cell + 4,
      role: "img", "aria-label": title });
    names.forEach(function (n, i) {
      svg.appendChild(el("text", { x: left + i * cell + cell / 2, y: top - 6, "text-anchor": "middle" }, n));
      svg.appendChild(el("text", { x: left - 6, y: top + i * cell + cell / 2 + 4, "text-anchor": "end" }, n));
      m[i].forEach(function (v, j) {
        var g = el("g", {});
        g.appendChild(el("title", {}, i === j ? n + ": " + v + " releases"
          : names[i] + " + " + names[j] + ": " + v + " releases"));
        var a = i === j ? 0 : v / max;
        g.appendChild(el("rect", { x: left + j * cell, y: top + i * cell, width: cell - 1, height: cell - 1,
          "class": i === j ? "diag" : "heat", "fill-opacity": i === j ? 1 : (0.08 + 0.92 * a).toFixed(2) }));
        g.appendChild(el("text", { x: left + j * cell + cell / 2, y: top + i * cell + cell / 2 + 4,
          "text-anchor": "middle", "class": "cell" }, String(v)));
        svg.appendChild(g);
      });
    });
    figure(title, svg, id);
  }

  months("Events, agreements and dated facts by month", C.months, "chart-months");
  bars("Facts per type", C.types.map(function (t) { return [LABELS[t[0]] || t[0], t[1], t[0]]; }),
    "chart-types", function (label) {
      var t = C.types.filter(function (x) { return (LABELS[x[0]] || x[0]) === label; })[0];
      return t ? "t-" + t[0] : "";
    });
  bars("Facts per source rule (top " + C.sources.length + ")", C.sources, "chart-sources");
  bars("Officials named in most releases", C.top_officials, "chart-officials",
    function () { return "t-officials"; });
  bars("Organizations named in most releases", C.top_organizations, "chart-organizations",
    function () { return "t-organizations"; });
  bars("Countries named in most releases", C.top_countries, "chart-countries",
    function () { return "t-countries"; });
  heatmap("Countries named together (releases)", C.cooccurrence, "chart-cooccurrence");
})();
