"""Records (and gold) -> one self-contained HTML review page, by plain string building.

Everything the page shows is rendered here on the server side; the inline JS only
sorts, filters and scrolls. Every piece of record or gold data passes ``esc``
(html.escape, quotes too) before it enters markup, and the JSON summary embedded
in a ``<script>`` escapes ``<``, ``>`` and ``&`` so "</script>" in data cannot
close the tag. A Content-Security-Policy allows only this page's own script (by
hash) and no network at all, so even a missed escape could not load or run code.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.record import CORE_TYPES, FACT_LISTS
from pipeline.report.data import charts, corpus_tables, failures_table, index_table
from pipeline.report.gold import DocMatch, Matcher, TypeMatch, prf
from pipeline.report.texts import TextFinder
from pipeline.tables import FIELDS, LIST_SEP, fact_label

TYPE_LABELS: dict[str, str] = {
    "officials": "official",
    "organizations": "organization",
    "locations": "location",
    "countries": "country",
    "dates": "date",
    "working_groups": "working group",
    "dialogues": "dialogue",
    "events": "event",
    "agreements": "agreement",
}
# A fact row's review buttons: report.js fills the cell (30 facts x 5 buttons of markup
# per release would double the size of every release view).
REVIEW_CELL = '<td class="review"></td>'
_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")


def esc(value: Any) -> str:
    """HTML-escape anything (text and attribute values alike); None is empty."""
    return "" if value is None else html.escape(str(value), quote=True)


def script_json(obj: Any) -> str:
    """JSON safe inside <script>: no "<", ">" or "&" survive, so no "</script>" or "<!--"."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _asset(name: str) -> str:
    return resources.files("pipeline.report").joinpath(name).read_text(encoding="utf-8")


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def anchor(doc_id: Any) -> str:
    """A release's element id and URL fragment: its doc id (whitespace, not allowed, as _)."""
    return re.sub(r"\s", "_", str(doc_id))


@dataclass(slots=True)
class Span:
    """One highlightable mention: its interval, fact type and the fact's DOM id."""

    start: int
    end: int
    type: str
    fact_id: str


def highlight(text: str, spans: list[Span], shade: Iterable[tuple[int, int]] = ()) -> str:
    """Escaped text with every span wrapped in <mark>; overlaps cut into flat segments.

    Boundaries of all spans are sorted; each piece between two boundaries is marked
    with every span covering it, so markup never nests or crosses. Pieces inside a
    ``shade`` interval (boilerplate) carry the class ``bp`` (on their mark, or on a span).
    """
    regions = sorted((a, b) for a, b in shade if 0 <= a < b <= len(text))
    if not spans and not regions:
        return esc(text)
    bounds = sorted(
        {0, len(text), *(s.start for s in spans), *(s.end for s in spans)}
        | {x for r in regions for x in r}
    )
    by_start = sorted(spans, key=lambda s: (s.start, -s.end))
    out: list[str] = []
    active: list[Span] = []
    k = 0
    for a, b in itertools.pairwise(bounds):
        while k < len(by_start) and by_start[k].start <= a:
            active.append(by_start[k])
            k += 1
        active = [s for s in active if s.end > a]
        piece = esc(text[a:b])
        bp = any(ra <= a and b <= rb for ra, rb in regions)
        if not active:
            out.append(f'<span class="bp">{piece}</span>' if bp else piece)
            continue
        inner = min(active, key=lambda s: (s.end - s.start, s.start))
        facts = " ".join(dict.fromkeys(s.fact_id for s in active))
        cls = f"hl t-{inner.type}" + (" multi" if len(active) > 1 else "") + (" bp" if bp else "")
        out.append(f'<mark class="{cls}" data-facts="{esc(facts)}">{piece}</mark>')
    return "".join(out)


# -- pieces of markup ------------------------------------------------------------------


def _filter_box(table_id: str, what: str) -> str:
    return (
        f'<div class="tools"><input type="search" class="filter" data-for="{table_id}" '
        f'placeholder="filter {esc(what)}…" aria-label="filter {esc(what)}">'
        f' <span class="count" id="{table_id}-count"></span></div>'
    )


