"""tf_events: named, described and visit events; date, place and host read from the text."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.api import Extractor
from pipeline.components.events import compounds, heads
from pipeline.components.shapes import ordinal_value
from pipeline.normalize.names import name_key
from tests.conftest import make_src as _src
from tests.conftest import require_shared

SEED_ID = "000_b60951ee979ae1a4"


def events(ex: Extractor, text: str, published: str | None = "2025-06-01") -> dict[str, Any]:
    """Events by name key; every mention checked to be character-true."""
    record = ex.extract(_src(text, published))
    out = {}
    for fact in record["events"]:
        for m in fact["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
        out[name_key(fact["name"])] = fact
    return out


@pytest.fixture(scope="module")
def seed(blank: Extractor) -> dict[str, Any]:
    text = require_shared("seeds", f"{SEED_ID}.txt").read_text()
    return events(blank, text, "2024-06-27")


def test_seed_events(seed: dict[str, Any]) -> None:
    assert set(seed) == {
        "second united states korea supply chain and commercial dialogue sccd ministerial meeting",
        "u s korea sccd semiconductor forum",
        "joint telehealth virtual showcase",
        "u s korea biopharma roundtable",
        "2024 bio international convention",
        "additive manufacturing industry showcase",  # the date in front is not the name
    }


def test_seed_dates_places_and_kinds(seed: dict[str, Any]) -> None:
    minist = seed[
        "second united states korea supply chain and commercial dialogue sccd ministerial meeting"
    ]
    assert minist["date"] == "2024-06-27"  # "Today ... held the second ..."
    assert seed["joint telehealth virtual showcase"]["date"] == "2024-05"
    assert seed["joint telehealth virtual showcase"]["kind"] == "showcase"
    assert seed["additive manufacturing industry showcase"]["date"] == "2023-10"
    convention = seed["2024 bio international convention"]
    assert (convention["date"], convention["location"]) == ("2024", "San Diego")
    # the roundtable took place at the convention: its date and place come from there
    roundtable = seed["u s korea biopharma roundtable"]
    assert (roundtable["date"], roundtable["location"]) == ("2024", "San Diego")
    forum = seed["u s korea sccd semiconductor forum"]
    assert forum["date"] is None and forum["location"] is None  # "U.S.-Korea" is no place
    assert forum["kind"] == "forum"


def test_seed_with_the_full_model(extractor: Extractor) -> None:
    text = require_shared("seeds", f"{SEED_ID}.txt").read_text()
    found = events(extractor, text, "2024-06-27")
    assert len(found) == 6
    assert found["u s korea sccd semiconductor forum"]["participants"] == [
        "Semiconductor Industry Association",
        "Korea Semiconductor Industry Association",
    ]


OTHER = (
    "Joint Statement on the Harbourton Leaders’ Summit\n\n"
    "The 1st Meeting of Task Force on Spice Exports was held in Harbourton on 4 March 2025. "
    "The first meeting of the Task Force on Spice Exports reviewed freight costs.\n"
    "Prime Minister Alvarez’s visit to Brazil, Chile, and Peru in January 2025 opened new "
    "markets. The meeting also noted the Vice Minister’s recent trip to the region.\n"
    "Ministers met during the G20 Summit of Leaders; the G20 Leaders’ Summit adopted a "
    "declaration. The leaders agreed on reviving the Southern Cone Leaders’ Summit.\n"
    "Minister Ito opened the Harbourton Energy Week 2025 and led a trade mission to Japan.\n"
    "The Export Promotion Mission was discussed, and the bill was sent to Congress on "
    "October 16. Rules must be free and fair. The meeting ended.\n"
)


@pytest.fixture(scope="module")
def other(blank: Extractor) -> dict[str, Any]:
    return events(blank, OTHER)


def test_ordinal_forms_fold_into_one_meeting(other: dict[str, Any]) -> None:
    meeting = other["1st meeting of task force on spice exports"]
    assert meeting["kind"] == "meeting"
    assert meeting["date"] == "2025-03-04"
    assert "first meeting of the Task Force on Spice Exports" in meeting["aliases"]


def test_visit_takes_its_places_and_date(other: dict[str, Any]) -> None:
    visit = other["prime minister alvarez s visit to brazil chile and peru"]
    assert visit["kind"] == "visit"
    assert visit["location"] == "Brazil, Chile, Peru"
    assert visit["date"] == "2025-01"
    assert not any("trip" in k for k in other)  # "a trip to the region" names no place


def test_summit_word_orders_fold_and_standing_summits_are_not_events(
    other: dict[str, Any],
) -> None:
    g20 = [k for k in other if k.startswith("g20")]
    assert len(g20) == 1
    assert not any("southern cone" in k for k in other)  # revived: a standing mechanism


def test_year_after_head_and_trade_mission(other: dict[str, Any]) -> None:
    assert other["harbourton energy week 2025"]["kind"] == "week"
    assert other["trade mission to japan"]["kind"] == "trade mission"


def test_no_events_from_programmes_legislatures_adjectives_or_bare_nouns(
    other: dict[str, Any],
) -> None:
    names = " | ".join(other)
    for word in ("promotion mission", "congress", "fair", "the meeting"):
        assert word not in names, word
    assert "meeting" not in other


def test_headline_shapes(blank: Extractor) -> None:
    text = (
        "Secretary Lee Travels to India for U.S.-India Commercial Dialogue and CEO Forum\n\n"
        "Readout of President Alvarez’s Meeting with Prime Minister Sato\n"
    )
    record = blank.extract(_src(text, "2025-06-01"))
    assert [d["name"] for d in record["dialogues"]] == ["U.S.-India Commercial Dialogue"]
    names = {e["name"] for e in record["events"]}
    assert names == {"CEO Forum", "President Alvarez’s Meeting with Prime Minister Sato"}


def test_vocabulary() -> None:
    assert heads()["summit"].kind == "summit"
    assert heads()["dialogue"].needs_ordinal
    assert compounds()["state visit"] == "state visit"
    assert [ordinal_value(w) for w in ("second", "21st", "inaugural", "Forum")] == [
        "2",
        "21",
        "1",
        None,
    ]
