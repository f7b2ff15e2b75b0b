"""tf_bodies: working groups and dialogues found by shape, folded into one entry each."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.api import Extractor
from pipeline.normalize.names import name_key
from tests.conftest import make_src as _src
from tests.conftest import require_shared

SEED_ID = "000_b60951ee979ae1a4"


def extract(ex: Extractor, text: str) -> dict[str, Any]:
    """The record, with every mention of my four types checked to be character-true."""
    record = ex.extract(_src(text, "2024-06-27"))
    for fact_type in ("working_groups", "dialogues", "events", "agreements"):
        for fact in record[fact_type]:
            for m in fact["mentions"]:
                assert text[m["start"] : m["end"]] == m["text"]
    return record


def by_key(facts: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {name_key(f["name"]): f for f in facts}


@pytest.fixture(scope="module")
def seed(blank: Extractor) -> dict[str, Any]:
    text = require_shared("seeds", f"{SEED_ID}.txt").read_text()
    return extract(blank, text)


# -- the seed -----------------------------------------------------------------------------


def test_seed_has_its_five_working_groups(seed: dict[str, Any]) -> None:
    groups = by_key(seed["working_groups"])
    assert set(groups) == {
        "advanced manufacturing and supply chain resilience",
        "dual use export controls",
        "healthcare and healthcare technologies",
        "digital economy",
        "critical minerals",
    }
    assert all(g["dialogue"] == "SCCD" for g in groups.values())


def test_seed_focus_is_read_only_where_the_group_has_one(seed: dict[str, Any]) -> None:
    focus = {name_key(g["name"]): g["focus"] for g in seed["working_groups"] if g["focus"]}
    assert focus == {"advanced manufacturing and supply chain resilience": "semiconductors"}


def test_seed_kinds_and_short_forms(seed: dict[str, Any]) -> None:
    groups = by_key(seed["working_groups"])
    assert groups["critical minerals"]["kind"] == "sub-working group"
    assert groups["digital economy"]["kind"] == "working group"
    # "the Advanced Manufacturing working group" is the same group, not a sixth one
    amscr = groups["advanced manufacturing and supply chain resilience"]
    assert "Advanced Manufacturing" in amscr["aliases"]
    assert len(amscr["mentions"]) == 2
    # the dialogue acronym in front is not part of the name
    assert len(groups["healthcare and healthcare technologies"]["mentions"]) == 2


def test_seed_dialogue(seed: dict[str, Any]) -> None:
    [dialogue] = seed["dialogues"]
    assert dialogue["name"] == "United States-Korea Supply Chain and Commercial Dialogue"
    assert dialogue["acronym"] == "SCCD"
    assert dialogue["countries"] == ["US", "KR"]
    texts = [m["text"] for m in dialogue["mentions"]]
    assert texts.count("SCCD") >= 3  # later acronym mentions belong to it


def test_full_model_agrees_on_the_seed(extractor: Extractor) -> None:
    text = require_shared("seeds", f"{SEED_ID}.txt").read_text()
    record = extract(extractor, text)
    assert len(record["working_groups"]) == 5
    assert [d["acronym"] for d in record["dialogues"]] == ["SCCD"]


# -- other shapes ---------------------------------------------------------------------------

OTHER = (
    "Brightwater and Norland launch textile cooperation\n\n"
    "The Brightwater-Norland Joint Economic Dialogue (JED) met today. Its working groups "
    "on Port Logistics, Cold Chain Standards and Customs Modernization reported progress.\n"
    "A Task Force on Handloom Exports was set up; the Handloom Task Force will report to "
    "the ministers, and the Task Force will meet monthly.\n"
    "A Joint Committee on Fisheries was constituted. The Senate Appropriations Committee "
    "and the Committee on Foreign Investment in Norland were not involved, nor was an "
    "interagency working group.\n"
    "Later, the JED Port Logistics working group met in Harbourton.\n"
)


@pytest.fixture(scope="module")
def other(blank: Extractor) -> dict[str, Any]:
    return extract(blank, OTHER)


def test_enumeration_without_oxford_comma(other: dict[str, Any]) -> None:
    groups = by_key(other["working_groups"])
    for key in ("port logistics", "cold chain standards", "customs modernization"):
        assert key in groups, key
    # the later "JED Port Logistics working group" folds in, acronym dropped
    assert len(groups["port logistics"]["mentions"]) == 2
    assert groups["port logistics"]["dialogue"] == "JED"


def test_task_force_topic_form_and_anaphor(other: dict[str, Any]) -> None:
    groups = by_key(other["working_groups"])
    force = groups["task force on handloom exports"]
    assert force["kind"] == "task force"
    assert {"Handloom Task Force", "Task Force"} <= set(force["aliases"])
    assert len(force["mentions"]) == 3


def test_committees_only_between_parties(other: dict[str, Any]) -> None:
    groups = by_key(other["working_groups"])
    assert groups["joint committee on fisheries"]["kind"] == "committee"
    names = " | ".join(groups)
    assert "appropriations" not in names
    assert "foreign investment" not in names
    assert "interagency" not in names


def test_dialogue_with_compound_of_unknown_countries(other: dict[str, Any]) -> None:
    [dialogue] = other["dialogues"]
    assert dialogue["name"] == "Brightwater-Norland Joint Economic Dialogue"
    assert dialogue["acronym"] == "JED"
    assert dialogue["countries"] == []  # not real countries: nothing invented


def test_working_group_of_a_dialogue(blank: Extractor) -> None:
    text = (
        "Africa Working Group of the U.S.-Morocco Strategic Dialogue\n\n"
        "The United States and Morocco convened a working group of the U.S.-Morocco "
        "Strategic Dialogue. The Strategic Dialogue meets yearly.\n"
    )
    record = extract(blank, text)
    [group] = record["working_groups"]
    assert group["name"] == "Africa"
    assert group["dialogue"] == "U.S.-Morocco Strategic Dialogue"
    [dialogue] = record["dialogues"]
    assert dialogue["countries"] == ["US", "MA"]
    assert len(dialogue["mentions"]) == 3


def test_acronym_inside_a_dialogue_name_folds_short_forms(blank: Extractor) -> None:
    text = (
        "Officials opened the U.S.-Japan Advanced Semiconductor and Quantum Technologies "
        "(ASQT) Dialogue in Tokyo. The ASQT Dialogue will meet again. A new bilateral "
        "AI Working Group, with a focus on safety testing, was launched under ASQT.\n"
    )
    record = extract(blank, text)
    [dialogue] = record["dialogues"]
    assert dialogue["acronym"] == "ASQT"
    assert dialogue["countries"] == ["US", "JP"]
    assert "(" not in dialogue["name"]
    [group] = record["working_groups"]
    assert group["name"] == "AI"
    assert group["focus"] == "safety testing"
    assert group["dialogue"] == "ASQT"  # the release's dialogue, for a group naming none


def test_standing_forum_is_a_dialogue_hosted_forum_is_not(blank: Extractor) -> None:
    text = (
        "The leaders agreed on reestablishing the Cross-Border Fisheries Forum. "
        "Korea will host the Global Robotics Forum in May.\n"
        "FACT SHEET: SECURING A MARITIME PARTNERSHIP\n"
        "They launched the new Green Shipping Partnership and endorsed the Blue Economy "
        "Partnership led by both ministries.\n"
    )
    names = {name_key(d["name"]) for d in extract(blank, text)["dialogues"]}
    assert names == {"cross border fisheries forum", "blue economy partnership"}


def test_lower_case_topic_groups_and_what_they_are_not(blank: Extractor) -> None:
    text = (
        "The ministers agreed to set up a working group on semiconductor supply chains and a "
        "task force for critical minerals processing. The working group on semiconductor "
        "supply chains will report in June. They will also form a working group on this "
        "issue.\n"
    )
    groups = by_key(extract(blank, text)["working_groups"])
    assert set(groups) == {
        "working group on semiconductor supply chains",
        "task force for critical minerals processing",
    }
    assert len(groups["working group on semiconductor supply chains"]["mentions"]) == 2


def test_same_dialogue_words_between_other_countries_stay_apart(blank: Extractor) -> None:
    text = (
        "The India-Oman Strategic Dialogue's Energy Working Group met. The Steering "
        "Committee of the U.S.-Morocco Strategic Dialogue was briefed. The India-Oman Joint "
        "Task Force on Ports was set up; the Joint Task Force will meet in May.\n"
    )
    record = extract(blank, text)
    dialogues = {d["name"]: d["countries"] for d in record["dialogues"]}
    assert dialogues == {
        "India-Oman Strategic Dialogue": ["IN", "OM"],
        "U.S.-Morocco Strategic Dialogue": ["US", "MA"],
    }
    groups = by_key(record["working_groups"])
    assert groups["energy"]["dialogue"] == "India-Oman Strategic Dialogue"
    assert groups["steering committee"]["dialogue"] == "U.S.-Morocco Strategic Dialogue"
    ports = groups["india oman joint task force on ports"]
    assert "Joint Task Force" in ports["aliases"]  # the bare form refers back
    assert len(groups) == 3


def _dialogue_names(ex: Extractor, text: str) -> set[str]:
    return {name_key(d["name"]) for d in extract(ex, text)["dialogues"]}


def test_words_before_a_country_compound_are_not_the_name(blank: Extractor) -> None:
    # a headline lead-in and a sentence lead-in, before two different compounds
    text = (
        "Third Round of Canada-Chile Harbor Dialogue Concludes\n"
        "Officials said Phase Two of India-Kenya Textile Dialogue begins soon.\n"
    )
    assert _dialogue_names(blank, text) == {
        "canada chile harbor dialogue",
        "india kenya textile dialogue",
    }


def test_a_numbered_session_shows_the_mechanism(blank: Extractor) -> None:
    text = (
        "Ministers attended the 3rd Peru-Ghana Ministerial Roundtable (PGMR) in Lima. "
        "Later, the fifth Chile-Kenya Consultations took place.\n"
    )
    record = extract(blank, text)
    dialogues = by_key(record["dialogues"])
    assert set(dialogues) == {"peru ghana ministerial roundtable", "chile kenya consultations"}
    assert dialogues["peru ghana ministerial roundtable"]["acronym"] == "PGMR"
    assert dialogues["peru ghana ministerial roundtable"]["countries"] == ["PE", "GH"]
    # an unnumbered roundtable and one without a country compound say nothing
    text = "The Peru-Ghana Ministerial Roundtable met. The 3rd Harbor Roundtable met.\n"
    assert extract(blank, text)["dialogues"] == []


def test_ordinal_is_the_session_not_the_dialogue(blank: Extractor) -> None:
    text = "The 2nd Peru-Ghana Commercial Dialogue met; the Peru-Ghana Commercial Dialogue grows.\n"
    [dialogue] = extract(blank, text)["dialogues"]
    assert dialogue["name"] == "Peru-Ghana Commercial Dialogue"
    assert len(dialogue["mentions"]) == 2


def test_coordinated_head_before_a_plural_is_no_name(blank: Extractor) -> None:
    text = (
        "Minister Visits Lima, Joins 2nd Peru-Ghana Ministerial and Business Roundtables\n"
        "The Peru-Ghana Dialogue and Forums were praised.\n"
    )
    names = _dialogue_names(blank, text)
    assert not any(n.endswith("ministerial") for n in names)
    assert "peru ghana dialogue" not in names


def test_business_council_is_an_organization(blank: Extractor) -> None:
    text = (
        "The roundtable was hosted by the Peru-Ghana Business Council. "
        "The Chile-Kenya Industry Council agreed. The Chile-Kenya Trade Council met.\n"
    )
    assert _dialogue_names(blank, text) == {"chile kenya trade council"}


def test_an_indefinite_partnership_is_a_kind(blank: Extractor) -> None:
    text = (
        "They signed an Arrangement for a Coastal Research Partnership. "
        "It sets up an Ocean Data Framework for ports. "
        "The Coastal Research Partnership met in March.\n"
    )
    [dialogue] = extract(blank, text)["dialogues"]
    assert dialogue["name"] == "Coastal Research Partnership"
    assert len(dialogue["mentions"]) == 1


def test_headline_partnership_needs_support_from_the_body(blank: Extractor) -> None:
    text = (
        "Peru and Ghana Deepen Strategic Partnership With New Ports Deal\n"
        "The two sides praised their strategic partnership.\n"
    )
    assert extract(blank, text)["dialogues"] == []
    text = (
        "Peru and Ghana Deepen Blue Ports Partnership With New Deal\n"
        "The Blue Ports Partnership was set up in 2020 and meets yearly.\n"
    )
    assert _dialogue_names(blank, text) == {"blue ports partnership"}


def test_framework_tail_stops_at_its_acronym(blank: Extractor) -> None:
    text = (
        "Ministers joined the first Pacific Harbor Framework for Growth (PHFG) Ministerial "
        "meeting. Later the Pacific Harbor Framework for Growth (PHFG) Agreement Relating to "
        "Ports was announced.\n"
    )
    [dialogue] = extract(blank, text)["dialogues"]
    assert dialogue["name"] == "Pacific Harbor Framework for Growth"
    assert dialogue["acronym"] == "PHFG"


def test_lower_case_mechanism_with_compound_and_acronym(blank: Extractor) -> None:
    text = (
        "Leaders launched the Peru-Ghana initiative on Ocean and Space Technology (iOST) "
        "in May. The Chile-Kenya dialogue on Ports (CKDP) also met. "
        "The Peru-Ghana initiative on ports was welcomed.\n"
    )
    dialogues = by_key(extract(blank, text)["dialogues"])
    assert set(dialogues) == {
        "peru ghana initiative on ocean and space technology",
        "chile kenya dialogue on ports",
    }
    assert dialogues["chile kenya dialogue on ports"]["acronym"] == "CKDP"


def test_ministerial_committee_is_a_mechanism(blank: Extractor) -> None:
    text = (
        "They launched the Andean Ministerial Committee on Trade Competitiveness (AMCTC). "
        "The Senate Finance Committee held a hearing.\n"
    )
    record = extract(blank, text)
    assert _dialogue_names(blank, text) == {"andean ministerial committee on trade competitiveness"}
    assert record["working_groups"] == []


def test_a_head_after_a_dialogue_acronym_is_a_meeting_kind(blank: Extractor) -> None:
    text = (
        "Jane Doe joined the Pacific Ports Framework (PPF) Ministerial meeting. "
        "The Andes Trade Dialogue (ATD) Ministerial followed.\n"
    )
    assert _dialogue_names(blank, text) == {"pacific ports framework", "andes trade dialogue"}


def test_a_hyphened_lower_case_word_stays_in_the_name(blank: Extractor) -> None:
    text = (
        "The Peru-Ghana Joint Working Group on Agri-food Trade met in Lima. "
        "The Task Force on Non-tariff Barriers reported. "
        "They also set up the Small-scale Fisheries Working Group.\n"
    )
    names = set(by_key(extract(blank, text)["working_groups"]))
    assert names == {
        "peru ghana joint working group on agri food trade",
        "task force on non tariff barriers",
        "small scale fisheries",
    }


def test_a_hyphened_participle_starts_a_new_name(blank: Extractor) -> None:
    text = (
        "They met through the Ministry of Ports and Energy-led Harbor and Commercial "
        "Dialogue. A Lima-based Ports Working Group was set up.\n"
    )
    record = extract(blank, text)
    assert _dialogue_names(blank, text) == {"harbor and commercial dialogue"}
    assert set(by_key(record["working_groups"])) == {"ports"}


def test_study_and_focus_groups_under_no_dialogue(blank: Extractor) -> None:
    text = (
        "The Harbor Forum and its study groups, including the Ports Study Group, met. "
        "The Andes Fisheries Focus Group also met.\n"
    )
    groups = by_key(extract(blank, text)["working_groups"])
    assert set(groups) == {"ports", "andes fisheries"}
    assert groups["ports"]["kind"] == "study group"
    assert groups["andes fisheries"]["kind"] == "focus group"
    assert all(g["dialogue"] is None for g in groups.values())


def test_words_after_a_name_show_a_standing_mechanism(blank: Extractor) -> None:
    text = (
        "The Peru-Chile Ports Policy Forum (PPF) was reconvened after a hiatus. "
        "The Harbor Technology Council held its inaugural meeting in Lima. "
        "The Harbor Design Forum drew 300 visitors.\n"
    )
    dialogues = by_key(extract(blank, text)["dialogues"])
    assert set(dialogues) == {"peru chile ports policy forum", "harbor technology council"}
    assert dialogues["peru chile ports policy forum"]["acronym"] == "PPF"


def test_countries_named_after_a_council_make_it_intergovernmental(blank: Extractor) -> None:
    text = (
        "The Ports and Investment Council (PIC) between Peru and Ghana met in May. "
        "The Harbor Council between the United States and Republic of Korea met too. "
        "The Harbor Council between the two firms met.\n"
    )
    dialogues = by_key(extract(blank, text)["dialogues"])
    assert dialogues["ports and investment council"]["countries"] == ["PE", "GH"]
    assert len(dialogues) == 2
    assert dialogues["harbor council"]["countries"] == ["US", "KR"]


def test_consultations_between_governments_are_a_dialogue(blank: Extractor) -> None:
    text = "They held the fifth round of High-Level Consultations on trade.\n"
    assert _dialogue_names(blank, text) == {"high level consultations"}
    text = "The Peru-Chile Consultations ended. Public Consultations on tariffs closed.\n"
    assert _dialogue_names(blank, text) == {"peru chile consultations"}


def test_a_head_closing_an_agreement_name_is_no_dialogue(blank: Extractor) -> None:
    text = (
        "The Comprehensive Agreement for Pacific Ports Partnership (CAPPP) Commission met. "
        "They signed the Agreement on the Andes Trade Framework in May.\n"
    )
    assert extract(blank, text)["dialogues"] == []


def test_a_head_at_the_very_end_of_a_text(blank: Extractor) -> None:
    for text in ("Readout of Jane Doe's Meeting", "Ministerial", "the 21st session of", "Forum"):
        record = extract(blank, text)
        assert record["dialogues"] == [] and record["working_groups"] == []


def test_a_group_takes_the_dialogue_of_its_sentence_or_paragraph_only(blank: Extractor) -> None:
    text = (
        "The Peru-Ghana Ports Dialogue met in Lima. Staff will work through a harbor "
        "safety Sub-Working group.\n"
        "Separately, Northwind Ltd. set up a Customer Data Working Group. The Harbor "
        "Forum's study groups, including the Dredging Study Group, also met. The "
        "Peru-Ghana Ports Dialogue was praised by the Andes Trade Dialogue officials.\n"
        "A Lima Fisheries Working Group was launched under the Andes Trade Dialogue.\n"
    )
    groups = by_key(extract(blank, text)["working_groups"])
    assert groups["harbor safety"]["dialogue"] == "Peru-Ghana Ports Dialogue"
    assert groups["customer data"]["dialogue"] is None  # two dialogues in its paragraph
    assert groups["dredging"]["dialogue"] is None
    assert groups["lima fisheries"]["dialogue"] == "Andes Trade Dialogue"


def test_a_group_acronym_spells_its_name_across_commas(blank: Extractor) -> None:
    text = (
        "An Ocean, Shipping, and Ports (OSP) Task Force was constituted. The OSP Task Force "
        "met in May. The Harbor Safety (HS) Working Group also met.\n"
    )
    groups = by_key(extract(blank, text)["working_groups"])
    assert set(groups) == {"ocean shipping and ports", "harbor safety"}
    assert "OSP" in groups["ocean shipping and ports"]["aliases"]
    assert len(groups["ocean shipping and ports"]["mentions"]) == 2
    assert "HS" in groups["harbor safety"]["aliases"]


def test_generic_modifiers_alone_name_no_group(blank: Extractor) -> None:
    text = (
        "The Ministry constituted an Inter-Ministerial Task Force in 2023. "
        "A Joint Working Group met later. The Inter-Ministerial Task Force on Port Fees met.\n"
    )
    groups = by_key(extract(blank, text)["working_groups"])
    assert set(groups) == {"inter ministerial task force on port fees"}


def test_a_domestic_council_that_meets_is_no_dialogue(blank: Extractor) -> None:
    text = (
        "The National Harbor Council meets monthly. The Ports Advisory Commission convenes "
        "in May. The Harbor Design Forum meets annually.\n"
    )
    assert _dialogue_names(blank, text) == {"harbor design forum"}


def test_a_committee_set_up_under_an_agreement_is_a_group(blank: Extractor) -> None:
    text = (
        "The Sub-Committee on Rules of Origin established under the Agreement met. "
        "The Committee on Port Fees under the Peru-Ghana Harbor Agreement met too. "
        "The Senate Committee on Finance held a hearing.\n"
    )
    groups = by_key(extract(blank, text)["working_groups"])
    assert set(groups) == {"sub committee on rules of origin", "committee on port fees"}
    assert all(g["dialogue"] is None for g in groups.values())


# -- committees named by the two governments on them -----------------------------------


@pytest.mark.parametrize(
    ("text", "name", "countries"),
    [
        (
            "Ministers met in Ottawa for the fourth Canada-Chile Joint Economic Committee "
            "and reviewed trade in critical minerals.",
            "Canada-Chile Joint Economic Committee",
            ["CA", "CL"],
        ),
        (
            "The Peru-Norway Joint Trade and Investment Committee (JTIC) will meet again in "
            "Lima next year, officials said.",
            "Peru-Norway Joint Trade and Investment Committee",
            ["PE", "NO"],
        ),
    ],
)
def test_a_committee_between_two_governments_is_a_dialogue(
    blank: Extractor, text: str, name: str, countries: list[str]
) -> None:
    record = extract(blank, text)
    dialogues = by_key(record["dialogues"])
    assert name_key(name) in dialogues
    assert dialogues[name_key(name)]["countries"] == countries
    assert not record["working_groups"]


@pytest.mark.parametrize(
    "text",
    [
        # a committee under a named dialogue stays a working group of it
        "The Canada-Chile Joint Economic Committee of the Canada-Chile Strategic Dialogue "
        "met on Monday.",
        # a joint working group between two governments is a working group, not a dialogue
        "The Canada-Chile Joint Working Group on Mining Standards met on Monday.",
    ],
)
def test_groups_under_a_dialogue_or_of_another_kind_stay_working_groups(
    blank: Extractor, text: str
) -> None:
    record = extract(blank, text)
    assert record["working_groups"]
    assert not any("committee" in d["name"].lower() for d in record["dialogues"])
