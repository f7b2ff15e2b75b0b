"""Readers: formats, order, manifest, ids, and the bad-input battery (one test per case).

Every fixture is built in tmp_path here; nothing goes through spaCy.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import json
import os
import socket
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import ingest
from pipeline.document import DocError, SourceDoc
from pipeline.ingest import FieldMap, iter_sources, load_manifest, parse_published, safe_doc_id

BODY = "WASHINGTON \u2013 The Minister\u2019s statement on trade.\nSecond paragraph."

Item = SourceDoc | DocError


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_bytes(data.encode("utf-8"))
    else:
        path.write_bytes(data)
    return path


def _all(*inputs: Path | str, **kw: object) -> list[Item]:
    return list(iter_sources([str(i) for i in inputs], **kw))  # type: ignore[arg-type]


def _one(path: Path, **kw: object) -> Item:
    items = _all(path, **kw)
    assert len(items) == 1, items
    return items[0]


def _doc(path: Path, **kw: object) -> SourceDoc:
    item = _one(path, **kw)
    assert isinstance(item, SourceDoc), item
    return item


def _err(path: Path, **kw: object) -> DocError:
    item = _one(path, **kw)
    assert isinstance(item, DocError), item
    return item


def _jsonl(rows: list[object]) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


def _is_safe(doc_id: str) -> bool:
    return (
        0 < len(doc_id) <= 150
        and "/" not in doc_id
        and "\\" not in doc_id
        and ".." not in doc_id
        and not doc_id.startswith(".")
        and not any(unicodedata.category(c)[0] == "C" for c in doc_id)
    )


# -- formats -------------------------------------------------------------------------------


def test_txt_document(tmp_path: Path) -> None:
    raw = BODY.encode()
    doc = _doc(_write(tmp_path / "rel-1.txt", raw))
    assert doc.doc_id == "rel-1"
    assert doc.text == BODY
    assert (doc.format, doc.encoding) == ("txt", "utf-8")
    assert doc.input_sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.path == str(tmp_path / "rel-1.txt")
    assert (doc.published, doc.date_source, doc.warnings) == (None, None, ())
    assert doc.title == BODY.splitlines()[0]  # the first line, when no manifest names it


def test_md_text_is_kept_as_decoded(tmp_path: Path) -> None:
    text = "# Heading\n\n**Bold** claim and a [link](http://x).\n"
    doc = _doc(_write(tmp_path / "notes.md", text))
    assert (doc.text, doc.format) == (text, "md")


HTML_PAGE = """<!DOCTYPE html><html><head><title>  Ministry  signs
 supply-chain pact </title>