def _table(
    table_id: str, headers: list[str], rows: list[str], cls: str = "", nums: Iterable[str] = ()
) -> str:
    """A sortable table; headers named in ``nums`` are right-aligned like their numbers."""
    right = set(nums)
    head = "".join(
        f'<th scope="col"{" class=num" if h in right else ""}>{esc(h)}</th>' for h in headers
    )
    return (
        f'<div class="scroll"><table class="sortable {cls}" id="{table_id}"><thead><tr>{head}'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _td(value: Any, cls: str = "", sort: Any = None) -> str:
    attrs = f' class="{cls}"' if cls else ""
    if sort is not None:
        attrs += f' data-sort="{esc(sort)}"'
    return f"<td{attrs}>{esc(value)}</td>"


def _attr_value(value: Any) -> str:
    return LIST_SEP.join(str(v) for v in value) if isinstance(value, list) else str(value)


def _attrs_html(fact_type: str, fact: dict[str, Any], wrong: dict[str, Any] | None = None) -> str:
    """The attributes of a fact other than its label, as chips; ones gold disagrees with in red."""
    wrong = {k: "none" if v is None else _attr_value(v) for k, v in (wrong or {}).items()}
    label_key = {"dates": "value", "countries": "code"}.get(fact_type, "name")
    parts = []
    for f in FIELDS[fact_type]:
        v = fact.get(f)
        if f == label_key or v in (None, "", []):
            if f in wrong:
                parts.append(
                    f'<span class="attr wrong" title="gold: {esc(wrong[f])}">'
                    f'<i>{esc(f)}</i> — <span class="gold">gold: '
                    f"{esc(wrong[f])}</span></span>"
                )
            continue
        if f in wrong:
            parts.append(
                f'<span class="attr wrong" title="gold: {esc(wrong[f])}"><i>{esc(f)}</i> '
                f"{esc(_attr_value(v))} "
                f'<span class="gold">gold: {esc(wrong[f])}</span></span>'
            )
        else:
            parts.append(f'<span class="attr"><i>{esc(f)}</i> {esc(_attr_value(v))}</span>')
    return " ".join(parts)


def _gold_label(fact_type: str, entry: dict[str, Any]) -> str:
    if fact_type == "dates":
        return str(entry.get("value") or entry.get("text") or "")
    return fact_label(fact_type, entry)


# -- one release -----------------------------------------------------------------------


@dataclass(slots=True)
class Release:
    """Everything rendered for one record."""

    index: int
    record: dict[str, Any]
    text: str | None
    text_note: str
    match: DocMatch | None
    gold_note: str | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def sid(self) -> str:
        return anchor(self.record.get("doc_id"))


def _fact_id(sid: str, fact_type: str, i: int) -> str:
    return f"{sid}-{fact_type}-{i}"


def render_release(rel: Release) -> str:
    """A release section: highlighted text, the side table of facts, missed/spurious lists."""
    rec, sid = rel.record, rel.sid
    spans: list[Span] = []
    bad_offsets = 0
    fact_rows: list[str] = []
    spurious_items: list[str] = []
    text = rel.text
    for fact_type in FACT_LISTS:
        tm: TypeMatch | None = rel.match.types.get(fact_type) if rel.match else None
        for i, fact in enumerate(rec.get(fact_type) or []):
            fid = _fact_id(sid, fact_type, i)
            label = fact_label(fact_type, fact)
            mentions = fact.get("mentions") or []
            shown = 0
            if text is not None:
                for m in mentions:
                    s, e = m.get("start"), m.get("end")
                    ok = isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)
                    if ok and text[s:e] == m.get("text", text[s:e]):
                        spans.append(Span(s, e, fact_type, fid))
                        shown += 1
                    else:
                        bad_offsets += 1
            status = tm.status.get(i, "") if tm else ""
            wrong = tm.wrong.get(i, {}) if tm else {}
            status_cell = status + (" (attrs differ)" if wrong else "")
            if rel.match and tm is None:
                status_cell = "not annotated"
            cls = f"fact t-{fact_type}" + (f" {status}" if status else "")
            first = min((m.get("start", 0) for m in mentions), default=-1)
            fact_rows.append(
                f'<tr class="{cls}" data-fact="{fid}" tabindex="0">'
                f'<td class="type" data-sort="{FACT_LISTS.index(fact_type)}">'
                f'<span class="sw t-{fact_type}"></span>{esc(TYPE_LABELS[fact_type])}</td>'
                f'<td class="label">{esc(label)}</td>'
                f'<td class="attrs">{_attrs_html(fact_type, fact, wrong)}</td>'
                f'<td class="num" data-sort="{len(mentions)}">{len(mentions)}'
                + (f'<span class="unshown"> ({len(mentions) - shown} not shown)</span>'
                   if text is not None and shown < len(mentions) else "")
                + f"</td>"
                f'<td class="num" data-sort="{first}">{first if first >= 0 else ""}</td>'
                + (f'<td class="status">{esc(status_cell)}</td>' if rel.match else "")
                + REVIEW_CELL
                + "</tr>"
            )  # fmt: skip
            if status == "spurious":
                spurious_items.append(
                    f'<li class="fact spurious t-{fact_type}" data-fact="{fid}" tabindex="0">'
                    f'<span class="sw t-{fact_type}"></span>{esc(TYPE_LABELS[fact_type])}: '
                    f"<b>{esc(label)}</b> {_attrs_html(fact_type, fact)}</li>"
                )
    missed_items: list[str] = []
    if rel.match:
        for fact_type in FACT_LISTS:
            tm = rel.match.types.get(fact_type)
            for j, entry in enumerate(tm.missed if tm else []):
                label = _gold_label(fact_type, entry)
                fact_rows.append(
                    f'<tr class="fact missed t-{fact_type}" '
                    f'id="{sid}-missed-{fact_type}-{j}">'
                    f'<td class="type" data-sort="{FACT_LISTS.index(fact_type)}">'
                    f'<span class="sw t-{fact_type}"></span>{esc(TYPE_LABELS[fact_type])}</td>'
                    f'<td class="label">{esc(label)}</td>'
                    f'<td class="attrs">{_attrs_html(fact_type, entry)}</td>'
                    f'<td class="num" data-sort="0">0</td><td class="num" data-sort="-1"></td>'
                    f'<td class="status">missed</td><td></td></tr>'
                )
                missed_items.append(
                    f'<li class="missed t-{fact_type}"><span class="sw t-{fact_type}"></span>'
                    f"{esc(TYPE_LABELS[fact_type])}: <b>{esc(label)}</b> "
                    f"{_attrs_html(fact_type, entry)}</li>"
                )

    n_facts = sum(rel.counts.values())
    meta = [f"published {esc(rec.get('published') or 'unknown')}", f"{n_facts} facts"]
    if rel.match:
        tp, fp, fn = rel.match.counts()
        p, r, f = prf(tp, fp, fn)
        meta.append(
            f'<span class="score">core P {_fmt(p)} · R {_fmt(r)} · F1 {_fmt(f)} '
            f"(tp {tp}, fp {fp}, fn {fn})</span>"
        )
    elif rel.gold_note:
        meta.append(esc(rel.gold_note))
    notes = [rel.text_note]
    if bad_offsets:
        notes.append(f"{bad_offsets} mention(s) not highlighted: offsets do not match the text")
    note_cls = "note" if text is not None and not bad_offsets else "note warn"

    if text is not None:
        shade = [
            (b.get("start"), b.get("end"))
            for b in rec.get("boilerplate") or []
            if isinstance(b, dict)
            and isinstance(b.get("start"), int)
            and isinstance(b.get("end"), int)
        ]
        body = f'<div class="text" id="{sid}-text">{highlight(text, spans, shade)}</div>'
    else:
        body = '<div class="text missing">(release text unavailable)</div>'
    headers = ["type", "fact", "attributes", "mentions", "first at"]
    if rel.match:
        headers.append("gold")
    headers.append("review")
    table = _table(f"{sid}-facts", headers, fact_rows, "facts", ("mentions", "first at"))
    lists = ""
    if rel.match:
        lists = (
            '<div class="gold-lists">'
            f'<div class="missed-list"><h3>Missed ({len(missed_items)})</h3>'
            f"<ul>{''.join(missed_items) or '<li class=none>none</li>'}</ul></div>"
            f'<div class="spurious-list"><h3>Spurious ({len(spurious_items)})</h3>'
            f"<ul>{''.join(spurious_items) or '<li class=none>none</li>'}</ul></div></div>"
        )
    title = rec.get("title") or ""
    review = {
        "doc_id": rec.get("doc_id"),
        "text_sha256": rec.get("text_sha256"),
        "published": rec.get("published"),
        "title": rec.get("title"),
        "has_text": text is not None,
        "facts": {
            t: [{f: fact.get(f) for f in FIELDS[t]} for fact in rec.get(t) or []]
            for t in FACT_LISTS
        },
    }
    tools = (
        '<div class="review-tools">'
        + (
            '<select class="add-type" aria-label="type of the fact to add">'
            + "".join(f'<option value="{t}">{esc(TYPE_LABELS[t])}</option>' for t in FACT_LISTS)
            + '</select> <button type="button" data-act="add" '
            'title="select text in the release, pick a type, then add">add selected text</button> '
            if text is not None
            else ""
        )
        + '<button type="button" data-act="accept-rest" title="accept every fact not yet decided">'
        "accept the rest</button> "
        '<span class="review-status"></span></div>'
    )
    return (
        f'<section class="release" id="{sid}" data-doc="{esc(rec.get("doc_id"))}" '
        f'data-sha="{esc(rec.get("text_sha256"))}" data-review="{esc(json.dumps(review))}">'
        f'<h2><a class="anchor" href="#{sid}">{esc(rec.get("doc_id"))}</a>'
        + (f' <span class="title">{esc(title)}</span>' if title else "")
        + "</h2>"
        f'<p class="meta">{" · ".join(meta)} · <a href="#tf-top">top</a></p>'
        f'<p class="{note_cls}">{esc("; ".join(notes))}</p>'
        f'<div class="cols">{body}<aside>{tools}{_filter_box(f"{sid}-facts", "facts")}{table}'
        "</aside></div>"
        f"{lists}</section>"
    )  # fmt: skip


