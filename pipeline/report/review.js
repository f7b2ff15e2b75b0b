/* tradefacts review page: decisions on facts (accept, reject, edit, add from a text
   selection, merge), kept in this browser's localStorage under the release's doc id and
   text_sha256, and exported as one JSON file that `tradefacts gold import` turns into
   gold. Decisions made on another text of a release (its sha256 changed) are stale:
   they are announced and never applied. All data enters the DOM as text, never markup. */
(function () {
  "use strict";
  var PREFIX = "tf-review:";
  var DATA = window.tradefacts || {};
  var FIELDS = DATA.fields || {};
  var LIST_FIELDS = { aliases: 1, countries: 1, participants: 1, parties: 1 };
  var ENUMS = {
    organizations: { type: ["government", "company", "association", "international", "academic", "other"] },
    locations: { type: ["state", "city", "region", "site", "other"] },
    dates: { granularity: ["day", "month", "quarter", "year", "season", "decade"] }
  };
  var TYPE_LABELS = {
    officials: "official", organizations: "organization", locations: "location",
    countries: "country", dates: "date", working_groups: "working group",
    dialogues: "dialogue", events: "event", agreements: "agreement"
  };
  var pendingMerge = null; // {sec, key}

  function storageKey(doc, sha) { return PREFIX + doc + "@" + sha; }
  function store() { try { return window.localStorage; } catch (e) { return null; } }

  function label(type, f) {
    if (type === "dates") return String(f.value || f.text || "");
    if (type === "countries") return String(f.code || f.name || "");
    if (type === "agreements" && !f.name) {
      var p = (f.parties || []).join("; ");
      var k = f.kind || "agreement";
      return p ? k + ": " + p : k;
    }
    return String(f.name || "");
  }
  function labelKey(type) { return type === "dates" ? "value" : type === "countries" ? "code" : "name"; }

  // -- state ------------------------------------------------------------------------

  function stateOf(sec) {
    if (sec._tf) return sec._tf;
    var rev = JSON.parse(sec.getAttribute("data-review"));
    var st = null, ls = store();
    var key = storageKey(rev.doc_id, rev.text_sha256);
    if (ls) { try { st = JSON.parse(ls.getItem(key) || "null"); } catch (e) { st = null; } }
    if (!st || st.text_sha256 !== rev.text_sha256 || typeof st.decisions !== "object" ||
        !Array.isArray(st.added)) {
      st = { doc_id: rev.doc_id, text_sha256: rev.text_sha256, decisions: {}, added: [] };
    }
    // the snapshot travels with the decisions, so export needs no release loaded
    st.published = rev.published; st.title = rev.title; st.facts = rev.facts;
    var stale = 0;
    if (ls) {
      var p = PREFIX + rev.doc_id + "@";
      for (var i = 0; i < ls.length; i++) {
        var k = ls.key(i);
        if (k && k.indexOf(p) === 0 && k !== key && /^[0-9a-f]{64}$/.test(k.slice(p.length))) stale++;
      }
    }
    sec._tf = { rev: rev, st: st, key: key, stale: stale };
    return sec._tf;
  }

  function isEmpty(st) {
    return !Object.keys(st.decisions).length && !st.added.some(function (a) { return a; });
  }

  function save(sec) {
    var s = stateOf(sec), ls = store();
    s.st.updated = new Date().toISOString();
    if (ls) {
      if (isEmpty(s.st)) ls.removeItem(s.key);
      else ls.setItem(s.key, JSON.stringify(s.st));
    }
    paint(sec);
    updateCount();
  }

  function factKey(row) {
    var m = /-([a-z_]+)-(\d+)$/.exec(row.getAttribute("data-fact") || "");
    if (!m) return null;
    return row.classList.contains("added") ? "added/" + m[2] : m[1] + "/" + m[2];
  }
  function keyType(sec, key) {
    var parts = key.split("/");
    if (parts[0] !== "added") return parts[0];
    var a = stateOf(sec).st.added[Number(parts[1])];
    return a ? a.type : null;
  }
  function original(sec, key) {
    var parts = key.split("/"), s = stateOf(sec);
    if (parts[0] === "added") { var a = s.st.added[Number(parts[1])]; return a ? a.fields : {}; }
    return (s.rev.facts[parts[0]] || [])[Number(parts[1])] || {};
  }
  function current(sec, key) {
    var d = stateOf(sec).st.decisions[key];
    return d && d.fields ? d.fields : original(sec, key);
  }

  // -- painting ---------------------------------------------------------------------

  function attrsInto(td, type, f) {
    td.textContent = "";
    (FIELDS[type] || []).forEach(function (name) {
      var v = f[name];
      if (name === labelKey(type) || v === null || v === undefined || v === "" ||
          (Array.isArray(v) && !v.length)) return;
      var span = document.createElement("span");
      span.className = "attr";
      var i = document.createElement("i");
      i.textContent = name;
      span.appendChild(i);
      span.appendChild(document.createTextNode(" " + (Array.isArray(v) ? v.join("; ") : v)));
      td.appendChild(span);
      td.appendChild(document.createTextNode(" "));
    });
  }

  var cellTemplate = null;
  function reviewCell() {
    if (!cellTemplate) cellTemplate = makeReviewCell();
    return cellTemplate.cloneNode(true);
  }
  function makeReviewCell() {
    var td = document.createElement("td");
    td.className = "review";
    [["accept", "✓", "accept (a)"], ["reject", "✗", "reject (r)"], ["edit", "edit", "edit fields (e)"],
     ["merge", "merge", "merge with another fact of this type (m)"], ["undo", "↺", "clear the decision (u)"]]
      .forEach(function (b) {
        var btn = document.createElement("button");
        btn.type = "button";
        btn.setAttribute("data-act", b[0]);
        btn.textContent = b[1];
        btn.title = b[2];
        td.appendChild(btn);
      });
    return td;
  }

  /* Wrap text offsets [start, end) of a text box in marks (one per text node touched). */
  function wrapOffsets(div, start, end, type, fid) {
    var walker = document.createTreeWalker(div, NodeFilter.SHOW_TEXT), node, pos = 0, hits = [];
    while ((node = walker.nextNode())) {
      var len = node.data.length;
      if (pos + len > start && pos < end) hits.push([node, Math.max(0, start - pos), Math.min(len, end - pos)]);
      pos += len;
      if (pos >= end) break;
    }
    hits.forEach(function (h) {
      var n = h[0];
      if (h[2] < n.data.length) n.splitText(h[2]);
      if (h[1] > 0) n = n.splitText(h[1]);
      var mark = document.createElement("mark");
      mark.className = "hl added t-" + type;
      mark.setAttribute("data-facts", fid);
      n.parentNode.insertBefore(mark, n);
      mark.appendChild(n);
    });
  }

  function addedRow(sec, n, a) {
    var table = sec.querySelector("table.facts");
    var fid = sec.id + "-added-" + n;
    var tr = document.createElement("tr");
    tr.className = "fact added t-" + a.type;
    tr.setAttribute("data-fact", fid);
    tr.tabIndex = 0;
    var ncols = table.tHead.rows[0].cells.length;
    for (var i = 0; i < ncols - 1; i++) tr.appendChild(document.createElement("td"));
    tr.appendChild(reviewCell());
    var sw = document.createElement("span");
    sw.className = "sw t-" + a.type;
    tr.cells[0].className = "type";
    tr.cells[0].appendChild(sw);
    tr.cells[0].appendChild(document.createTextNode(TYPE_LABELS[a.type] || a.type));
    tr.cells[1].className = "label";
    tr.cells[2].className = "attrs";
    tr.cells[3].className = "num"; tr.cells[3].textContent = "1";
    tr.cells[4].className = "num"; tr.cells[4].textContent = String(a.start);
    if (ncols > 6) { tr.cells[5].className = "status"; tr.cells[5].textContent = "added"; }
    table.tBodies[0].insertBefore(tr, table.tBodies[0].firstChild);
    var div = sec.querySelector(".text:not(.missing)");
    if (div) wrapOffsets(div, a.start, a.end, a.type, fid);
    return tr;
  }

  function paint(sec) {
    var s = stateOf(sec), st = s.st;
    st.added.forEach(function (a, n) {
      var row = sec.querySelector('tr.added[data-fact="' + CSS.escape(sec.id + "-added-" + n) + '"]');
      if (!a) {
        if (row) row.remove();
        sec.querySelectorAll('mark.added[data-facts="' + CSS.escape(sec.id + "-added-" + n) + '"]')
          .forEach(function (m) { m.replaceWith(document.createTextNode(m.textContent)); });
        return;
      }
      if (!row) addedRow(sec, n, a);
    });
    var counts = { accepted: 0, rejected: 0, edited: 0, merged: 0, added: 0, pending: 0 };
    sec.querySelectorAll("table.facts tr.fact[data-fact]").forEach(function (row) {
      var key = factKey(row);
      if (!key) return;
      var type = keyType(sec, key);
      var d = st.decisions[key];
      var status = key.indexOf("added/") === 0 ? (d && d.status === "rejected" ? "rejected" : "added")
        : d ? d.status : "pending";
      counts[status] = (counts[status] || 0) + 1;
      ["accepted", "rejected", "edited", "merged", "added", "pending"].forEach(function (c) {
        row.classList.toggle("rv-" + c, c === status);
      });
      var f = current(sec, key);
      var lab = label(type, f);
      if (d && d.status === "merged") {
        var into = current(sec, d.into);
        lab += " → same as " + label(keyType(sec, d.into), into);
      }
      if (row.cells[1].textContent !== lab) row.cells[1].textContent = lab;
      if ((d && d.fields) || key.indexOf("added/") === 0) attrsInto(row.cells[2], type, f);
      row.setAttribute("data-status", status);
    });
    var parts = [];
    Object.keys(counts).forEach(function (c) {
      if (counts[c]) parts.push(counts[c] + " " + (c === "pending" ? "to decide" : c));
    });
    var line = sec.querySelector(".review-status");
    if (line) {
      line.textContent = parts.join(" · ") + (s.stale ? " · " + s.stale +
        " stale review(s) of an earlier text of this release: not applied" : "");
      line.classList.toggle("stale", !!s.stale);
    }
  }

  // -- actions ----------------------------------------------------------------------

  function decide(sec, key, status) {
    var st = stateOf(sec).st;
    var d = st.decisions[key];
    if (status === "accepted" && d && d.fields) status = "edited";
    if (key.indexOf("added/") === 0 && status === "accepted") { delete st.decisions[key]; return; }
    st.decisions[key] = status === "edited" ? d : { status: status };
  }

  function closeEditors(sec) { sec.querySelectorAll("tr.editor").forEach(function (r) { r.remove(); }); }

  function openEditor(sec, row) {
    closeEditors(sec);
    var key = factKey(row), type = keyType(sec, key), f = current(sec, key);
    var tr = document.createElement("tr");
    tr.className = "editor";
    var td = document.createElement("td");
    td.colSpan = row.cells.length;
    var form = document.createElement("form");
    form.className = "edit-form";
    (FIELDS[type] || []).forEach(function (name) {
      var lab = document.createElement("label");
      lab.appendChild(document.createTextNode(name + " "));
      var v = f[name];
      var input;
      var choices = (ENUMS[type] || {})[name];
      if (choices) {
        input = document.createElement("select");
        var have = v === null || v === undefined ? "" : String(v);
        var options = [""].concat(choices);
        if (options.indexOf(have) < 0) options.push(have); // keep a value outside the list
        options.forEach(function (c) {
          var o = document.createElement("option");
          o.value = c; o.textContent = c || "(none)";
          input.appendChild(o);
        });
      } else {
        input = document.createElement("input");
        input.type = "text";
      }
      input.name = name;
      input.value = v === null || v === undefined ? "" : Array.isArray(v) ? v.join("; ") : String(v);
      lab.appendChild(input);
      form.appendChild(lab);
    });
    var ok = document.createElement("button");
    ok.type = "submit"; ok.textContent = "save"; ok.setAttribute("data-act", "save");
    var cancel = document.createElement("button");
    cancel.type = "button"; cancel.textContent = "cancel"; cancel.setAttribute("data-act", "cancel");
    form.appendChild(ok); form.appendChild(cancel);
    form.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); tr.remove(); row.focus(); }
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var out = {};
      (FIELDS[type] || []).forEach(function (name) {
        var raw = form.elements[name].value.trim();
        if (LIST_FIELDS[name]) out[name] = raw ? raw.split(";").map(function (x) { return x.trim(); }).filter(Boolean) : [];
        else out[name] = raw === "" ? null : raw;
      });
      var st = stateOf(sec).st;
      if (key.indexOf("added/") === 0) st.added[Number(key.split("/")[1])].fields = out;
      else st.decisions[key] = { status: "edited", fields: out };
      tr.remove();
      save(sec);
      row.focus();
    });
    td.appendChild(form);
    tr.appendChild(td);
    row.parentNode.insertBefore(tr, row.nextSibling);
    var first = form.querySelector("input, select");
    if (first) first.focus();
  }

  function selectionOffsets(div, range) {
    var pre = document.createRange();
    pre.selectNodeContents(div);
    pre.setEnd(range.startContainer, range.startOffset);
    var start = pre.toString().length;
    var text = range.toString();
    var end = start + text.length;
    while (start < end && /\s/.test(text.charAt(0))) { start++; text = text.slice(1); }
    while (end > start && /\s/.test(text.charAt(text.length - 1))) { end--; text = text.slice(0, -1); }
    return start < end ? { start: start, end: end, text: text } : null;
  }

  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    if (!sel || !sel.rangeCount || sel.isCollapsed) return;
    var range = sel.getRangeAt(0);
    var el = range.commonAncestorContainer;
    if (el.nodeType !== 1) el = el.parentNode;
    var div = el && el.closest ? el.closest(".text") : null;
    if (!div || div.classList.contains("missing")) return;
    var sec = div.closest(".release");
    sec._tfSel = selectionOffsets(div, range);
  });

  function addFromSelection(sec) {
    var sel = sec._tfSel;
    var status = sec.querySelector(".review-status");
    if (!sel) { if (status) status.textContent = "select text in this release first"; return; }
    var div = sec.querySelector(".text:not(.missing)");
    if (div.textContent.slice(sel.start, sel.end) !== sel.text) return;
    var type = sec.querySelector("select.add-type").value;
    var fields = {};
    (FIELDS[type] || []).forEach(function (n) { fields[n] = LIST_FIELDS[n] ? [] : null; });
    if (type === "dates") fields.text = sel.text;
    else if (type === "countries") fields.name = sel.text;
    else fields.name = sel.text;
    var st = stateOf(sec).st;
    st.added.push({ type: type, start: sel.start, end: sel.end, text: sel.text, fields: fields });
    sec._tfSel = null;
    save(sec);
    var row = sec.querySelector('tr[data-fact="' + CSS.escape(sec.id + "-added-" + (st.added.length - 1)) + '"]');
    if (row) openEditor(sec, row);
  }

  function merge(sec, key, row) {
    var status = sec.querySelector(".review-status");
    if (!pendingMerge || pendingMerge.sec !== sec) {
      document.querySelectorAll("tr.merge-source").forEach(function (r) { r.classList.remove("merge-source"); });
      pendingMerge = { sec: sec, key: key };
      row.classList.add("merge-source");
      if (status) status.textContent = "merge: now pick the fact this one is the same as";
      return;
    }
    var src = pendingMerge.key;
    pendingMerge = null;
    sec.querySelectorAll("tr.merge-source").forEach(function (r) { r.classList.remove("merge-source"); });
    if (src === key) { paint(sec); return; }
    if (keyType(sec, src) !== keyType(sec, key)) {
      paint(sec);
      if (status) status.textContent = "only facts of the same type can be merged";
      return;
    }
    var st = stateOf(sec).st;
    var target = st.decisions[key];
    if (target && target.status === "merged") key = target.into; // merge into the survivor
    st.decisions[src] = { status: "merged", into: key };
    save(sec);
  }

  function act(sec, row, what) {
    var key = row ? factKey(row) : null;
    var st = stateOf(sec).st;
    if (what === "add") return addFromSelection(sec);
    if (what === "accept-rest") {
      sec.querySelectorAll("table.facts tr.fact[data-fact]").forEach(function (r) {
        var k = factKey(r);
        if (k && k.indexOf("added/") !== 0 && !st.decisions[k]) st.decisions[k] = { status: "accepted" };
      });
      return save(sec);
    }
    if (!key) return;
    if (what === "accept") { decide(sec, key, "accepted"); save(sec); return next(row, 1); }
    if (what === "reject") { decide(sec, key, "rejected"); save(sec); return next(row, 1); }
    if (what === "edit") return openEditor(sec, row);
    if (what === "merge") return merge(sec, key, row);
    if (what === "undo") {
      if (key.indexOf("added/") === 0) st.added[Number(key.split("/")[1])] = null;
      delete st.decisions[key];
      Object.keys(st.decisions).forEach(function (k) {
        if (st.decisions[k].into === key) delete st.decisions[k];
      });
      return save(sec);
    }
  }

  function next(row, dir) {
    var rows = Array.prototype.filter.call(
      document.querySelectorAll("table.facts tr.fact[data-fact]"),
      function (r) { return !r.hidden; });
    var i = rows.indexOf(row);
    var to = rows[i + dir];
    if (!to) return;
    to.focus({ preventScroll: true });
    to.scrollIntoView({ block: "nearest" });
    document.querySelectorAll("tr.fact.current").forEach(function (r) { r.classList.remove("current"); });
    to.classList.add("current");
  }

  document.addEventListener("click", function (e) {
    var t = e.target;
    if (!(t instanceof Element)) return;
    var btn = t.closest("button[data-act]");
    if (!btn) return;
    var sec = btn.closest("section.release");
    if (btn.getAttribute("data-act") === "cancel") { btn.closest("tr.editor").remove(); return; }
    if (!sec || btn.getAttribute("data-act") === "save") return;
    e.stopPropagation();
    act(sec, btn.closest("tr.fact"), btn.getAttribute("data-act"));
  }, true);

  var KEYS = { a: "accept", r: "reject", e: "edit", m: "merge", u: "undo" };
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t instanceof Element && t.closest("input, select, textarea, form")) return;
    var row = t instanceof Element ? t.closest("tr.fact[data-fact]") : null;
    row = row || document.querySelector("tr.fact.current[data-fact]");
    if (!row) return;
    var key = e.key.toLowerCase();
    if (key === "j" || key === "arrowdown") { e.preventDefault(); return next(row, 1); }
    if (key === "k" || key === "arrowup") { e.preventDefault(); return next(row, -1); }
    if (KEYS[key]) { e.preventDefault(); act(row.closest("section.release"), row, KEYS[key]); }
  });

  // -- export -----------------------------------------------------------------------

  function reviewed() {
    var ls = store(), out = [];
    var shas = {};
    var R = DATA.releases || { doc_id: [] };
    R.doc_id.forEach(function (d, i) { shas[d] = R.text_sha256[i]; });
    if (!ls) return out;
    for (var i = 0; i < ls.length; i++) {
      var k = ls.key(i);
      if (!k || k.indexOf(PREFIX) !== 0) continue;
      var st;
      try { st = JSON.parse(ls.getItem(k)); } catch (e) { continue; }
      if (!st || typeof st.decisions !== "object" || !Array.isArray(st.added)) continue;
      if (shas[st.doc_id] !== st.text_sha256 || isEmpty(st)) continue; // other page, or stale
      out.push(st);
    }
    out.sort(function (a, b) { return a.doc_id < b.doc_id ? -1 : a.doc_id > b.doc_id ? 1 : 0; });
    return out;
  }

  function exportFile() {
    var releases = reviewed().map(function (st) {
      var facts = {};
      Object.keys(st.facts || {}).forEach(function (type) {
        facts[type] = st.facts[type].map(function (f, i) {
          var d = st.decisions[type + "/" + i];
          var entry = { index: i, decision: d ? d.status : "pending", fields: d && d.fields ? d.fields : f };
          if (d && d.status === "merged") entry.into = d.into;
          return entry;
        });
      });
      var added = [];
      st.added.forEach(function (a, n) {
        if (!a) return;
        var d = st.decisions["added/" + n];
        added.push({ id: "added/" + n, decision: d && d.status === "rejected" ? "rejected" : d && d.status === "merged" ? "merged" : "added",
          into: d && d.into, type: a.type, start: a.start, end: a.end, text: a.text, fields: a.fields });
      });
      return { doc_id: st.doc_id, text_sha256: st.text_sha256, published: st.published,
        title: st.title, updated: st.updated, facts: facts, added: added };
    });
    var doc = { format: "tradefacts-review", version: 1, tradefacts: DATA.tradefacts,
      exported: new Date().toISOString(), releases: releases };
    var blob = new Blob([JSON.stringify(doc, null, 1)], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "tradefacts-review.json";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    return releases.length;
  }
  window.tradefactsReviewed = reviewed;

  function updateCount() {
    var el = document.getElementById("tf-review-count");
    if (el) el.textContent = reviewed().length + " release(s) reviewed in this browser";
  }

  function init(root) {
    root.querySelectorAll("section.release[data-review]").forEach(function (sec) {
      if (sec._tfPainted) return;
      sec._tfPainted = true;
      sec.querySelectorAll("tr.fact[data-fact] > td.review:empty").forEach(function (td) {
        td.parentNode.replaceChild(reviewCell(), td);
      });
      var s = stateOf(sec);
      if (isEmpty(s.st) && !s.stale) { // nothing decided yet: only the status line
        var line = sec.querySelector(".review-status");
        var n = sec.querySelectorAll("table.facts tr.fact[data-fact]").length;
        if (line) line.textContent = n + " to decide";
        return;
      }
      paint(sec);
    });
  }
  window.tradefactsInitReview = init;
  var exp = document.getElementById("tf-export");
  if (exp) exp.addEventListener("click", function () { exportFile(); });
  init(document);
  updateCount();
})();
