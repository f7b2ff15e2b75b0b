"""tf_agreements: agreement nouns with their clause: signers, partners, place, status."""

from __future__ import annotations

from typing import Any

from pipeline.api import Extractor
from pipeline.components.agreements import heads, statuses
from pipeline.normalize.names import name_key
from tests.conftest import make_src as _src
from tests.conftest import require_shared

SEED_ID = "000_b60951ee979ae1a4"


def agreements(ex: Extractor, text: str, published: str | None = "2026-08-20") -> list[Any]:
    """Agreement facts; every mention checked to be character-true."""
    record = ex.extract(_src(text, published))
    for fact in record["agreements"]:
        for m in fact["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    return record["agreements"]


def parties(fact: dict[str, Any]) -> set[str]:
    return {name_key(p) for p in fact["parties"]}


def test_seed_two_memoranda_one_per_partner(blank: Extractor) -> None:
    text = require_shared("seeds", f"{SEED_ID}.txt").read_text()
    found = agreements(blank, text, "2024-06-27")
    assert [(f["kind"], f["status"]) for f in found] == [("preliminary memorandum", "signed")] * 2
    samsung, absolics = found
    assert parties(samsung) == {"u s department of commerce", "samsung electronics"}
    assert samsung["location"] == "Central Texas"
    assert parties(absolics) == {"u s department of commerce", "absolics"}
    assert absolics["location"] == "Georgia"  # the appositive "an affiliate of ... SKC" is no party


def test_seed_with_the_full_model(extractor: Extractor) -> None:
    text = require_shared("seeds", f"{SEED_ID}.txt").read_text()
    found = agreements(extractor, text, "2024-06-27")
    assert sorted(f["location"] for f in found) == ["Central Texas", "Georgia"]


def test_plural_noun_with_a_partner_list(blank: Extractor) -> None:
    text = (
        "The Harbour Authority signed Memoranda of Understanding (MoUs) with Quillfin and "
        "Tessaro Pvt. Ltd. on 19 August 2026 to support port startups. "
        "The MoU with Tessaro Pvt. Ltd. covers cold storage.\n"
    )
    found = agreements(blank, text)
    assert len(found) == 2
    assert all(f["kind"] == "memorandum of understanding" for f in found)
    shared = set(found[0]["parties"]) & set(found[1]["parties"])
    partners = sorted(p for f in found for p in f["parties"] if p not in shared)
    assert partners == ["Quillfin", "Tessaro Pvt. Ltd."]
    assert {f["date"] for f in found} == {"2026-08-19"}
    # the later "The MoU with Tessaro" is the same memorandum, not a third one
    assert max(len(f["mentions"]) for f in found) == 2


def test_between_and_compound_named_shapes(blank: Extractor) -> None:
    text = (
        "Implement the MOU between the Northfield Institute of Soil and Water Research and "
        "Korea Forestry Service on seed banks, signed this April.\n"
        "The U.S.-Kenya agreement on trade in coffee, which covers labelling, was signed.\n"
        "Both sides also recalled the Paris Agreement.\n"
    )
    found = {f["name"] or f["kind"]: f for f in agreements(blank, text)}
    mou = found["memorandum of understanding"]
    assert len(mou["parties"]) == 2
    assert mou["subject"] == "seed banks"
    coffee = found["U.S.-Kenya agreement on trade in coffee"]
    assert coffee["parties"] == ["United States", "Kenya"]
    assert "Paris Agreement" in found


def test_headline_plural_sums_up_the_agreements_found_one_by_one(blank: Extractor) -> None:
    text = (
        "USTR Signs Tea and Coffee Continuity Agreements with Kenya\n\n"
        "The U.S.-Kenya agreement on trade in tea, which covers grading, was signed today.\n"
        "The U.S.-Kenya agreement on trade in coffee will ensure continuity.\n"
    )
    found = agreements(blank, text)
    assert sorted(f["name"] for f in found) == [
        "U.S.-Kenya agreement on trade in coffee",
        "U.S.-Kenya agreement on trade in tea",
    ]
    assert all(len(f["mentions"]) == 2 for f in found)  # each also named by the headline


def test_headline_name_body_name_and_acronym_are_one_agreement(blank: Extractor) -> None:
    text = (
        "India and Oman sign Comprehensive Economic Partnership Agreement\n\n"
        "India and Oman signed the India-Oman Comprehensive Economic Partnership Agreement "
        "(CEPA) in Muscat on 18 December 2025. The CEPA will remove most tariffs.\n"
    )
    [found] = agreements(blank, text)
    assert found["name"] == "India-Oman Comprehensive Economic Partnership Agreement"
    assert found["parties"] == ["India", "Oman"]
    assert (found["date"], found["status"]) == ("2025-12-18", "signed")
    assert [m["text"] for m in found["mentions"]][-1] == "CEPA"
    assert len(found["mentions"]) == 3


def test_tallies_goals_and_relationships_are_not_agreements(blank: Extractor) -> None:
    text = (
        "Since 2021 the agency has helped close 75 new deals worth $2 billion.\n"
        "The United States is committed to seeking a high-standard agreement.\n"
        "President Rivera has once again delivered a deal that no one else could.\n"
    )
    assert agreements(blank, text) == []


def test_a_relationship_after_this_agreement_is_no_partner_clause(blank: Extractor) -> None:
    text = (
        "The United States and Kenya announced the Coffee Trade Agreement today.\n"
        "This agreement reflects the relationship between the United States and Kenya.\n"
    )
    [found] = agreements(blank, text)
    assert found["name"] == "Coffee Trade Agreement"
    assert len(found["mentions"]) == 2


def test_verb_stated_partnership_needs_two_bodies(extractor: Extractor) -> None:
    text = (
        "Hanbit Shipbuilding Corporation and Orca Marine Group will partner on naval vessel "
        "maintenance.\nThe President will partner with everyone.\n"
    )
    found = agreements(extractor, text)
    assert [f["kind"] for f in found] == ["partnership"]
    assert len(found[0]["parties"]) == 2


def test_vocabulary() -> None:
    assert heads()["mous"][0].plural
    assert heads()["understanding"][0].after == "memorandum of"
    assert statuses()["signed"] == "signed"


def test_a_headline_memorandum_is_the_body_one(blank: Extractor) -> None:
    text = (
        "Peru and Ghana Sign Memorandum of Understanding to Deepen Cooperation in Ports\n"
        "Peru and Ghana signed a Memorandum of Understanding (MoU) on port logistics in Lima. "
        "The MoU was signed by Minister Jane Doe and Minister John Roe.\n"
    )
    [mou] = agreements(blank, text)
    assert len(mou["mentions"]) == 3
    assert {"peru", "ghana"} <= parties(mou)


def test_headline_and_body_name_two_kinds_apart(blank: Extractor) -> None:
    text = (
        "Peru and Ghana Sign Memorandum of Understanding on Ports and Fisheries\n"
        "Peru and Ghana signed a Memorandum of Understanding on port logistics. "
        "Peru signed a purchase agreement with Northwind Ltd. for ten cranes.\n"
    )
    kinds = sorted(f["kind"] for f in agreements(blank, text))
    assert len(kinds) == 2 and "purchase agreement" in kinds


def test_the_memorandum_with_its_own_partners_stays_apart(blank: Extractor) -> None:
    text = (
        "Implement the MOU between the Lima Ports Institute and the Accra Harbor Agency on "
        "dredging. Implement the MOU between the Andes Fisheries Board and the Volta River "
        "Authority on fish stocks.\n"
    )
    assert len(agreements(blank, text)) == 2


def test_a_signing_ceremony_is_no_agreement(blank: Extractor) -> None:
    text = (
        "The talks were followed by an MoU signing ceremony. "
        "A treaty signing event took place in Lima on Monday.\n"
    )
    assert agreements(blank, text) == []


def test_a_verb_opening_a_line_is_not_part_of_a_name(blank: Extractor) -> None:
    text = (
        "Leaders Cooperate on Lima Fisheries Agreement\n"
        "Cooperate on Andes Water Accord implementation, with a focus on 2030 targets.\n"
        "The Republic of Korea Fisheries Agreement was renewed.\n"
    )
    names = {name_key(f["name"]) for f in agreements(blank, text) if f["name"]}
    assert {"lima fisheries agreement", "andes water accord"} <= names
    assert not any(n.startswith("cooperate") for n in names)
    assert "republic of korea fisheries agreement" in names


def test_an_indefinite_tail_ending_in_a_head_is_part_of_the_name(blank: Extractor) -> None:
    text = (
        "They signed a new Implementation Arrangement for a Coastal Research Partnership "
        "between the Lima Ports Institute and the Accra Harbor Agency. "
        "The Harbor Agreement for a while stayed unsigned.\n"
    )
    names = [f["name"] for f in agreements(blank, text)]
    assert "Implementation Arrangement for a Coastal Research Partnership" in names
    assert "Coastal Research Partnership" not in names
    assert "Harbor Agreement" in names


def test_agreement_as_consent_is_no_instrument(blank: Extractor) -> None:
    text = (
        "Talks may be held in Lima or a third country upon agreement of the Parties. "
        "Both sides were in agreement with the plan. Changes need mutual agreement.\n"
    )
    assert agreements(blank, text) == []


def test_a_free_trade_area_and_its_acronym_form_are_one_agreement(blank: Extractor) -> None:
    text = (
        "Importers misused the Andean Free Trade Area (AFTA) to avoid duties. "
        "The AFTA agreement sets rules of origin. A free trade area is a bloc.\n"
    )
    [found] = agreements(blank, text)
    assert found["name"] == "Andean Free Trade Area"
    assert len(found["mentions"]) >= 2


def test_a_serial_list_of_one_word_items_stays_in_a_name(blank: Extractor) -> None:
    text = (
        "Peru and Ghana will finalize the Agreement on Open, Fair, and Balanced Ports. "
        "They also signed the Accord on Ports, Harbors and Fisheries in May. "
        "Lima signed the Agreement on Port Fees, which covers Accra, and Trade rules.\n"
    )
    names = {f["name"] for f in agreements(blank, text)}
    assert names == {
        "Agreement on Open, Fair, and Balanced Ports",
        "Accord on Ports, Harbors and Fisheries",
        "Agreement on Port Fees",
    }


def test_a_framework_for_an_agreement_is_its_own_instrument(blank: Extractor) -> None:
    text = (
        "Joint Statement on Peru-Ghana Framework for an Agreement on Fair Ports\n"
        "Peru and Ghana have agreed to a Framework for an Agreement on Fair Ports. "
        "The two sides will finalize the Agreement on Fair Ports by June.\n"
    )
    found = {f["name"]: f for f in agreements(blank, text)}
    assert set(found) == {
        "Peru-Ghana Framework for an Agreement on Fair Ports",
        "Agreement on Fair Ports",
    }
    assert len(found["Peru-Ghana Framework for an Agreement on Fair Ports"]["mentions"]) == 2
