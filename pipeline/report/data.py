"""The page's corpus-wide data: table rows and chart series, as JSON for report's script.

Tables with a row per release or per corpus entity grow with the run (10,000 releases
give tens of thousands of rows), so they travel as compact JSON and the script draws
only the rows on screen; the per-release views stay server-rendered markup. Charts are
counts computed here and drawn by the script as inline SVG (no library, no network).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import combinations
from typing import Any

from pipeline.record import FACT_LISTS
from pipeline.report.gold import prf
from pipeline.tables import LIST_SEP, fact_label, official_rollup, organization_rollup
from pipeline.tables import timeline as timeline_rows

SHORT: dict[str, str] = {
    "officials": "off",
    "organizations": "org",
    "locations": "loc",
    "countries": "ctry",
    "dates": "date",
    "working_groups": "wg",
    "dialogues": "dlg",
    "events": "evt",
    "agreements": "agr",
}
TOP_N = 15
COOCCUR_N = 12


def _col(name: str, kind: str = "text") -> dict[str, str]:
    """A column: ``text``, ``num`` (right-aligned, numeric sort), ``score`` (3 decimals),
    ``doc`` (a doc id, or a "; "-joined list of them, shown as links to the releases)."""
    return {"name": name, "kind": kind}


def fact_words(rec: dict[str, Any]) -> str:
    """What the release filter also searches: every fact's label and aliases."""
    words: list[str] = []
    for t in FACT_LISTS:
        for fact in rec.get(t) or []:
            words.append(fact_label(t, fact))
            words.extend(str(a) for a in fact.get("aliases") or [])
    return "\t".join(dict.fromkeys(w for w in words if w))


def index_table(
    records: list[dict[str, Any]], scores: list[tuple[int, int, int] | None]
) -> dict[str, Any]:
    """One row per release: counts per type and, given gold, the core scores."""
    with_gold = any(s is not None for s in scores)
    cols = [_col("#", "num"), _col("release", "doc"), _col("published"), _col("title")]
    cols += [_col(SHORT[t], "num") for t in FACT_LISTS] + [_col("facts", "num")]
    if with_gold:
        cols += [_col(x, "score") for x in ("P", "R", "F1")]
        cols += [_col("missed", "num"), _col("spurious", "num")]
    rows, search = [], []
    for i, (rec, sc) in enumerate(zip(records, scores, strict=True)):
        counts = [len(rec.get(t) or []) for t in FACT_LISTS]
        row: list[Any] = [i + 1, rec.get("doc_id"), rec.get("published") or "", rec.get("title")]
        row += [*counts, sum(counts)]
        if with_gold:
            if sc is None:
                row += [None] * 5
            else:
                tp, fp, fn = sc
                row += [None if x is None else round(x, 4) for x in prf(tp, fp, fn)] + [fn, fp]
        rows.append(row)
        search.append(fact_words(rec))
    return {"columns": cols, "rows": rows, "search": search, "what": "releases and their facts"}