<style>body { color: red } .STYLETEXT { }</style>
<script>var token = "SCRIPTTEXT"; function track() {}</script></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/news">NAVTEXT News</a></li></ul></nav>
<article><h1>Ministry signs supply-chain pact</h1>
<p>WASHINGTON, D.C. &ndash; The Ministry of Commerce today announced a new agreement with
the Republic of Korea on resilient supply chains for critical minerals.</p>
<script>document.write("INLINESCRIPT")</script>
<p>The agreement was signed on June 27, 2024 by both ministers, who agreed to meet again
next year &amp; to widen cooperation on export controls and standards.</p>
</article><footer>FOOTERTEXT Copyright</footer></body></html>"""


def test_html_main_text_without_scripts_styles_or_navigation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("ingest tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    raw = HTML_PAGE.encode()
    doc = _doc(_write(tmp_path / "page.html", raw))
    assert "Republic of Korea on resilient supply chains" in doc.text
    assert "next year & to widen cooperation" in doc.text
    for junk in ("SCRIPTTEXT", "INLINESCRIPT", "STYLETEXT", "NAVTEXT", "function track"):
        assert junk not in doc.text
    assert doc.title == "Ministry signs supply-chain pact"
    assert (doc.format, doc.encoding) == ("html", "utf-8")
    assert doc.input_sha256 == hashlib.sha256(raw).hexdigest()


def test_html_falls_back_to_plain_lxml_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: None)
    doc = _doc(_write(tmp_path / "page.htm", HTML_PAGE))
    assert doc.format == "html"
    assert "The Ministry of Commerce today announced" in doc.text
    assert "\nThe agreement was signed" in doc.text  # one line per block
    for junk in ("SCRIPTTEXT", "INLINESCRIPT", "STYLETEXT", "NAVTEXT", "FOOTERTEXT"):
        assert junk not in doc.text


def test_html_with_only_scripts_is_an_error(tmp_path: Path) -> None:
    page = "<html><head><script>var a = 1;</script><style>p{}</style></head><body></body></html>"
    err = _err(_write(tmp_path / "empty.html", page))
    assert (err.doc_id, err.error) == ("empty", "no text extracted from HTML")


def test_html_cp1252_with_declared_charset(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1252"><title>Caf\u00e9 deal</title></head>'
        "<body><p>The Minister\u2019s caf\u00e9 remarks on trade.</p></body></html>"
    )
    doc = _doc(_write(tmp_path / "w.html", page.encode("cp1252")))
    assert doc.encoding == "cp1252"
    assert "The Minister\u2019s caf\u00e9 remarks on trade." in doc.text
    assert doc.title == "Caf\u00e9 deal"


def test_json_object_is_one_document(tmp_path: Path) -> None:
    rec = {"text": BODY, "published": "2024-03-14", "title": " A  title "}
    doc = _doc(_write(tmp_path / "single.json", json.dumps(rec)))
    assert (doc.doc_id, doc.text, doc.format) == ("single", BODY, "json")
    assert (doc.published, doc.date_source, doc.title) == ("2024-03-14", "record", "A title")
    canonical = json.dumps(rec, sort_keys=True).encode()
    assert doc.input_sha256 == hashlib.sha256(canonical).hexdigest()


def test_json_list_records_in_file_order(tmp_path: Path) -> None:
    recs = [{"id": "z", "text": "first"}, {"text": "second"}, {"id": 7, "text": "third"}]
    path = _write(tmp_path / "batch.json", json.dumps(recs))
    docs = _all(path)
    assert [d.doc_id for d in docs] == ["z", "batch-2", "7"]
    assert [d.text for d in docs if isinstance(d, SourceDoc)] == ["first", "second", "third"]
    assert [d.path for d in docs] == [f"{path}#1", f"{path}#2", f"{path}#3"]


def test_json_list_bad_element_fails_alone(tmp_path: Path) -> None:
    path = _write(tmp_path / "mixed.json", json.dumps([{"text": "ok"}, "oops", {"id": "n"}]))
    items = _all(path)
    assert isinstance(items[0], SourceDoc)
    assert isinstance(items[1], DocError)
    assert items[1].error == "record 2: a string, not a JSON object"
    assert isinstance(items[2], DocError)
    assert items[2].doc_id == "n"
    assert items[2].error == "record 3: no 'text' field (fields: id)"


def test_json_top_level_scalar_and_empty_list(tmp_path: Path) -> None:
    assert _err(_write(tmp_path / "n.json", "42")).error == (
        "JSON top level is a number, not an object or a list"
    )
    assert _err(_write(tmp_path / "e.json", "[]")).error == "no records (empty JSON list)"


def test_jsonl_records_and_default_ids(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "feed.jsonl",
        _jsonl([{"id": "a", "text": "one"}, {"text": "two", "published": "2024-05-01T09:30:00Z"}])
        + "\n"
        + _jsonl([{"id": "c", "text": "three", "title": "T"}]),
    )
    docs = _all(path)
    assert all(isinstance(d, SourceDoc) for d in docs)
    assert [d.doc_id for d in docs] == ["a", "feed-2", "c"]  # n = line number
    assert [d.path for d in docs] == [f"{path}#1", f"{path}#2", f"{path}#4"]
    assert docs[1].published == "2024-05-01"  # type: ignore[union-attr]
    assert docs[2].title == "T"  # type: ignore[union-attr]
    assert {d.format for d in docs} == {"jsonl"}  # type: ignore[union-attr]


def test_jsonl_with_bom_and_utf16(tmp_path: Path) -> None:
    body = _jsonl([{"id": "a", "text": "caf\u00e9"}])
    doc = _doc(_write(tmp_path / "bom.jsonl", codecs.BOM_UTF8 + body.encode()))
    assert (doc.text, doc.encoding) == ("caf\u00e9", "utf-8-sig")
    doc = _doc(_write(tmp_path / "wide.jsonl", body.encode("utf-16")))
    assert (doc.text, doc.encoding) == ("caf\u00e9", "utf-16-le")


def test_jsonl_cp1252_line_is_decoded_with_a_warning(tmp_path: Path) -> None:
    good = json.dumps({"id": "u", "text": "fine"}).encode() + b"\n"
    legacy = '{"id": "w", "text": "The Minister\u2019s view"}\n'.encode("cp1252")
    docs = _all(_write(tmp_path / "mixed.jsonl", good + legacy))
    assert [(d.doc_id, d.encoding) for d in docs] == [("u", "utf-8"), ("w", "cp1252")]  # type: ignore[union-attr]
    assert docs[1].text == "The Minister\u2019s view"  # type: ignore[union-attr]
    assert docs[1].warnings == ("not UTF-8; decoded as cp1252",)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("record", "error"),
    [
        ({"id": "x"}, "line 1: no 'text' field (fields: id)"),
        ({"id": "x", "text": 12}, "line 1: field 'text' is a number, not a string"),
        ({"id": "x", "text": None}, "line 1: field 'text' is null, not a string"),
        ({"id": "x", "text": ""}, "line 1: field 'text' has no text (empty)"),
        ({"id": "x", "text": " \n\t"}, "line 1: field 'text' has no text (whitespace only)"),
        ({"id": "x", "text": "a\x00b"}, "line 1: field 'text' contains NUL characters"),
        ({"id": ["x"], "text": "t"}, "line 1: field 'id' is an array, not a string or number"),
        ([1, 2], "line 1: an array, not a JSON object"),
    ],
)
def test_jsonl_bad_record_names_the_line(tmp_path: Path, record: object, error: str) -> None:
    assert _err(_write(tmp_path / "r.jsonl", _jsonl([record]))).error == error


def test_record_surrogate_escapes_are_replaced(tmp_path: Path) -> None:
    doc = _doc(_write(tmp_path / "s.jsonl", '{"id": "s", "text": "a\\ud800b"}\n'))
    assert doc.text == "a\ufffdb"
    assert doc.warnings == ("unpaired surrogate escapes in 'text' replaced by U+FFFD",)


def test_csv_records(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "rows.csv",
        'id,title,published,text\r\nr1,First,2024-01-02,"Line one\r\nline two, with comma"\r\n'
        ',Second,,"Quote ""inside"""\r\n',
    )
    docs = _all(path)
    assert all(isinstance(d, SourceDoc) for d in docs)
    assert [d.doc_id for d in docs] == ["r1", "rows-2"]
    assert docs[0].text == "Line one\r\nline two, with comma"  # type: ignore[union-attr]
    assert docs[0].published == "2024-01-02"  # type: ignore[union-attr]
    assert docs[1].text == 'Quote "inside"'  # type: ignore[union-attr]
    assert (docs[1].title, docs[1].published) == ("Second", None)  # type: ignore[union-attr]
    row = {"id": "r1", "title": "First", "published": "2024-01-02", "text": docs[0].text}  # type: ignore[union-attr]
    canonical = json.dumps(row, sort_keys=True).encode()
    assert docs[0].input_sha256 == hashlib.sha256(canonical).hexdigest()  # type: ignore[union-attr]


