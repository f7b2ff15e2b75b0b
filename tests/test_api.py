"""The public API and the spaCy entry points."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
import spacy

from pipeline import extract, extract_many
from pipeline.api import chunk_text
from pipeline.validate import errors


def test_extract_returns_a_valid_record_with_relative_dates_resolved() -> None:
    rec = extract("Today the United States and Japan met in Tokyo.", published="2024-03-05")
    assert errors(rec) == []
    assert {d["value"] for d in rec["dates"]} == {"2024-03-05"}
    assert {c["code"] for c in rec["countries"]} == {"US", "JP"}


def test_without_a_document_date_relative_dates_have_no_value() -> None:
    rec = extract("Today the United States and Japan met.")
    assert rec["published"] is None
    assert [d["value"] for d in rec["dates"]] == [None]


def test_extract_many_keeps_order_and_pairs() -> None:
    recs = list(extract_many([("Today Canada signed.", "2020-01-02"), "Mexico agreed."]))
    assert [r["doc_id"] for r in recs] == ["doc-0", "doc-1"]
    assert recs[0]["countries"][0]["code"] == "CA"
    assert recs[1]["countries"][0]["code"] == "MX"


def test_components_are_spacy_entry_points() -> None:
    """After pip install, a spaCy user can add any component by name to their own pipeline."""
    nlp = spacy.blank("en")
    for name in ("tf_boilerplate", "tf_countries", "tf_dates", "tf_places", "tf_organizations"):
        nlp.add_pipe(name)
    doc = nlp("On 5 May 2024 the Government of Kenya and Germany met in Nairobi.")
    assert {s.text for s in doc.spans["tf_dates"]} == {"5 May 2024"}
    assert {s.text for s in doc.spans["tf_countries"]} >= {"Germany"}


def test_chunks_cover_the_text_exactly() -> None:
    text = ("word " * 50 + "\n") * 400
    pieces = chunk_text(text, limit=1000)
    assert "".join(p for _, p in pieces) == text
    assert all(text[o : o + len(p)] == p for o, p in pieces)
    assert max(len(p) for _, p in pieces) <= 1000


def test_long_text_is_chunked_with_exact_offsets(extractor: Any) -> None:
    from pipeline.document import SourceDoc

    para = "Today the United States and Japan signed a memorandum in Tokyo.\n"
    text = para * 2500  # ~160k characters, beyond one chunk
    rec = extractor.extract(SourceDoc(doc_id="long", text=text, published="2024-01-01"))
    countries = {c["code"]: c for c in rec["countries"]}
    assert len(countries["JP"]["mentions"]) == 2500
    for m in countries["JP"]["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]


def test_a_raising_document_fails_alone() -> None:
    """One document whose component raises must not take its batch-mates with it."""
    from spacy.language import Language

    from pipeline.api import Extractor
    from pipeline.document import SourceDoc
    from pipeline.nlp import build_blank

    @Language.component("tf_test_bomb")
    def bomb(doc):  # type: ignore[no-untyped-def]
        if "BOOM" in doc.text:
            raise ValueError("bomb went off")
        return doc

    nlp = build_blank()
    nlp.add_pipe("tf_test_bomb", first=True)
    ex = Extractor(nlp=nlp, batch_size=8)
    texts = ["Japan met Canada.", "BOOM", "Peru met Chile.", "Kenya met Ghana."]
    results = list(ex.pipe(SourceDoc(doc_id=str(i), text=t) for i, t in enumerate(texts)))
    assert [isinstance(r, Exception) for _, r in results] == [False, True, False, False]
    assert "bomb went off" in str(results[1][1])
    assert {c["code"] for c in results[2][1]["countries"]} == {"PE", "CL"}


def test_published_may_be_a_date_and_a_bad_one_is_named() -> None:
    rec = extract("Today Canada signed.", published=date(2020, 1, 2))
    assert rec["published"] == "2020-01-02"
    assert [d["value"] for d in rec["dates"]] == ["2020-01-02"]
    assert extract("Canada signed.", published=datetime(2021, 3, 4, 15, 30))["published"] == (
        "2021-03-04"
    )
    with pytest.raises(ValueError, match="'last Tuesday' is not a YYYY-MM-DD date"):
        extract("Canada signed.", published="last Tuesday")


def test_extract_many_yields_an_error_for_a_failed_item_and_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Bad input, a failing stage: that item's result names it and the cause; order holds."""
    import pipeline.api as api

    real_check = api.check_record

    def picky(record: dict[str, Any]) -> None:
        if record["doc_id"] == "invalid":
            raise ValueError("validation fault")
        real_check(record)

    monkeypatch.setattr(api, "check_record", picky)
    items = [
        "Canada met Mexico.",
        ("Peru met Chile.", "not a date"),
        {"id": "invalid", "text": "Japan met Korea."},
        42,
        {"id": "named", "text": "Kenya met Ghana.", "published": date(2021, 5, 6)},
    ]
    out = list(extract_many(items))  # type: ignore[arg-type]
    assert [r["doc_id"] for r in out] == ["doc-0", "doc-1", "invalid", "doc-3", "named"]
    assert [("error" in r) for r in out] == [False, True, True, True, False]
    assert "not a YYYY-MM-DD date" in out[1]["error"]
    assert out[2]["error"] == "ValueError: validation fault"
    assert out[3]["error"].startswith("TypeError: item is int")
    assert out[4]["published"] == "2021-05-06"
    assert {c["code"] for c in out[4]["countries"]} == {"KE", "GH"}
