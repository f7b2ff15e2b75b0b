"""tf_places: gazetteer places, shape rules, Georgia by context, one fact a place."""

from __future__ import annotations

from typing import Any

from pipeline.api import Extractor
from pipeline.normalize.countries import country_code, rows
from pipeline.normalize.geo import (
    PLACE_TYPES,
    lookup,
    place_rows,
    us_state_context,
    us_state_names,
    us_states,
)
from tests.conftest import make_src as _src
from tests.conftest import require_shared

SEED_ID = "000_b60951ee979ae1a4"

SEED = (
    "Today, U.S. Department of Commerce Secretary Gina Raimondo and Korean Minister Ahn "
    "Duk-geun held the second Ministerial Meeting.\n"
    "The Department signed a preliminary memorandum with Samsung Electronics for a "
    "semiconductor ecosystem in Central Texas and with Absolics in Georgia.\n"
    "They held a U.S.-Korea Biopharma Roundtable at the 2024 BIO International Convention "
    "in San Diego.\n"
)


def places(ex: Extractor, text: str) -> dict[str, dict[str, Any]]:
    """Location facts by name; every mention checked to be character-true."""
    record = ex.extract(_src(text))
    out = {}
    for fact in record["locations"]:
        assert fact["type"] in PLACE_TYPES
        for m in fact["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
        out[fact["name"]] = fact
    return out


def brief(fact: dict[str, Any]) -> tuple[str, str | None]:
    return fact["type"], fact["country"]


# -- data files --------------------------------------------------------------------------


def test_gazetteers_are_consistent() -> None:
    codes = {str(r["code"]) for r in rows()}
    for row in place_rows():
        assert row["country"] is None or row["country"] in codes, row
        assert not str(row["name"]).lower().startswith("the ") or row["name"] == "The Hague"
    assert len(us_state_names()) == 50
    assert {r["type"] for r in us_states()} == {"state", "district", "territory"}


def test_lookup() -> None:
    place = lookup("Delhi")
    assert place is not None and place.name == "New Delhi" and place.country == "IN"
    assert lookup("Washington").name == "Washington, D.C."  # type: ignore[union-attr]
    assert lookup("Washington State").type == "state"  # type: ignore[union-attr]
    assert lookup("Korea") is None  # a country, not a location
    assert lookup("African") is None  # an adjective form only


def test_us_state_context() -> None:
    text = "Plants in Central Texas and in Georgia."
    assert us_state_context(text, text.index("Georgia"), len(text) - 1)
    text = "Georgia and Armenia met in Tbilisi with Georgian officials."
    assert not us_state_context(text, 0, 7)
    text = "A plant near Atlanta, Georgia opened."
    assert us_state_context(text, text.index("Georgia"), text.index("Georgia") + 7)


# -- model-free --------------------------------------------------------------------------


def test_seed_locations(blank: Extractor) -> None:
    facts = places(blank, SEED)
    assert brief(facts["Central Texas"]) == ("region", "US")
    assert brief(facts["Georgia"]) == ("state", "US")
    assert brief(facts["San Diego"]) == ("city", "US")
    assert "Texas" not in facts  # only named inside "Central Texas"
    assert "Korea" not in facts and "U.S." not in facts  # countries are not locations


def test_dateline_and_later_forms_are_one_place(blank: Extractor) -> None:
    text = "Title line\n\nWashington, DC – The United States met partners in Washington today."
    facts = places(blank, text)
    assert list(facts) == ["Washington, DC"]
    dc = facts["Washington, DC"]
    assert brief(dc) == ("city", "US")
    assert [m["text"] for m in dc["mentions"]] == ["Washington, DC", "Washington"]
    assert "Washington, D.C." in dc["aliases"]


def test_all_caps_dateline_reads_as_a_name(blank: Extractor) -> None:
    facts = places(blank, "JOINT STATEMENT\n\nWASHINGTON – The United States and the EU agreed.")
    assert brief(facts["Washington"]) == ("city", "US")


def test_city_qualified_by_state(blank: Extractor) -> None:
    text = "A new plant in Piketon, Ohio will open. Piketon workers cheered."
    facts = places(blank, text)
    assert brief(facts["Piketon"]) == ("city", "US")
    assert "Piketon, Ohio" in facts["Piketon"]["aliases"]
    assert len(facts["Piketon"]["mentions"]) == 2  # the later bare use too
    assert brief(facts["Ohio"]) == ("state", "US")


def test_city_qualified_by_country(blank: Extractor) -> None:
    facts = places(blank, "The forum met in Davos, Switzerland this week.")
    assert brief(facts["Davos"]) == ("city", "CH")
    assert "Switzerland" not in facts


def test_sentence_openers_are_not_cities(blank: Extractor) -> None:
    assert places(blank, "Today, U.S. officials met. Likewise, Korea agreed.") == {}


def test_sites(blank: Extractor) -> None:
    text = (
        "The meeting was held at Vanijya Bhawan in New Delhi. Rail reaches the Port of "
        "Lobito in Angola. A plan for Pennsylvania's Philly Shipyard was announced."
    )
    facts = places(blank, text)
    assert brief(facts["Vanijya Bhawan"]) == ("site", "IN")
    assert brief(facts["Port of Lobito"]) == ("site", "AO")
    assert brief(facts["Philly Shipyard"]) == ("site", "US")
    assert brief(facts["New Delhi"]) == ("city", "IN")


def test_site_head_inside_an_organisation_name(blank: Extractor) -> None:
    assert places(blank, "The Konkan Railway Corporation signed.") == {}


def test_corridor_is_other(blank: Extractor) -> None:
    facts = places(blank, "Investments in the Lobito Corridor grew.")
    assert brief(facts["Lobito Corridor"]) == ("other", None)


def test_regions_and_adjectives(blank: Extractor) -> None:
    text = (
        "Partners in the Indo-Pacific region and Southeast Asia will work with African "
        "partners, the African Union and South African firms across sub-Saharan Africa."
    )
    facts = places(blank, text)
    # The form the release uses is the name; the gazetteer's name is an alias.
    assert brief(facts["Indo-Pacific region"]) == ("region", None)
    assert facts["Indo-Pacific region"]["aliases"] == ["Indo-Pacific"]
    assert brief(facts["Southeast Asia"]) == ("region", None)
    assert brief(facts["sub-Saharan Africa"]) == ("region", None)
    africa = facts["Africa"]
    assert [m["text"] for m in africa["mentions"]] == ["African"]  # not the Union, not ZA


def test_direction_regions(blank: Extractor) -> None:
    text = "Growth in southern Mexico and Central Texas; South Korea and West Virginia."
    facts = places(blank, text)
    assert brief(facts["southern Mexico"]) == ("region", "MX")
    assert brief(facts["Central Texas"]) == ("region", "US")
    assert brief(facts["West Virginia"]) == ("state", "US")
    assert "South Korea" not in facts


def test_state_inside_a_company_name(blank: Extractor) -> None:
    assert places(blank, "Texas Instruments and the New York Stock Exchange grew.") == {}


def test_georgia_the_country_is_no_location(blank: Extractor) -> None:
    text = "Georgia and Armenia met; Georgian officials welcomed the deal."
    assert places(blank, text) == {}
    assert country_code("Georgia") == "GE"


def test_delhi_and_new_delhi_are_one_place(blank: Extractor) -> None:
    facts = places(blank, "Held in Delhi. Officials in New Delhi said.")
    assert list(facts) == ["New Delhi"]
    assert facts["New Delhi"]["aliases"] == ["Delhi"]


# -- with the model ------------------------------------------------------------------------


def _seed_text() -> str:
    """The seed release: ../shared/seeds, else its copy bundled in corpus/releases."""
    return require_shared("seeds", f"{SEED_ID}.txt").read_text(encoding="utf-8")


def test_seed_release_with_model(full: Extractor) -> None:
    facts = places(full, _seed_text())
    assert brief(facts["Central Texas"]) == ("region", "US")
    assert brief(facts["Georgia"]) == ("state", "US")
    assert brief(facts["San Diego"]) == ("city", "US")
    assert set(facts) <= {"Central Texas", "Georgia", "San Diego", "Texas"}


def test_place_inside_organisation_entity_with_model(full: Extractor) -> None:
    facts = places(full, "Researchers at the University of Texas met officials in Austin.")
    assert "Texas" not in facts
    assert brief(facts["Austin"]) == ("city", "US")


def test_administrative_divisions(blank: Extractor) -> None:
    text = (
        "The United States and U.S. firms added jobs in Bryan County. A plant opened in "
        "Bac Ninh province and another in Lanmor province in Vietnam. The One District "
        "One Product scheme grew."
    )
    facts = places(blank, text)
    assert brief(facts["Bryan County"]) == ("region", "US")  # the release's country
    assert brief(facts["Lanmor"]) == ("region", "VN")  # the place it is put in
    assert brief(facts["Bac Ninh"]) == ("state", "VN")  # ISO 3166-2 knows the province
    assert not any("District" in name for name in facts)


def test_dateline_country_for_unplaced_sites(blank: Extractor) -> None:
    text = "Title\n\nNew Delhi: The minister opened the new Udyog Bhawan today. The US agreed."
    facts = places(blank, text)
    assert facts["New Delhi"]["source"] == "places:dateline"
    assert brief(facts["Udyog Bhawan"]) == ("site", "IN")


def test_a_name_after_a_title_is_a_person(blank: Extractor) -> None:
    facts = places(blank, "Secretary Austin met officials in Austin.")
    assert [m["text"] for m in facts["Austin"]["mentions"]] == ["Austin"]
    assert facts["Austin"]["mentions"][0]["start"] == len("Secretary Austin met officials in ")
