"""tf_countries: country mentions from the curated table, look-alikes rejected, one fact a code."""

from __future__ import annotations

from typing import Any

from pipeline.api import Extractor
from tests.conftest import make_src as _src
from tests.conftest import require_shared

SEED_ID = "000_b60951ee979ae1a4"

# Sentences of the seed release (seeds/000_b60951ee979ae1a4.txt).
SEED = (
    "Today, U.S. Department of Commerce Secretary Gina Raimondo and Korean Minister of "
    "Trade, Industry, and Energy Ahn Duk-geun held the second United States-Korea Supply "
    "Chain and Commercial Dialogue (SCCD) Ministerial Meeting.\n"
    "The Department signed a preliminary memorandum with Samsung Electronics for a "
    "semiconductor ecosystem in Central Texas and with Absolics in Georgia.\n"
    "They held a U.S.-Korea Biopharma Roundtable at the 2024 BIO International Convention "
    "in San Diego.\n"
)


def countries(ex: Extractor, text: str) -> dict[str, dict[str, Any]]:
    """Country facts by code; every mention checked to be character-true."""
    record = ex.extract(_src(text))
    out = {}
    for fact in record["countries"]:
        for m in fact["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
        out[fact["code"]] = fact
    return out


def mention_texts(fact: dict[str, Any]) -> list[str]:
    return [m["text"] for m in fact["mentions"]]


# -- model-free --------------------------------------------------------------------------


def test_seed_countries(blank: Extractor) -> None:
    facts = countries(blank, SEED)
    assert set(facts) == {"US", "KR"}
    assert facts["US"]["name"] == "United States"
    assert facts["KR"]["name"] == "South Korea"
    assert "Korean" in mention_texts(facts["KR"])  # a demonym used as an adjective
    assert all(f["source"].startswith("countries:") for f in facts.values())


def test_compound_gives_one_mention_per_party(blank: Extractor) -> None:
    text = "The U.S.-Korea roundtable and the U.S.-Japan-ROK summit met."
    facts = countries(blank, text)
    assert set(facts) == {"US", "KR", "JP"}
    us_starts = [m["start"] for m in facts["US"]["mentions"]]
    assert us_starts == [text.index("U.S.-Korea"), text.index("U.S.-Japan")]
    assert mention_texts(facts["KR"]) == ["Korea", "ROK"]


def test_compounds_the_tokenizer_keeps_whole(blank: Extractor) -> None:
    text = "A U.S.-led coalition, Indo-US trade and the Indo-Pacific."
    facts = countries(blank, text)
    assert set(facts) == {"US", "IN"}
    assert mention_texts(facts["US"]) == ["U.S.", "US"]
    assert mention_texts(facts["IN"]) == ["Indo"]


def test_abbreviations_are_case_sensitive(blank: Extractor) -> None:
    assert countries(blank, "Join us for the meeting with them.") == {}
    assert set(countries(blank, "The US and the UK agreed.")) == {"US", "GB"}


def test_lowercase_look_alikes_are_not_countries(blank: Extractor) -> None:
    assert countries(blank, "They served turkey and a bowl of chile.") == {}
    assert set(countries(blank, "Turkey and Chile signed.")) == {"TR", "CL"}


def test_country_inside_a_longer_place_name_is_not_a_country(blank: Extractor) -> None:
    text = "Plants in New Mexico, trade across the Indian Ocean and with Central America."
    assert countries(blank, text) == {}


def test_georgia_among_us_states_is_the_state(blank: Extractor) -> None:
    assert "GE" not in countries(blank, "Investments in Central Texas and Georgia.")
    text = "Georgia and Armenia met; Georgian officials welcomed the deal."
    assert "GE" in countries(blank, text)


def test_european_counts_only_inside_a_name(blank: Extractor) -> None:
    assert set(countries(blank, "The European Commission met.")) == {"EU"}
    assert countries(blank, "Demand in European markets rose.") == {}


def test_demonyms_of_products_name_no_party(blank: Extractor) -> None:
    assert "IE" not in countries(blank, "The names Scotch whisky and Irish whisky stay.")
    assert "KR" in countries(blank, "Korean companies will invest.")


def test_plural_demonyms(blank: Extractor) -> None:
    facts = countries(blank, "Americans and Koreans gathered.")
    assert set(facts) == {"US", "KR"}


def test_one_fact_per_code_in_mention_order(blank: Extractor) -> None:
    text = "Korea and the United States. The U.S. and the Republic of Korea, and the ROK."
    record = blank.extract(_src(text))
    codes = [f["code"] for f in record["countries"]]
    assert codes == ["KR", "US"]
    kr = record["countries"][0]
    assert mention_texts(kr) == ["Korea", "Republic of Korea", "ROK"]


def test_empty_and_odd_text_process(blank: Extractor) -> None:
    for text in ("", "-", "U.S.-", "—/—", "US/", "Korea's"):
        blank.extract(_src(text))


# -- with the model ------------------------------------------------------------------------


def _seed_text() -> str:
    """The seed release: ../shared/seeds, else its copy bundled in corpus/releases."""
    return require_shared("seeds", f"{SEED_ID}.txt").read_text(encoding="utf-8")


def test_seed_release_with_model(full: Extractor) -> None:
    text = _seed_text()
    assert set(countries(full, text)) == {"US", "KR"}


def test_person_named_like_a_country_with_model(full: Extractor) -> None:
    text = "Secretary Michael Jordan met officials from India in New Delhi."
    assert set(countries(full, text)) == {"IN"}