def test_field_map_renames_record_fields(tmp_path: Path) -> None:
    fields = FieldMap(id="prid", text="body_text", published="release_datetime", title="headline")
    rec = {"prid": 99, "body_text": BODY, "release_datetime": "2026-08-10 14:30", "headline": "H"}
    doc = _doc(_write(tmp_path / "pib.json", json.dumps([rec])), fields=fields)
    assert (doc.doc_id, doc.text, doc.published, doc.title) == ("99", BODY, "2026-08-10", "H")
    csv_path = _write(tmp_path / "pib.csv", "prid,body_text\n5,hello\n")
    assert _doc(csv_path, fields=fields).doc_id == "5"


# -- the bad-input battery -----------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    err = _err(_write(tmp_path / "blank.txt", b""))
    assert (err.doc_id, err.path, err.error) == ("blank", str(tmp_path / "blank.txt"), "empty file")


def test_whitespace_only(tmp_path: Path) -> None:
    assert _err(_write(tmp_path / "ws.txt", " \r\n\t \n")).error == "no text (whitespace only)"


@pytest.mark.parametrize(
    ("name", "raw", "kind"),
    [
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(30), "PNG image"),
        ("paper.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF document"),
        ("archive.txt", gzip.compress(b"the release"), "gzip archive"),
        ("feed.jsonl", gzip.compress(b'{"text": "x"}\n'), "gzip archive"),
    ],
)
def test_binary_content(tmp_path: Path, name: str, raw: bytes, kind: str) -> None:
    assert _err(_write(tmp_path / name, raw)).error == f"binary content ({kind})"


def test_invalid_utf8_keeps_document_with_warning(tmp_path: Path) -> None:
    good = "Minister\u2019s \u201cview\u201d "
    doc = _doc(_write(tmp_path / "bad.txt", good.encode() + b"\xc3(" + b" end"))
    assert doc.text == good + "\ufffd( end"
    assert doc.encoding == "utf-8-replace"
    at = len(good.encode())
    assert doc.warnings == (
        f"invalid UTF-8: 1 bad sequence(s) replaced by U+FFFD, first at byte {at}",
    )