def corpus_tables(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The cross-release roll-ups (the rows pipeline.tables writes)."""
    off = official_rollup(records)
    org = organization_rollup(records)
    tl = timeline_rows(records)
    return {
        "t-officials": {
            "title": f"Officials ({len(off)})",
            "what": "officials",
            "columns": [
                _col("name"), _col("titles"), _col("bodies"), _col("countries"),
                _col("releases", "num"), _col("mentions", "num"), _col("first"), _col("last"),
                _col("in releases", "doc"),
            ],
            "rows": [
                [r["name"], r["titles"], r["bodies"], r["countries"], r["releases"],
                 r["mentions"], r["first_date"], r["last_date"], r["doc_ids"]]
                for r in off
            ],
        },
        "t-organizations": {
            "title": f"Organizations ({len(org)})",
            "what": "organizations",
            "columns": [
                _col("name"), _col("type"), _col("country"), _col("releases", "num"),
                _col("mentions", "num"), _col("aliases"), _col("in releases", "doc"),
            ],
            "rows": [
                [r["name"], r["type"], r["country"], r["releases"], r["mentions"], r["aliases"],
                 r["doc_ids"]]
                for r in org
            ],
        },
        "t-timeline": {
            "title": f"Timeline of dated events and agreements ({len(tl)})",
            "what": "timeline",
            "columns": [
                _col("date"), _col("type"), _col("name"), _col("kind"), _col("release", "doc"),
            ],
            "rows": [[r["date"], r["type"], r["name"], r["kind"], r["doc_id"]] for r in tl],
        },
    }  # fmt: skip


def failures_table(failures: list[dict[str, Any]]) -> dict[str, Any]:
    """The documents extraction could not process, with their errors."""
    return {
        "title": f"Failed documents ({len(failures)})",
        "what": "failed documents",
        "columns": [_col("document"), _col("input"), _col("error")],
        "rows": [[f.get("doc"), f.get("path"), f.get("error")] for f in failures],
    }


def _month(value: Any) -> str | None:
    s = str(value or "")
    return s[:7] if len(s) >= 7 and s[4] == "-" and s[:4].isdigit() and s[5:7].isdigit() else None


def month_axis(months: Iterable[str], max_span: int = 360) -> list[str]:
    """Every month from the first to the last, so quiet months show as gaps; a span over
    ``max_span`` months (a stray far date) keeps only the months that have data."""
    have = sorted(set(months))
    if not have:
        return []
    (y0, m0), (y1, m1) = ((int(x[:4]), int(x[5:7])) for x in (have[0], have[-1]))
    span = (y1 - y0) * 12 + (m1 - m0) + 1
    if span > max_span:
        return have
    return [f"{y0 + (m0 - 1 + k) // 12:04d}-{(m0 - 1 + k) % 12 + 1:02d}" for k in range(span)]


def charts(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Series for the charts: by month, by type, by source, top entities, co-occurrence."""
    by_month: dict[str, Counter[str]] = {}
    per_type: Counter[str] = Counter()
    per_source: Counter[str] = Counter()
    tops: dict[str, Counter[str]] = {t: Counter() for t in ("officials", "organizations")}
    country_docs: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for rec in records:
        for t in FACT_LISTS:
            facts = rec.get(t) or []
            per_type[t] += len(facts)
            for f in facts:
                per_source[str(f.get("source") or "unknown")] += 1
        for series, t, key in (
            ("events", "events", "date"),
            ("agreements", "agreements", "date"),
            ("dates", "dates", "value"),
        ):
            for f in rec.get(t) or []:
                m = _month(f.get(key))
                if m:
                    by_month.setdefault(m, Counter())[series] += 1
        for t, counter in tops.items():
            # sorted: ties in most_common keep a stable order from run to run
            counter.update(sorted({fact_label(t, f) for f in rec.get(t) or []} - {""}))
        codes = sorted({str(f.get("code")) for f in rec.get("countries") or [] if f.get("code")})
        country_docs.update(codes)
        pairs.update(combinations(codes, 2))
    top_countries = [c for c, _ in country_docs.most_common(COOCCUR_N)]
    matrix = [
        [country_docs[a] if a == b else pairs[tuple(sorted((a, b)))] for b in top_countries]
        for a in top_countries
    ]
    empty: Counter[str] = Counter()
    return {
        "months": [
            [m, *(by_month.get(m, empty)[k] for k in ("events", "agreements", "dates"))]
            for m in month_axis(by_month)
        ],
        "types": [[t, per_type[t]] for t in FACT_LISTS],
        "sources": per_source.most_common(TOP_N),
        "top_officials": tops["officials"].most_common(TOP_N),
        "top_organizations": tops["organizations"].most_common(TOP_N),
        "top_countries": country_docs.most_common(TOP_N),
        "cooccurrence": {"countries": top_countries, "matrix": matrix},
    }


__all__ = ["LIST_SEP", "charts", "corpus_tables", "fact_words", "failures_table", "index_table"]