# -- corpus-wide parts ----------------------------------------------------------------


def render_type_scores(releases: list[Release]) -> str:
    """Per-type precision/recall/F1 summed over the releases that have gold."""
    headers = ["type", "tp", "fp", "fn", "P", "R", "F1"]
    rows = []
    for t in FACT_LISTS:
        tms = [r.match.types[t] for r in releases if r.match and t in r.match.types]
        tp, fp, fn = sum(m.tp for m in tms), sum(m.fp for m in tms), sum(m.fn for m in tms)
        p, r, f = prf(tp, fp, fn)
        core = "core" if t in CORE_TYPES else ""
        rows.append(
            f'<tr class="{core}">'
            + _td(t)
            + "".join(_td(x, "num") for x in (tp, fp, fn))
            + "".join(_td(_fmt(x), "num", "" if x is None else f"{x:.4f}") for x in (p, r, f))
            + "</tr>"
        )
    return _table("t-scores", headers, rows, "scores", headers[1:])


# -- the page --------------------------------------------------------------------------

# Up to this many releases the page is one self-contained file; beyond it the release
# views go to per-release script files loaded on demand (the index stays one file).
INLINE_MAX = 300


@dataclass(slots=True)
class Pages:
    """The index page and, when split, the per-release files (name -> content)."""

    html: str
    files: dict[str, str] = field(default_factory=dict)