def test_cp1252_and_latin1(tmp_path: Path) -> None:
    doc = _doc(_write(tmp_path / "win.txt", BODY.encode("cp1252")))
    assert (doc.text, doc.encoding) == (BODY, "cp1252")
    text = "R\u00e9union \u00e0 Gen\u00e8ve sur le commerce.\n"
    doc = _doc(_write(tmp_path / "latin.txt", text.encode("latin-1")))
    assert doc.text == text
    assert doc.input_sha256 == hashlib.sha256(text.encode("latin-1")).hexdigest()


def test_utf8_and_utf16_with_bom(tmp_path: Path) -> None:
    doc = _doc(_write(tmp_path / "u8.txt", codecs.BOM_UTF8 + BODY.encode()))
    assert (doc.text, doc.encoding) == (BODY, "utf-8-sig")
    doc = _doc(_write(tmp_path / "u16be.txt", codecs.BOM_UTF16_BE + BODY.encode("utf-16-be")))
    assert (doc.text, doc.encoding) == (BODY, "utf-16-be")
    doc = _doc(_write(tmp_path / "u16le.txt", codecs.BOM_UTF16_LE + BODY.encode("utf-16-le")))
    assert (doc.text, doc.encoding) == (BODY, "utf-16-le")


def test_nul_bytes(tmp_path: Path) -> None:
    err = _err(_write(tmp_path / "nul.txt", b"Trade\x00 talks\x00\x00 in Geneva\x01"))
    assert err.error == "binary content (NUL bytes)"


def test_crlf_and_lone_cr_are_kept_exactly(tmp_path: Path) -> None:
    text = "Title\r\n\r\nWASHINGTON \u2013 Para one.\rPara two.\r\nEnd"
    doc = _doc(_write(tmp_path / "crlf.txt", text))
    assert doc.text == text
    assert doc.text[doc.text.index("Para two") :].startswith("Para two.\r\n")


def test_five_megabyte_release_is_read_whole(tmp_path: Path) -> None:
    para = "The two sides agreed to deepen cooperation on supply chains and export controls. "
    text = "Big release\n\n" + "\n".join(para * 8 for _ in range(8000))
    assert len(text) > 5_000_000
    doc = _doc(_write(tmp_path / "big.txt", text))
    assert doc.text == text


def test_one_200k_character_line(tmp_path: Path) -> None:
    line = "word " * 40_000
    assert _doc(_write(tmp_path / "long.txt", line)).text == line
    assert _doc(_write(tmp_path / "long.jsonl", _jsonl([{"text": line}]))).text == line
    assert _doc(_write(tmp_path / "long.csv", f"text\n{line}\n")).text == line  # > csv default


def test_malformed_json_is_one_error_for_the_file(tmp_path: Path) -> None:
    err = _err(_write(tmp_path / "broken.json", '[{"text": "a"},\n {"text": "b"'))
    assert err.doc_id == "broken"
    assert err.error == "invalid JSON at line 2 column 14: Expecting ',' delimiter"


def test_malformed_jsonl_line_fails_alone(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "feed.jsonl",
        '{"id": "a", "text": "one"}\n{"id": "b", "text": \n{"id": "c", "text": "three"}\n',
    )
    items = _all(path)
    assert [type(i).__name__ for i in items] == ["SourceDoc", "DocError", "SourceDoc"]
    assert (items[1].doc_id, items[1].path) == ("feed-2", f"{path}#2")
    assert items[1].error == "line 2: invalid JSON at column 21: Expecting value"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            'id,text\nx,"unterminated\n',
            [("rows-1", "row 1 (line 2): malformed CSV: unexpected end of data")],
        ),
        (
            'id,text\nx,"a"b\n',
            [("rows-1", "row 1 (line 2): malformed CSV: ',' expected after '\"'")],
        ),
        (
            "id,text\nx,a,extra\ny,b\n",
            [("rows-1", "row 1 (line 2): 3 fields, header has 2"), ("y", None)],
        ),
        ("id,body\nx,a\n", [("rows", "no 'text' column in CSV header (fields: id, body)")]),
        ("id,text,id\nx,a,b\n", [("rows", "duplicate column 'id' in CSV header")]),
        ("id,text\n", [("rows", "no records (CSV has a header only)")]),
        ("id,text\nx\n", [("x", "row 1: no 'text' field (fields: id)")]),
    ],
)
def test_malformed_csv(
    tmp_path: Path, content: str, expected: list[tuple[str, str | None]]
) -> None:
    items = _all(_write(tmp_path / "rows.csv", content))
    got = [(i.doc_id, i.error if isinstance(i, DocError) else None) for i in items]
    assert got == expected


