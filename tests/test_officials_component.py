"""Officials on small texts: titles, names, bodies, countries, folding of short mentions."""

from __future__ import annotations

from typing import Any

from pipeline.document import SourceDoc


def _officials(extractor: Any, text: str) -> dict[str, dict[str, Any]]:
    rec = extractor.extract(SourceDoc(doc_id="t", text=text, published="2024-05-01"))
    return {o["name"]: o for o in rec["officials"]}


def test_body_title_name_and_short_mentions(extractor: Any) -> None:
    offs = _officials(
        extractor,
        "Today, U.S. Department of Commerce Secretary Gina Raimondo and Korean Minister of "
        "Trade, Industry, and Energy Ahn Duk-geun met. Later Secretary Raimondo and "
        "Minister Ahn spoke.",
    )
    assert set(offs) == {"Gina Raimondo", "Ahn Duk-geun"}
    gina, ahn = offs["Gina Raimondo"], offs["Ahn Duk-geun"]
    assert (gina["title"], gina["organization"], gina["country"]) == (
        "Secretary",
        "U.S. Department of Commerce",
        "US",
    )
    assert ahn["title"] == "Minister of Trade, Industry, and Energy"
    assert ahn["country"] == "KR"
    assert ahn["organization"].startswith("Ministry of Trade, Industry")
    assert len(gina["mentions"]) == 2 and len(ahn["mentions"]) == 2


def test_indian_honorific_and_apposition(extractor: Any) -> None:
    offs = _officials(
        extractor,
        "The agreement was signed by Shri Ravi Menon, Director, Ministry of Textiles, "
        "in New Delhi.",
    )
    ravi = offs["Ravi Menon"]
    assert ravi["title"] == "Director"
    assert ravi["organization"] == "Ministry of Textiles"
    assert ravi["country"] == "IN"


def test_two_leaders_are_two_countries(extractor: Any) -> None:
    offs = _officials(
        extractor,
        "The United States and Canada issued a statement. President Biden and Prime "
        "Minister Trudeau agreed to meet again. President Biden thanked Canada.",
    )
    assert offs["Biden"]["country"] == "US"
    assert offs["Trudeau"]["country"] == "CA"


def test_country_after_name(extractor: Any) -> None:
    offs = _officials(
        extractor,
        "The talks were led by Prime Minister Kishida Fumio of Japan and President "
        "Joseph R. Biden, Jr. of the United States.",
    )
    assert offs["Kishida Fumio"]["country"] == "JP"
    assert offs["Kishida Fumio"]["title"] == "Prime Minister"