def body_file(i: int) -> str:
    """The name of release ``i``'s view file inside the page's ``_files`` directory."""
    return f"b{i}.js"


def render_report(
    records: list[dict[str, Any]],
    gold: dict[str, dict[str, Any]] | None = None,
    matcher: Matcher | None = None,
    notes: Iterable[str] = (),
    base_dirs: Iterable[Path] = (),
    generated: str | None = None,
    failures: Iterable[dict[str, Any]] = (),
    texts: TextFinder | None = None,
) -> str:
    """The whole page as one self-contained string (see ``render_pages``)."""
    return render_pages(
        records, gold, matcher, notes, base_dirs, generated, failures, texts, files_dir=None
    ).html


def render_pages(
    records: list[dict[str, Any]],
    gold: dict[str, dict[str, Any]] | None = None,
    matcher: Matcher | None = None,
    notes: Iterable[str] = (),
    base_dirs: Iterable[Path] = (),
    generated: str | None = None,
    failures: Iterable[dict[str, Any]] = (),
    texts: TextFinder | None = None,
    files_dir: str | None = None,
    sink: Callable[[str, str], None] | None = None,
) -> Pages:
    """The page; with ``files_dir`` the release views go to files there, loaded lazily.

    ``gold`` maps doc_id -> gold record; with a ``matcher`` each release with gold is
    compared and marked. ``notes`` are shown at the top (e.g. why there are no scores).
    ``failures`` are the documents extraction could not process (doc, path, error).
    Texts not kept in records are decoded again from their inputs (``texts``, or a
    TextFinder over ``base_dirs``). A split page's release files go to ``sink(name,
    content)`` as they are made when one is given (10,000 views need not sit in memory;
    ``Pages.files`` then maps their names to ""), else into ``Pages.files``.
    """
    finder = texts or TextFinder(base_dirs)
    notes = list(notes)
    failures = list(failures)
    split = files_dir is not None
    releases: list[Release] = []
    bodies: list[str] = []
    files: dict[str, str] = {}
    for i, rec in enumerate(records):
        match, gold_note = None, None
        g = (gold or {}).get(str(rec.get("doc_id")))
        if g is not None and matcher is not None:
            try:
                match = matcher(rec, g)
            except Exception as exc:  # one bad gold file must not sink the whole report
                gold_note = f"gold not compared: {exc.__class__.__name__}: {exc}"
        elif gold is not None and matcher is not None:
            gold_note = "no gold for this release"
        counts = {t: len(rec.get(t) or []) for t in FACT_LISTS}
        text, text_note = finder.find(rec)
        rel = Release(i, rec, text, text_note, match, gold_note, counts)
        markup = render_release(rel)
        if split:
            # an external script: no "</script>" to guard against, plain JSON is a JS string
            content = f"tradefactsBody({i},{json.dumps(markup, ensure_ascii=False)});\n"
            if sink is not None:
                sink(body_file(i), content)
                content = ""
            files[body_file(i)] = content
        else:
            bodies.append(markup)
        rel.text = None  # the markup is made: do not hold every text until the end
        releases.append(rel)
    with_gold = any(r.match for r in releases)
    scores = [r.match.counts() if r.match else None for r in releases]
    tables = {"t-index": index_table(records, scores), **corpus_tables(records)}
    if failures:
        tables["t-failed"] = failures_table(failures)

    summary: dict[str, Any] = {
        "tradefacts": __version__,
        "generated": generated,
        "types": list(FACT_LISTS),
        "fields": {t: list(FIELDS[t]) for t in FACT_LISTS},
        "notes": notes,
        "split": files_dir,
        # columns, not one object per release: 10,000 releases stay a small index page
        "releases": {
            "doc_id": [r.record.get("doc_id") for r in releases],
            "section": [r.sid for r in releases],
            "text_sha256": [r.record.get("text_sha256") for r in releases],
            "score": [
                dict(zip(("tp", "fp", "fn"), r.match.counts(), strict=True)) if r.match else None
                for r in releases
            ],
        },
        "tables": tables,
        "charts": charts(records),
    }
    total = sum(sum(r.counts.values()) for r in releases)
    head = [f"{len(releases)} releases", f"{total} facts"]
    if with_gold:
        tp = sum(r.match.counts()[0] for r in releases if r.match)
        fp = sum(r.match.counts()[1] for r in releases if r.match)
        fn = sum(r.match.counts()[2] for r in releases if r.match)
        p, rr, f = prf(tp, fp, fn)
        n_gold = sum(1 for r in releases if r.match)
        head.append(
            f"{n_gold} with gold: core micro P {_fmt(p)} · R {_fmt(rr)} · F1 {_fmt(f)} "
            f"(tp {tp}, fp {fp}, fn {fn})"
        )
    if failures:
        head.append(f"{len(failures)} failed")
    legend = "".join(
        f'<label class="legend-item"><input type="checkbox" class="type-toggle" '
        f'data-type="{t}" checked> <span class="sw t-{t}"></span>{esc(TYPE_LABELS[t])}</label>'
        for t in FACT_LISTS
    )
    body = [
        '<header id="tf-top"><h1>tradefacts review</h1>',
        f'<p class="meta">{esc(" · ".join(head))}'
        + (f" · generated {esc(generated)}" if generated else "")
        + "</p>",
        "".join(f'<p class="note warn">{esc(n)}</p>' for n in notes),
        f'<div class="legend">{legend}</div>',
        '<nav><a href="#tf-index">releases</a> · <a href="#tf-charts">charts</a> · '
        '<a href="#tf-corpus">corpus tables</a>'
        + (' · <a href="#tf-scores">scores by type</a>' if with_gold else "")
        + (f' · <a href="#tf-failed">failed documents ({len(failures)})</a>' if failures else "")
        + '</nav><div class="export"><button type="button" id="tf-export">'
        "export reviewed releases</button> "
        '<span id="tf-review-count"></span></div></header><main>',
    ]
    if with_gold:
        body.append(
            f'<section id="tf-scores"><h2>Scores by type</h2>{render_type_scores(releases)}'
            "</section>"
        )
    body.append(
        '<section id="tf-index"><h2>Releases</h2>'
        '<div class="dtable" data-table="t-index"></div></section>'
    )
    if failures:
        body.append(
            f'<section id="tf-failed"><h2>{esc(tables["t-failed"]["title"])}</h2>'
            '<div class="dtable" data-table="t-failed"></div></section>'
        )
    body.append('<section id="tf-charts"><h2>Charts</h2><div id="tf-chart-box"></div></section>')
    body.append('<section id="tf-corpus"><h2>Corpus</h2>')
    for tid in ("t-officials", "t-organizations", "t-timeline"):
        body.append(
            f'<h3>{esc(tables[tid]["title"])}</h3><div class="dtable" data-table="{tid}"></div>'
        )
    body.append('</section><section id="tf-releases">')
    if split:
        body.append(
            '<div class="viewer-nav"><button type="button" data-nav="-1">◀ previous release'
            '</button> <button type="button" data-nav="1">next release ▶</button> '
            '<span id="tf-viewer-note">pick a release in the index to review it</span></div>'
            '<div id="tf-viewer"></div>'
        )
        # the big tables and the facts the release filter searches follow the index page
        lazy = {
            tid: summary["tables"].pop(tid)
            for tid in ("t-officials", "t-organizations", "t-timeline")
        }
        files["corpus.js"] = f"tradefactsData('corpus',{script_json(lazy)});\n"
        search = summary["tables"]["t-index"].pop("search")
        files["search.js"] = f"tradefactsData('search',{script_json(search)});\n"
    else:
        body.extend(bodies)
    body.append("</section></main>")

    js = "\n".join(_asset(n) for n in ("report.js", "tables.js", "charts.js", "review.js"))
    script_hash = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    # Split pages load their release files with <script src>: 'self' (file: for a local
    # page) admits them; there is still no network source.
    self_src = " 'self'" if split else ""
    fields = {
        "TITLE": esc(f"tradefacts review — {len(releases)} releases"),
        "CSP": esc(
            "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            f"script-src 'sha256-{script_hash}'{self_src}; base-uri 'none'; form-action 'none'"
        ),
        "CSS": _asset("report.css"),
        "BODY": "".join(body),
        "DATA": script_json(summary),
        "JS": js,
    }
    # One pass: substituted content is never scanned again for placeholders.
    return Pages(_PLACEHOLDER.sub(lambda m: fields[m.group(1)], _asset("report.html")), files)


def now_stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