def test_manifest_bad_date_and_unknown_id(tmp_path: Path) -> None:
    docs_dir = tmp_path / "in"
    _write(docs_dir / "a.txt", BODY)
    _write(docs_dir / "b.txt", BODY)
    _write(docs_dir / "c.txt", BODY)
    manifest = _write(
        tmp_path / "m.jsonl",
        _jsonl(
            [
                {"id": "a", "published": "2024-02-30", "title": "A"},
                {"id": "b", "published": "2024-06-27T10:00:00-04:00"},
                {"id": "c", "published": "June 5, 2024"},
                {"id": "not-in-this-run", "published": "2020-01-01"},
            ]
        ),
    )
    a, b, c = _all(docs_dir, manifest=manifest)
    assert isinstance(a, SourceDoc) and isinstance(b, SourceDoc) and isinstance(c, SourceDoc)
    assert (a.published, a.date_source, a.title) == (None, None, "A")
    assert a.warnings == ("manifest published '2024-02-30' is not a YYYY-MM-DD date; ignored",)
    assert (b.published, b.date_source, b.warnings) == ("2024-06-27", "manifest", ())
    assert c.published is None
    assert "'June 5, 2024'" in c.warnings[0]


def test_manifest_wins_over_record_and_bad_manifest_date_falls_back(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "r.jsonl",
        _jsonl(
            [
                {"id": "m", "text": "x", "published": "2020-01-01", "title": "record title"},
                {"id": "f", "text": "y", "published": "2021-05-06"},
                {"id": "n", "text": "z", "published": 2024},
            ]
        ),
    )
    manifest = _write(
        tmp_path / "m.jsonl",
        _jsonl(
            [{"id": "m", "published": "2024-03-14", "title": "T"}, {"id": "f", "published": "x"}]
        ),
    )
    m, f, n = _all(path, manifest=manifest)
    assert (m.published, m.date_source, m.title) == ("2024-03-14", "manifest", "T")  # type: ignore[union-attr]
    assert (f.published, f.date_source) == ("2021-05-06", "record")  # type: ignore[union-attr]
    assert f.warnings == ("manifest published 'x' is not a YYYY-MM-DD date; ignored",)  # type: ignore[union-attr]
    assert (n.published, n.warnings) == (  # type: ignore[union-attr]
        None,
        ("record published 2024 is not a YYYY-MM-DD date; ignored",),
    )


HINT = "name documents by path with --id-from path"


