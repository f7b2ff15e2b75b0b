"""The review page without a browser: escaping, highlight segments, text sources, gold marks."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_samples import HOSTILE, SEED_LIKE, fact, hostile, make_record, seed_like

from pipeline import score
from pipeline.cli import main
from pipeline.report import build_report, render_report, script_json
from pipeline.report.gold import doc_match, load_gold_for
from pipeline.report.render import Span, highlight
from pipeline.report.texts import release_text


class Marks(HTMLParser):
    """Collects <mark> segments (text + attributes) and checks marks never nest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.max_depth = 0
        self.text: list[str] = []
        self.segments: list[tuple[int, int, dict[str, str]]] = []
        self._open: tuple[int, dict[str, str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "mark":
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)
            self._open = (len("".join(self.text)), {k: v or "" for k, v in attrs})

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.depth -= 1
            assert self._open is not None
            start, attrs = self._open
            self.segments.append((start, len("".join(self.text)), attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def page_data(page: str) -> dict[str, Any]:
    """The JSON the page's script reads (#tf-data)."""
    m = re.search(r'<script type="application/json" id="tf-data">(.*?)</script>', page, re.S)
    assert m is not None
    return json.loads(m.group(1))  # type: ignore[no-any-return]


def parse_marks(markup: str) -> Marks:
    p = Marks()
    p.feed(markup)
    p.close()
    return p


def coverage(p: Marks) -> dict[int, set[str]]:
    """Text position -> the fact ids of the mark segment covering it."""
    covered: dict[int, set[str]] = {}
    for a, b, attrs in p.segments:
        for pos in range(a, b):
            covered[pos] = set(attrs["data-facts"].split())
    return covered


def text_body(page: str) -> str:
    """The inner markup of the first release's text box."""
    body = page[page.index('<div class="text" id="') :]
    return body[body.index(">") + 1 : body.index("</div>")]


# -- escaping ------------------------------------------------------------------------------


def test_hostile_release_is_escaped_everywhere() -> None:
    page = render_report([hostile()])
    assert "<script>alert" not in page
    assert "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # only the page's own two script elements (JSON data + code)
    assert len(re.findall(r"<script\b", page, flags=re.I)) == 2
    assert page.count("</script>") == 2
    # the title shows as text in the heading, quotes escaped inside attributes too
    assert "&lt;/script&gt;&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page
    assert "Evil &quot;&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in page


def test_embedded_json_cannot_close_its_script_tag() -> None:
    rec = hostile()
    page = render_report([rec])
    m = re.search(r'<script type="application/json" id="tf-data">(.*?)</script>', page, re.S)
    assert m is not None
    payload = m.group(1)
    assert "<" not in payload and ">" not in payload and "&" not in payload
    data = json.loads(payload)
    assert data["tables"]["t-index"]["rows"][0][3] == rec["title"]
    assert script_json({"x": "</script><!--&"}) == '{"x":"\\u003c/script\\u003e\\u003c!--\\u0026"}'


def test_page_is_self_contained_and_locks_down_scripts() -> None:
    page = render_report([seed_like(), hostile()])
    assert not re.search(r"\b(src|href)\s*=\s*\"?(https?:)?//", page, flags=re.I)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None and "default-src &#x27;none&#x27;" in csp.group(1)
    js = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert len(js) == 1
    digest = base64.b64encode(hashlib.sha256(js[0].encode()).digest()).decode()
    assert f"sha256-{digest}" in csp.group(1)  # the CSP admits exactly this script


# -- highlight segments --------------------------------------------------------------------


def test_overlapping_mentions_become_flat_segments() -> None:
    text = "the 2024 BIO International Convention in Central Texas"
    conv = text.index("2024 BIO")
    ct = text.index("Central Texas")
    spans = [
        Span(conv, conv + len("2024 BIO International Convention"), "events", "e0"),
        Span(conv, conv + 4, "dates", "d0"),
        Span(ct, ct + len("Central Texas"), "locations", "l0"),
        Span(ct + len("Central "), ct + len("Central Texas"), "locations", "l1"),
    ]
    p = parse_marks(highlight(text, spans))
    assert "".join(p.text) == text
    assert p.max_depth == 1
    seg = {(text[a:b], attrs["data-facts"]) for a, b, attrs in p.segments}
    assert ("2024", "e0 d0") in seg and (" BIO International Convention", "e0") in seg
    assert ("Central ", "l0") in seg and ("Texas", "l0 l1") in seg
    two = next(attrs for a, b, attrs in p.segments if text[a:b] == "2024")
    assert "t-dates" in two["class"] and "multi" in two["class"]  # innermost type's colour


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet="ab<>&\"' \n", min_size=1, max_size=40),
    raw=st.lists(st.tuples(st.integers(0, 40), st.integers(1, 12)), max_size=8),
)
def test_highlight_covers_exactly_the_spans(text: str, raw: list[tuple[int, int]]) -> None:
    spans = []
    for i, (start, length) in enumerate(raw):
        s = min(start, len(text) - 1)
        e = min(len(text), s + length)
        spans.append(Span(s, e, "dates", f"f{i}"))
    p = parse_marks(highlight(text, spans))
    assert p.max_depth <= 1
    assert "".join(p.text) == text
    covered = coverage(p)
    for pos in range(len(text)):
        want = {s.fact_id for s in spans if s.start <= pos < s.end}
        assert covered.get(pos, set()) == want


# -- where the text comes from -------------------------------------------------------------


def without_text(rec: dict[str, Any], path: str | None) -> dict[str, Any]:
    rec = dict(rec)
    rec.pop("text", None)
    if path is not None:
        rec["input"] = {"path": path, "format": "txt", "encoding": "utf-8"}
    return rec


def test_text_from_input_path_when_hash_matches(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SEED_LIKE, encoding="utf-8")
    rec = without_text(seed_like(), "a.txt")
    text, note = release_text(rec, [tmp_path])
    assert text == SEED_LIKE and "a.txt" in note
    page = render_report([rec], base_dirs=[tmp_path])
    assert page.count('data-facts="rel-a-officials-0"') == 2


@pytest.mark.parametrize(
    ("content", "path", "why"),
    [
        (SEED_LIKE + "edited", "a.txt", "the file changed since extraction"),
        (None, "gone.txt", "not found"),
        (None, None, "keeps no text"),
        (None, "batch.jsonl#7", "batch.jsonl#7 not found"),
    ],
)
def test_no_highlights_and_a_reason_when_text_is_unusable(
    tmp_path: Path, content: str | None, path: str | None, why: str
) -> None:
    if content is not None:
        (tmp_path / "a.txt").write_text(content, encoding="utf-8")
    rec = without_text(seed_like(), path)
    page = render_report([rec], base_dirs=[tmp_path])
    assert "<mark" not in page
    assert why in page and "no highlights" in page
    assert "Gina Raimondo" in page  # the facts are still listed


BODY = (
    "GENEVA – Minister Jane Doe of Northwind Ltd. met Ambassador John Roe on "
    "12 March 2024.\n\nThe talks, held in Geneva, covered tariffs & quotas <fairly>.\n"
)


def write_inputs(d: Path) -> list[Path]:
    """The same release body in every input kind extract reads."""
    html_body = "".join(
        f"<p>{p}</p>"
        for p in BODY.replace("&", "&amp;").replace("<fairly>", "&lt;fairly&gt;").split("\n\n")
    )
    files = {
        "a.txt": BODY,
        "b.md": "# Heading\n\n" + BODY,
        "c.html": f"<html><head><title>T</title></head><body><article>{html_body}"
        "</article></body></html>",
        "d.json": json.dumps([{"id": "d1", "text": BODY}, {"id": "d2", "text": BODY + "More."}]),
        "e.jsonl": "\n".join(json.dumps({"id": f"e{i}", "text": BODY * i}) for i in (1, 2)),
        "f.csv": 'id,text\nf1,"' + BODY.replace('"', '""') + '"\n',
    }
    for name, content in files.items():
        (d / name).write_text(content, encoding="utf-8")
    return [d / n for n in files]


def test_every_input_kind_is_reviewable_without_keep_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Texts are decoded again through the reader: html, json, jsonl and csv too."""
    from pipeline.api import Extractor
    from pipeline.document import SourceDoc
    from pipeline.ingest import iter_sources
    from pipeline.nlp import build_blank

    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    write_inputs(tmp_path / "in")
    ex = Extractor(nlp=build_blank(), keep_text=False)
    srcs = [s for s in iter_sources(["in"]) if isinstance(s, SourceDoc)]
    records = [ex.extract(s) for s in srcs]
    assert {r["input"]["format"] for r in records} == {"txt", "md", "html", "json", "jsonl", "csv"}
    assert len(records) == 8 and all("text" not in r for r in records)
    page = render_report(records, base_dirs=[tmp_path / "elsewhere"])
    assert "unavailable" not in page and "no highlights" not in page
    for rec, src in zip(records, srcs, strict=True):
        text, note = release_text(rec)
        assert text == src.text and "decoded again" in note
        assert rec["officials"], rec["input"]  # something to highlight in each
        assert f'data-facts="{rec["doc_id"]}-officials-0"' in page


def test_boilerplate_regions_are_shaded() -> None:
    rec = seed_like()
    start = SEED_LIKE.index("Minister Ahn said")
    rec["boilerplate"] = [{"start": start, "end": len(SEED_LIKE), "source": "test:bp"}]
    p = parse_marks(text_body(render_report([rec])))
    assert "".join(p.text) == SEED_LIKE  # shading adds no text
    body = text_body(render_report([rec]))
    shaded = re.findall(r'<span class="bp">([^<]*)</span>', body)
    assert shaded and all(s in SEED_LIKE[start:] for s in shaded)
    marked_bp = [a for a, b, attrs in p.segments if "bp" in attrs["class"].split()]
    assert marked_bp and all(a >= start for a in marked_bp)  # "Minister Ahn" mark is shaded too
    assert all("bp" not in attrs["class"].split() for a, b, attrs in p.segments if a < start)


def test_failed_documents_are_listed(tmp_path: Path) -> None:
    out = write_run(tmp_path, [seed_like()], [])
    (out / "errors.jsonl").write_text(
        json.dumps({"doc": "broken-1", "path": "in/broken.pdf", "error": "binary content <PDF>"})
        + "\n",
        encoding="utf-8",
    )
    page, _notes = build_report(out)
    section = page[page.index('id="tf-failed"') :]
    assert "Failed documents (1)" in section and 'data-table="t-failed"' in section
    failed = page_data(page)["tables"]["t-failed"]
    assert failed["rows"] == [["broken-1", "in/broken.pdf", "binary content <PDF>"]]


def test_anchors_are_doc_ids_and_release_filter_sees_facts() -> None:
    page = render_report([seed_like("rel-a"), hostile("rel x")])
    assert '<section class="release" id="rel-a"' in page
    assert '<section class="release" id="rel_x"' in page  # no whitespace in an id
    data = page_data(page)
    assert data["releases"]["section"] == ["rel-a", "rel_x"]
    index = data["tables"]["t-index"]
    assert [row[1] for row in index["rows"]] == ["rel-a", "rel x"]
    assert "Samsung Electronics" in index["search"][0]  # the filter also searches facts
    assert "Samsung Electronics" not in index["search"][1]


def test_record_text_that_does_not_hash_is_not_trusted() -> None:
    rec = seed_like()
    rec["text"] = rec["text"].replace("Today", "Later")
    text, note = release_text(rec)
    assert text is None and "text_sha256" in note


def test_mentions_with_wrong_offsets_are_skipped_and_counted() -> None:
    rec = seed_like()
    rec["officials"][0]["mentions"][0]["start"] += 1
    rec["officials"][0]["mentions"][0]["end"] += 1
    page = render_report([rec])
    assert page.count('data-facts="rel-a-officials-0"') == 1
    assert "1 mention(s) not highlighted" in page


# -- gold ----------------------------------------------------------------------------------


def seed_gold() -> dict[str, Any]:
    """Gold for seed_like: one missed body, San Diego not annotated, Ahn's ministry required."""
    return {
        "doc_id": "rel-a",
        "officials": [
            {
                "name": "Gina Raimondo",
                "title": "Secretary",
                "title_alts": ["Secretary of Commerce"],
                "organization": "U.S. Department of Commerce",
                "country": "US",
            },
            {
                "name": "Ahn Duk-geun",
                "title": "Minister of Trade, Industry, and Energy",
                "organization": "Ministry of Trade, Industry and Energy",
                "country": "KR",
            },
        ],
        "organizations": [
            {"name": "U.S. Department of Commerce", "type": "government", "country": "US"},
            {"name": "Samsung Electronics", "type": "company"},
            {"name": "Absolics", "type": "company"},
        ],
        "locations": [
            {"name": "Central Texas", "type": "region", "country": "US"},
            {"name": "Texas", "type": "state", "country": "US", "optional": True},
        ],
        "countries": [{"code": "US"}, {"code": "KR"}],
        "dates": [{"value": "2024-06-27"}, {"value": "2024-05"}, {"value": "2024"}],
        "working_groups": [{"name": "Critical Minerals"}],
    }


def test_gold_marks_follow_the_scorer() -> None:
    rec, gold = seed_like(), seed_gold()
    match = doc_match(score, rec, gold)
    expected = score.score_record(rec, gold)
    for t, counts in expected.counts.items():
        tm = match.types[t]
        assert (tm.tp, tm.fp, tm.fn) == (counts.tp, counts.fp, counts.fn)
    assert "events" not in match.types  # not annotated in this gold
    locs = match.types["locations"]
    names = [f["name"] for f in rec["locations"]]
    assert locs.status[names.index("San Diego")] == "spurious"
    assert locs.status[names.index("Texas")] == "optional"
    assert [g["name"] for g in match.types["organizations"].missed] == ["Absolics"]
    assert match.types["officials"].wrong == {
        1: {"organization": gold["officials"][1]["organization"]}
    }

    page = render_report([rec], gold={"rel-a": gold}, matcher=lambda r, g: doc_match(score, r, g))
    row = re.search(r'<tr class="fact t-locations spurious" data-fact="rel-a-locations-1"', page)
    assert row is not None
    missed = re.search(r'<div class="missed-list"><h3>Missed \((\d+)\)</h3><ul>(.*?)</ul>', page)
    assert missed is not None and missed.group(1) == "1" and "Absolics" in missed.group(2)
    spurious = re.search(r'<div class="spurious-list"><h3>Spurious \((\d+)\)</h3>', page)
    assert spurious is not None and spurious.group(1) == "1"
    assert "gold: Ministry of Trade, Industry and Energy" in page
    assert 'class="fact missed t-organizations"' in page


def write_run(tmp_path: Path, records: list[dict[str, Any]], golds: list[dict[str, Any]]) -> Path:
    out = tmp_path / "out"
    gold_dir = tmp_path / "gold"
    out.mkdir()
    gold_dir.mkdir()
    for rec in records:
        (out / f"{rec['doc_id']}.json").write_text(json.dumps(rec), encoding="utf-8")
    for g in golds:
        (gold_dir / f"{g['doc_id']}.json").write_text(json.dumps(g), encoding="utf-8")
    (out / "summary.json").write_text("{}")
    return out


def test_report_command_writes_one_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = write_run(tmp_path, [seed_like(), hostile()], [seed_gold()])
    dest = tmp_path / "r" / "report.html"
    assert main(["report", str(out), "--gold", str(tmp_path / "gold"), "-o", str(dest)]) == 0
    page = dest.read_text(encoding="utf-8")
    data = json.loads(
        re.search(r'id="tf-data">(.*?)</script>', page, re.S).group(1)  # type: ignore[union-attr]
    )
    assert data["releases"]["doc_id"] == ["rel-a", "rel-x"]
    s = score.score_record(seed_like(), seed_gold())
    core = [c for t, c in s.counts.items() if t in score.CORE_TYPES]
    want = {
        "tp": sum(c.tp for c in core),
        "fp": sum(c.fp for c in core),
        "fn": sum(c.fn for c in core),
    }
    assert data["releases"]["score"] == [want, None]
    assert [p.name for p in dest.parent.iterdir()] == ["report.html"]  # no temp files left
    assert main(["report", str(tmp_path / "missing")]) == 2
    assert main(["report", str(out), "--gold", str(tmp_path / "nogold")]) == 2


def test_report_without_scorer_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = write_run(tmp_path, [seed_like()], [seed_gold()])
    import importlib

    real = importlib.import_module

    def fake(name: str, *a: Any, **k: Any) -> Any:
        if name == "pipeline.score":
            raise ImportError("not yet")
        return real(name, *a, **k)

    monkeypatch.setattr(importlib, "import_module", fake)
    gold, matcher, notes = load_gold_for(tmp_path / "gold", ["rel-a"])
    assert matcher is None and gold == {}
    page, notes = build_report(out, tmp_path / "gold")
    assert any(n.startswith("no scores: pipeline.score cannot be imported") for n in notes)
    assert "no scores" in page and 'class="status"' not in page


def test_bad_gold_file_is_named_not_fatal(tmp_path: Path) -> None:
    out = write_run(tmp_path, [seed_like()], [])
    (tmp_path / "gold" / "rel-a.json").write_text("{oops")
    page, notes = build_report(out, tmp_path / "gold")
    assert any("rel-a.json" in n for n in notes)
    assert 'data-doc="rel-a"' in page


def test_report_of_a_real_pipeline_record() -> None:
    """A record from the rule components (blank model) renders with every mention in place."""
    from pipeline.api import Extractor
    from pipeline.document import SourceDoc
    from pipeline.nlp import build_blank

    ex = Extractor(nlp=build_blank(), keep_text=True)
    rec = ex.extract(SourceDoc(doc_id="real", text=SEED_LIKE, published="2024-06-27"))
    page = render_report([rec])
    assert "not highlighted" not in page
    p = parse_marks(text_body(page))
    assert "".join(p.text) == SEED_LIKE
    covered = coverage(p)
    for t in score.FACT_LISTS:
        for i, f in enumerate(rec[t]):
            for m in f["mentions"]:
                assert all(f"real-{t}-{i}" in covered[pos] for pos in range(m["start"], m["end"]))


def test_hostile_text_round_trips_as_text() -> None:
    page = render_report([hostile()])
    body = text_body(page)
    p = parse_marks(body)
    assert "".join(p.text) == HOSTILE
    marked = ["".join(p.text)[a:b] for a, b, _ in p.segments]
    assert "<script>alert(1)</script>" in marked  # the organization's mention, as text


def test_agreement_without_name_gets_a_readable_label() -> None:
    t = "A memorandum between Alpha and Beta."
    rec = make_record(
        "agr",
        t,
        {
            "agreements": [
                fact("agreements", t, ["memorandum"], kind="memorandum", parties=["Alpha", "Beta"])
            ]
        },
    )
    assert "memorandum: Alpha; Beta" in render_report([rec])


def test_split_page_keeps_release_views_in_files(tmp_path: Path) -> None:
    out = write_run(tmp_path, [seed_like(), hostile()], [])
    dest = tmp_path / "r" / "review.html"
    assert main(["report", str(out), "-o", str(dest), "--split"]) == 0
    page = dest.read_text(encoding="utf-8")
    files = sorted(p.name for p in (dest.parent / "review_files").iterdir())
    assert files == ["b0.js", "b1.js", "corpus.js", "search.js"]
    assert '<section class="release"' not in page  # views are loaded on demand
    assert page_data(page)["split"] == "review_files"
    body = (dest.parent / "review_files" / "b1.js").read_text(encoding="utf-8")
    assert body.startswith("tradefactsBody(1,") and body.endswith(");\n")
    markup = json.loads(body[len("tradefactsBody(1,") : -3])  # one JSON string
    assert '<section class="release" id="rel-x"' in markup and "&lt;script&gt;" in markup
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None and "&#x27;self&#x27;" in csp.group(1) and "http" not in csp.group(1)
    # a smaller rerun removes the view files it no longer needs
    (out / "rel-x.json").unlink()
    assert main(["report", str(out), "-o", str(dest), "--split"]) == 0
    left = sorted(p.name for p in (dest.parent / "review_files").iterdir())
    assert left == ["b0.js", "corpus.js", "search.js"]


def test_chart_series_count_the_records() -> None:
    from pipeline.report.data import charts

    a, b = seed_like("a"), seed_like("b")
    b["countries"] = b["countries"][:1]  # only US
    b["dates"][1]["value"] = "2024-09"  # "May 2024" moved: July and August are quiet
    c = charts([a, b])
    assert dict(c["types"])["officials"] == 4
    months = {m[0]: m[1:] for m in c["months"]}
    assert months["2024-06"] == [2, 2, 2]  # events, agreements, "Today" dates of both
    assert months["2024-05"] == [0, 0, 1] and months["2024-09"] == [0, 0, 1]
    assert months["2024-07"] == months["2024-08"] == [0, 0, 0]
    assert [m[0] for m in c["months"]] == ["2024-05", "2024-06", "2024-07", "2024-08", "2024-09"]
    assert dict(c["top_countries"]) == {"US": 2, "KR": 1}
    co = c["cooccurrence"]
    assert co["countries"] == ["US", "KR"] and co["matrix"] == [[2, 1], [1, 1]]
    assert dict(c["top_officials"])["Gina Raimondo"] == 2


def test_month_axis_shows_quiet_months() -> None:
    from pipeline.report.data import month_axis

    assert month_axis(["2024-11", "2025-02", "2024-11"]) == [
        "2024-11", "2024-12", "2025-01", "2025-02",
    ]  # fmt: skip
    assert month_axis(["1900-01", "2025-02"]) == ["1900-01", "2025-02"]  # a stray date
    assert month_axis([]) == []
