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


def test_acronym_and_hyphen_modifiers_describe_an_event(blank: Extractor) -> None:
    text = (
        "The talks were followed by an MoU signing ceremony. "
        "Officials will convene an NSF-funded workshop in Lima next month.\n"
    )
    found = events(blank, text)
    assert set(found) == {"mou signing ceremony", "nsf funded workshop"}
    assert found["mou signing ceremony"]["kind"] == "ceremony"


def test_press_release_kind_is_not_part_of_an_event_name(blank: Extractor) -> None:
    text = (
        "Announcement of the Northwind Trade and Investment Mission to Peru\n"
        "Jane Doe’s Statement on the Harbor Ports Summit in Lima\n"
        "Officials attended.\n"
    )
    assert set(events(blank, text)) == {
        "northwind trade and investment mission to peru",
        "harbor ports summit",
    }


def test_hearings_addresses_and_open_houses(blank: Extractor) -> None:
    text = (
        "The agency will hold a Public Hearing on Tariff Objectives for Peru-Ghana Trade. "
        "The minister gave the Annual Harbor Address in May. "
        "The ministry will hold an Open House on Port Fees on 21st August. "
        "Send your street address to the office.\n"
    )
    found = events(blank, text)
    assert set(found) == {
        "public hearing on tariff objectives for peru ghana trade",
        "annual harbor address",
        "open house on port fees",
    }
    assert found["open house on port fees"]["kind"] == "open house"


def test_a_head_inside_a_venue_or_after_a_country_possessive_is_no_event(
    blank: Extractor,
) -> None:
    text = (
        "The talk was held at the Harbor Expo and Convention Centre in Lima. "
        "Data came from Peru’s Condor and the United States’ Summit computers. "
        "Delegates then opened the Harbor Expo 2025.\n"
    )
    assert set(events(blank, text)) == {"harbor expo 2025"}


def test_a_kind_word_after_the_head_and_ordinal_forms_fold(blank: Extractor) -> None:
    text = (
        "First Ministerial Meeting of 2025 Held\n"
        "Jane Doe joined the first Pacific Ports Framework (PPF) Ministerial meeting of 2025 "
        "today. The Pacific Ports Framework (PPF) Ministerial meeting adopted a plan.\n"
    )
    [event] = events(blank, text).values()
    assert event["kind"] == "ministerial meeting"
    assert len(event["mentions"]) == 3


def test_demonym_forms_fold_but_numbered_sessions_stay_apart(blank: Extractor) -> None:
    text = (
        "The North American Harbor Conference opened. The first North America Harbor "
        "Conference drew 300 people. The second Peru-Ghana Ports Dialogue followed the "
        "inaugural Peru-Ghana Ports Dialogue.\n"
    )
    found = events(blank, text)
    [conference] = [e for e in found.values() if e["kind"] == "conference"]
    assert len(conference["mentions"]) == 2
    assert len(found) == 3


def test_a_standing_forum_named_again_is_the_mechanism_not_a_meeting(blank: Extractor) -> None:
    text = (
        "They promote participation in the Global Harbor Data Rules (GHDR) Forum. "
        "Priorities include the Global GHDR Forum and the Lima Ports Forum in May.\n"
    )
    assert set(events(blank, text)) == {"lima ports forum"}


def test_a_numbered_sitting_of_a_named_body_is_an_event(blank: Extractor) -> None:
    text = (
        "Jane Doe co-chaired the 21st session of the Peru-Ghana Joint Commission in Lima. "
        "They held the fifth round of High-Level Consultations on ports. "
        "A second round of tariffs followed.\n"
    )
    found = events(blank, text)
    assert set(found) == {
        "21st session of the peru ghana joint commission",
        "fifth round of high level consultations",
    }
    assert found["21st session of the peru ghana joint commission"]["kind"] == "session"


def test_a_run_cut_by_a_headline_word_keeps_only_the_head(blank: Extractor) -> None:
    text = (
        "Ministry to hold Open House on Port Fee Issues on 21st August\n"
        "The Harbor Forum on Port Fees met in Lima.\n"
    )
    assert set(events(blank, text)) == {"open house", "harbor forum on port fees"}


def test_the_next_meeting_of_a_dialogue_is_an_event(blank: Extractor) -> None:
    text = (
        "They look forward to holding the next Peru-Ghana Ports Dialogue in Lima. "
        "The upcoming Andes Trade Ministerial will follow. "
        "The Peru-Ghana Ports Dialogue is a standing mechanism.\n"
    )
    found = events(blank, text)
    assert set(found) == {"next peru ghana ports dialogue", "upcoming andes trade ministerial"}


def test_a_visit_keeps_who_makes_it(blank: Extractor) -> None:
    text = (
        "They welcomed a visit to Peru by the Harbor Agency Administrator later this year, "
        "and a visit to Ghana in May.\n"
    )
    names = set(events(blank, text))
    assert "visit to peru by the harbor agency administrator" in names


def test_no_event_across_a_glued_sentence_or_named_like_a_curated_body(blank: Extractor) -> None:
    text = (
        "It was held with the Northwind Traders Association (NTA).The event drew 300 people. "
        "Delegates met at the World Economic Forum in Davos. "
        "The Harbor Trade Conference opened in Lima.\n"
    )
    assert set(events(blank, text)) == {"harbor trade conference"}


def test_one_numbered_meeting_named_with_and_without_its_acronym(blank: Extractor) -> None:
    text = (
        "3rd Meeting of Harbor Oversight Board of NPT Held\n"
        "The 3rd Meeting of the Harbor Oversight Board of the Northwind Ports Trust was held "
        "in Lima. The 4th Meeting of the Harbor Oversight Board will follow.\n"
    )
    found = events(blank, text)
    assert len(found) == 2
    assert sorted(len(e["mentions"]) for e in found.values()) == [1, 2]


def test_a_date_describes_an_event(blank: Extractor) -> None:
    text = (
        "This followed the January 30 roundtable hosted by the Northwind Council. "
        "They recalled the May 2024 showcase in Lima. The meeting ended.\n"
    )
    assert set(events(blank, text)) == {"january 30 roundtable", "may 2024 showcase"}


def test_a_possessive_meeting_with_a_named_person(blank: Extractor) -> None:
    text = (
        "This built on the President’s meeting with President Jane Doe of Peru in May. "
        "Lima recalled the Minister's meeting with Secretary John Roe. "
        "The Minister's meeting with officials went well.\n"
    )
    assert set(events(blank, text)) == {
        "president s meeting with president jane doe",
        "minister s meeting with secretary john roe",
    }


@pytest.mark.parametrize(
    ("text", "event", "dialogue"),
    [
        (
            "On May 4 the ministers co-chaired the 9th Canada-Chile Mining Dialogue in Santiago.",
            "9th Canada-Chile Mining Dialogue",
            "Canada-Chile Mining Dialogue",
        ),
        (
            "Officials prepared the third Peru-Norway Energy Dialogue, held in Lima on June 2.",
            "third Peru-Norway Energy Dialogue",
            "Peru-Norway Energy Dialogue",
        ),
    ],
)
def test_a_numbered_session_of_a_dialogue_is_an_event_of_it(
    blank: Extractor, text: str, event: str, dialogue: str
) -> None:
    record = blank.extract(_src(text, "2025-06-10"))
    assert event in [e["name"] for e in record["events"]]
    assert dialogue in [d["name"] for d in record["dialogues"]]