def test_duplicate_doc_id(tmp_path: Path) -> None:
    first = _write(tmp_path / "a" / "rel.txt", "one")
    _write(tmp_path / "b" / "rel.txt", "two")
    _write(tmp_path / "c.jsonl", _jsonl([{"id": "rel", "text": "three"}]))
    items = _all(tmp_path)
    assert isinstance(items[0], SourceDoc) and items[0].text == "one"
    assert [(i.doc_id, i.error) for i in items[1:]] == [  # type: ignore[union-attr]
        ("rel", f"duplicate doc_id, first seen in {first}; {HINT}"),
        ("rel", f"duplicate doc_id, first seen in {first}"),
    ]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = _write(tmp_path / "locked.txt", BODY)
    broken = _write(tmp_path / "eio.txt", BODY)
    real_open = Path.open

    def fake_open(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        if self.name == "eio.txt":
            raise OSError(5, "Input/output error", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", fake_open)
    assert _err(locked).error == "cannot read: permission denied"
    assert _err(broken).error == "cannot read: Input/output error"


def test_directory_named_like_a_file_has_no_documents(tmp_path: Path) -> None:
    folder = tmp_path / "x.txt"
    folder.mkdir()
    err = _err(folder)
    assert err.doc_id == "x.txt"
    assert err.error.startswith("no documents (no .txt, .md, .html")


def test_unreadable_subdirectory_is_reported_and_the_rest_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path / "ok" / "a.txt", BODY)
    _write(tmp_path / "secret" / "b.txt", BODY)
    real_scandir = os.scandir

    def fake_scandir(path: object = ".") -> object:
        if Path(os.fspath(path)).name == "secret":  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", fake_scandir)
    items = _all(tmp_path)
    assert [(type(i).__name__, i.doc_id) for i in items] == [
        ("DocError", "secret"),
        ("SourceDoc", "a"),
    ]
    assert items[0].error == "cannot read directory: permission denied"  # type: ignore[union-attr]


def test_empty_directory_has_no_documents(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    _write(tmp_path / "empty" / "README.md", "about")
    err = _err(tmp_path / "empty")
    assert err.doc_id == "empty"
    assert err.error == "no documents (no .txt, .md, .html, .htm, .json, .jsonl, .csv files)"


def test_field_map_rejects_empty_names() -> None:
    with pytest.raises(ValueError, match="'text' must be a non-empty string"):
        FieldMap(text="")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert _err(fifo).error == "cannot read: a FIFO, not a regular file"


def test_directory_symlink_loop_terminates(tmp_path: Path) -> None:
    root = tmp_path / "root"
    _write(root / "sub" / "doc.txt", BODY)
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    (root / "self").symlink_to(".", target_is_directory=True)
    files: list[Path] = []
    errors: list[DocError] = []
    skipped: list[ingest.Skipped] = []
    ingest._walk(root, ingest._Context({}, ()), files, errors, skipped)
    assert (files, errors, skipped) == ([root / "sub" / "doc.txt"], [], [])
    assert [d.doc_id for d in _all(root)] == ["doc"]


def test_directory_symlink_is_followed(tmp_path: Path) -> None:
    _write(tmp_path / "elsewhere" / "far.txt", BODY)
    _write(tmp_path / "in" / "near.txt", BODY)
    (tmp_path / "in" / "link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert [d.doc_id for d in _all(tmp_path / "in")] == ["far", "near"]


def test_missing_path(tmp_path: Path) -> None:
    err = _err(tmp_path / "nope.txt")
    assert (err.doc_id, err.path, err.error) == ("nope", str(tmp_path / "nope.txt"), "no such file")


def test_broken_symlink(tmp_path: Path) -> None:
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    assert _err(tmp_path / "dangling.txt").error == "no such file (broken symlink)"
    assert [i.error for i in _all(tmp_path)] == ["no such file (broken symlink)"]  # type: ignore[union-attr]


def test_errors_stay_on_one_line(tmp_path: Path) -> None:
    err = _err(_write(tmp_path / "two\nlines.txt", b""))
    assert err.error == "empty file"
    assert "\n" not in str(err)
    assert _is_safe(err.doc_id)
    first = _write(tmp_path / "d\n1" / "same.txt", "x")
    _write(tmp_path / "d2" / "same.txt", "y")
    dup = _all(tmp_path / "d\n1", tmp_path / "d2")[1]
    assert isinstance(dup, DocError)
    shown = str(first).replace("\n", "\\n")
    assert dup.error == f"duplicate doc_id, first seen in {shown}; {HINT}"


# -- hostile ids ---------------------------------------------------------------------------

HOSTILE = [
    "../../x",
    "/etc/passwd",
    "..",
    ".",
    ".hidden",
    "a\x00b",
    "line\nbreak",
    "C:\\Windows\\system32",
    "con",
    "trailing. ",
    "x" * 400,
    "é" * 140,
    "\u202eevil",
]


def test_hostile_record_ids_are_made_safe_and_stay_distinct(tmp_path: Path) -> None:
    recs = [{"id": h, "text": f"text {n}"} for n, h in enumerate(HOSTILE)]
    docs = _all(_write(tmp_path / "hostile.json", json.dumps(recs)))
    assert all(isinstance(d, SourceDoc) for d in docs)
    ids = [d.doc_id for d in docs]
    assert all(_is_safe(i) for i in ids), ids
    assert len(set(ids)) == len(HOSTILE)
    assert all("not safe as a file name" in d.warnings[0] for d in docs)  # type: ignore[union-attr]
    for doc_id in ids:  # the writer joins it under --out: it must stay there
        out = tmp_path / "out"
        assert (out / f"{doc_id}.json").resolve().parent == out.resolve()


def test_hostile_csv_ids(tmp_path: Path) -> None:
    path = _write(tmp_path / "h.csv", 'id,text\n../../etc/x,a\n"new\nline",b\n/abs/path,c\n')
    ids = [d.doc_id for d in _all(path)]
    assert len(ids) == 3 and all(_is_safe(i) for i in ids), ids


def test_safe_doc_id_keeps_ordinary_ids() -> None:
    for doc_id in ("ustr-2019-01-25-joint-statement", "000_b60951ee979ae1a4", "report v2.1", "7"):
        assert safe_doc_id(doc_id) == doc_id


def test_safe_doc_id_shortens_with_a_hash() -> None:
    a, b = safe_doc_id("x" * 200 + "a"), safe_doc_id("x" * 200 + "b")
    assert a != b
    assert len(a) == len(b) == 150
    assert a.startswith("x" * 100)
    assert len(safe_doc_id("é" * 140).encode()) <= 200


@given(st.text(max_size=300))
def test_safe_doc_id_is_safe_and_idempotent(raw: str) -> None:
    safe = safe_doc_id(raw)
    assert _is_safe(safe)
    assert safe_doc_id(safe) == safe
    assert safe.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL"}


@given(st.text(max_size=40), st.text(max_size=40))
def test_safe_doc_id_keeps_distinct_ids_distinct(a: str, b: str) -> None:
    if a != b:
        assert safe_doc_id(a) != safe_doc_id(b)


# -- inputs, order, walking ----------------------------------------------------------------


def test_deterministic_sorted_order(tmp_path: Path) -> None:
    names = ("b/z.txt", "a.txt", "b/a.md", "c.json", "B.txt", "b/sub/m.txt")
    for name in names:
        _write(tmp_path / name, BODY if not name.endswith(".json") else json.dumps({"text": "j"}))
    first = [d.path for d in _all(tmp_path)]
    assert first == [str(p) for p in sorted(tmp_path / n for n in names)]
    assert [d.path for d in _all(tmp_path)] == first


def test_inputs_keep_their_given_order(tmp_path: Path) -> None:
    b = _write(tmp_path / "b.txt", BODY)
    a = _write(tmp_path / "a.txt", BODY)
    assert [d.doc_id for d in _all(b, a)] == ["b", "a"]
    assert [d.doc_id for d in iter_sources(str(b))] == ["b"]  # a bare string is one input


def test_walk_skips_manifest_readme_hidden_and_other_suffixes(tmp_path: Path) -> None:
    _write(tmp_path / "doc.txt", BODY)
    _write(tmp_path / "manifest.jsonl", _jsonl([{"id": "doc", "published": "2024-01-01"}]))
    _write(tmp_path / "README.md", "# About this corpus")
    _write(tmp_path / "sub" / "manifest.jsonl", "not json")
    _write(tmp_path / ".hidden.txt", BODY)
    _write(tmp_path / ".git" / "x.txt", BODY)
    _write(tmp_path / "image.png", b"\x89PNG\r\n\x1a\n")
    _write(tmp_path / "meta.jsonl", _jsonl([{"id": "doc", "published": "2024-01-02"}]))
    items = _all(tmp_path, manifest=tmp_path / "meta.jsonl")
    assert [(i.doc_id, getattr(i, "published", None)) for i in items] == [("doc", "2024-01-02")]
    readme = _doc(tmp_path / "README.md")  # named explicitly: read
    assert readme.text == "# About this corpus"


def test_glob_patterns(tmp_path: Path) -> None:
    _write(tmp_path / "data" / "x" / "one.txt", BODY)
    _write(tmp_path / "data" / "two.txt", BODY)
    _write(tmp_path / "data" / "three.md", BODY)
    assert [d.doc_id for d in _all(f"{tmp_path}/data/**/*.txt")] == ["two", "one"]
    err = _one(Path(f"{tmp_path}/nothing/*.txt"))
    assert isinstance(err, DocError)
    assert err.error == "no such file (pattern matched nothing)"


def test_same_file_twice_is_read_once(tmp_path: Path) -> None:
    path = _write(tmp_path / "d" / "one.txt", BODY)
    (tmp_path / "alias.txt").symlink_to(path)
    items = _all(tmp_path / "d", path, tmp_path / "alias.txt", f"{tmp_path}/d/*.txt")
    assert [(type(i).__name__, i.doc_id) for i in items] == [("SourceDoc", "one")]


def test_explicit_unknown_suffix_is_read_as_text(tmp_path: Path) -> None:
    doc = _doc(_write(tmp_path / "notes.rst", "Plain words."))
    assert (doc.text, doc.format) == ("Plain words.", "txt")


def test_too_large_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 1024)
    err = _err(_write(tmp_path / "huge.txt", "x" * 2048))
    assert err.error == "file too large (0 MiB; the limit is 0 MiB)"
    line = _jsonl([{"text": "y" * 2000}])
    assert _err(_write(tmp_path / "huge.jsonl", line)).error.startswith("line 1: line too long")


# -- manifest --------------------------------------------------------------------------------


def test_load_manifest_rows(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "m.jsonl",
        codecs.BOM_UTF8 + b'{"id": "a", "published": "2024-01-01"}\n\n{"id": 5}\n',
    )
    assert load_manifest(path) == {"a": {"id": "a", "published": "2024-01-01"}, "5": {"id": 5}}
    assert load_manifest(None) == {}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a"}\n{"id": "b", \n', r"m\.jsonl:2: malformed manifest line: "),
        ('{"id": "a"}\n["b"]\n', r"m\.jsonl:2: manifest line is an array, not an object"),
        ('{"published": "2024-01-01"}\n', r"m\.jsonl:1: manifest line has no usable 'id'"),
        ('{"id": "a", "published": "2024-01-01"}\n{"id": "a", "published": "2025-01-01"}\n',
         r"m\.jsonl:2: id 'a' is already on line 1 with other values"),
    ],
)  # fmt: skip
def test_malformed_manifest_raises_at_the_call(tmp_path: Path, content: str, message: str) -> None:
    _write(tmp_path / "doc.txt", BODY)
    manifest = _write(tmp_path / "m.jsonl", content)
    with pytest.raises(ValueError, match=message):
        iter_sources([str(tmp_path / "doc.txt")], manifest=manifest)  # raises before iterating


def test_missing_manifest_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"manifest .*nope\.jsonl: no such file"):
        iter_sources([str(tmp_path)], manifest=tmp_path / "nope.jsonl")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-06-27", "2024-06-27"),
        (" 2024-06-27 ", "2024-06-27"),
        ("2024-06-27T23:30:00-05:00", "2024-06-27"),
        ("2024-06-27T10:00:00Z", "2024-06-27"),
        ("2024-06-27 10:00", "2024-06-27"),
        ("2024-02-30", None),
        ("2024-13-01", None),
        ("2024-06-27T25:00", None),
        ("2024-06-27junk", None),
        ("27/06/2024", None),
        ("2024-06", None),
        (20240627, None),
        (None, None),
    ],
)
def test_parse_published(value: object, expected: str | None) -> None:
    assert parse_published(value) == expected


# -- the bundled corpus --------------------------------------------------------------------


def test_bundled_corpus_releases_with_manifest_dates() -> None:
    releases = Path(__file__).resolve().parents[1] / "corpus" / "releases"
    manifest = releases / "manifest.jsonl"
    rows = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines() if line]
    items = list(iter_sources([str(releases)], manifest=manifest))
    errors = [i for i in items if isinstance(i, DocError)]
    assert errors == []
    assert len(rows) == len(list(releases.glob("*.txt"))) >= 60
    assert sorted((d.doc_id, d.published) for d in items) == sorted(
        (r["id"], r["published"]) for r in rows
    )
    assert {d.date_source for d in items} == {"manifest"}  # type: ignore[union-attr]
    assert all(
        d.title == r["title"]
        for d, r in zip(
            sorted(items, key=lambda d: d.doc_id), sorted(rows, key=lambda r: r["id"]), strict=True
        )
    )  # type: ignore[union-attr]


# -- walking: what is not read, ids by path, stdin, gzip --------------------------------


def test_skipped_files_and_unmatched_manifest_ids_are_reported(tmp_path: Path) -> None:
    src = tmp_path / "in"
    _write(src / "rel.txt", BODY)
    _write(src / "data.bin", b"\x00\x01")
    _write(src / "old-out" / ingest.OUTPUT_MARKER, b"")
    _write(src / "old-out" / "rel.json", json.dumps({"doc_id": "rel"}))
    manifest = _write(tmp_path / "m.jsonl", '{"id": "rel"}\n{"id": "ghost"}\n')
    items = list(iter_sources([str(src)], manifest=manifest, report_skipped=True))
    kinds = [(type(i).__name__, getattr(i, "reason", None)) for i in items]
    assert kinds == [
        ("Skipped", "unsupported suffix .bin"),
        ("Skipped", "a tradefacts output directory; never read as input"),
        ("SourceDoc", None),
        ("Skipped", "manifest id 'ghost' matches no document"),
    ]
    # without report_skipped the stream holds documents and errors only, as before
    assert [type(i).__name__ for i in iter_sources([str(src)], manifest=manifest)] == [
        "SourceDoc"
    ]


def test_ids_from_path_and_the_output_directory_excluded(tmp_path: Path) -> None:
    src = tmp_path / "site"
    _write(src / "a" / "index.html", f"<html><body><p>{BODY}</p></body></html>")
    _write(src / "b" / "c" / "index.txt.gz", gzip.compress(BODY.encode()))
    _write(src / "out" / "index.json", json.dumps({"id": "x", "text": BODY}))
    docs = list(iter_sources([str(src)], id_from="path", exclude=[src / "out"]))
    assert [d.doc_id for d in docs] == ["a__index", "b__c__index"]
    assert all(isinstance(d, SourceDoc) for d in docs)
    assert docs[1].format == "txt" and docs[1].text == BODY


def test_stdin_is_one_document(tmp_path: Path) -> None:
    data = io.BytesIO(("Headline\n\n" + BODY).encode())
    (doc,) = iter_sources(["-"], stdin=data, stdin_id="piped")
    assert isinstance(doc, SourceDoc)
    assert (doc.doc_id, doc.path, doc.title) == ("piped", "<stdin>", "Headline")


@pytest.mark.parametrize(
    ("text", "markdown", "title"),
    [
        ("\n\n  Trade  Ministers Meet \nbody", False, "Trade Ministers Meet"),
        ("## **Trade Talks**\n\nbody", True, "Trade Talks"),
        ("x" * 400 + "\nbody", False, None),
        ("   \n\t", False, None),
    ],
)
def test_first_line_title(text: str, markdown: bool, title: str | None) -> None:
    assert ingest.first_line_title(text, markdown=markdown) == title
