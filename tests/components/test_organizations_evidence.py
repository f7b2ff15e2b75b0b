"""tf_organizations: a name becomes an organization only with evidence (issues 9 and 10).

Every sentence is invented. Where a test says a phrase is dropped, it first checks the
component proposed it, so the test fails if the evidence gate stops working.
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.api import Extractor
from pipeline.components.base import char_bounds, spans_of
from pipeline.components.organizations import legal_forms, legal_suffix_len
from tests.conftest import make_src


def orgs(ex: Extractor, text: str) -> dict[str, dict[str, Any]]:
    record = ex.extract(make_src(text, "2024-05-01"))
    for fact in record["organizations"]:  # every mention is character-true
        for m in fact["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    return {o["name"]: o for o in record["organizations"]}


def proposed(ex: Extractor, text: str) -> set[str]:
    """The organization candidates the component marked, before resolution."""
    doc = ex.nlp(text)
    return {text[slice(*char_bounds(s))] for s in spans_of(doc, "organizations")}


# -- unsupported capitalised phrases are dropped ---------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        # a technology named as a topic, subject and list shapes
        ("The two sides agreed to expand cooperation on Quantum Networking.", "Quantum Networking"),
        (
            "Officials discussed the Green Hydrogen Corridor, Quantum Networking and data rules.",
            "Quantum Networking",
        ),
        # currency codes
        ("Prices are quoted in CHF and QAR, the ministry said.", "CHF"),
        ("The fee rose to 40 QAR per tonne.", "QAR"),
    ],
)
def test_unsupported_phrase_is_proposed_then_dropped(
    extractor: Extractor, text: str, phrase: str
) -> None:
    assert phrase in proposed(extractor, text)
    assert phrase not in orgs(extractor, text)


def test_agreement_area_with_acronym_is_no_organization(extractor: Extractor) -> None:
    text = "The Northland Free Trade Area (NFTA) entered into force. Exports under NFTA rose."
    found = orgs(extractor, text)
    assert not any("Free Trade" in n or n == "NFTA" for n in found)


def test_topic_acronyms_and_plural_acronyms_are_no_evidence(extractor: Extractor) -> None:
    text = (
        "Cooperation on Artificial Intelligence (AI) will deepen. "
        "The Centres of Excellence (COEs) will train engineers."
    )
    found = orgs(extractor, text)
    assert "Artificial Intelligence" not in found
    assert "Centres of Excellence" not in found


def test_a_class_of_bodies_is_not_one_body(extractor: Extractor) -> None:
    text = "Textiles Export Promotion Councils and Industry Associations will assist exporters."
    assert not orgs(extractor, text)


# -- evidence keeps organizations -------------------------------------------------------


def test_body_shape_survives_topic_words(extractor: Extractor) -> None:
    """Issue 10: 'Trade', 'Economy', 'Standards' ending a body's name do not veto it."""
    text = (
        "Officials from the Department of Foreign Affairs and Trade (DFAT), the Ministry of "
        "Economy and the Board of Trade met in Canberra. The Lakeland Agency for Technology "
        "and Standards joined later."
    )
    found = orgs(extractor, text)
    for name in (
        "Department of Foreign Affairs and Trade",
        "Ministry of Economy",
        "Board of Trade",
    ):
        assert found[name]["type"] == "government"
    assert "DFAT" in found["Department of Foreign Affairs and Trade"]["aliases"]
    assert any(n.endswith("Agency for Technology and Standards") for n in found)


def test_commas_inside_a_body_name_keep_it_whole(extractor: Extractor) -> None:
    text = (
        "The Federal Department of Economic Affairs, Education and Research and the Agency "
        "for Science, Technology, and Research signed an MoU."
    )
    found = orgs(extractor, text)
    assert "Federal Department of Economic Affairs, Education and Research" in found
    assert "Agency for Science, Technology, and Research" in found
    assert "Education" not in found and "Research" not in found


def test_a_comma_before_another_organization_ends_the_body(extractor: Extractor) -> None:
    found = orgs(extractor, "Mary Major, Vice President, Office of the President, Northwind Corp.")
    assert "Office of the President" in found
    assert found["Northwind Corp."]["type"] == "company"


def test_roster_lines_give_companies(extractor: Extractor) -> None:
    text = (
        "Trade Mission Delegation:\n"
        "Jane Doe, Chief Executive Officer, Northwind Ltd.\n"
        "John Roe, Vice President, Asia Pacific, Southgate Energy, Inc.\n"
        "Mary Major, Founder and CEO, bluewave Inc.\n"
        "Richard Miles, President, Eastline\n"
    )
    found = orgs(extractor, text)
    for name in ("Northwind Ltd.", "Southgate Energy, Inc.", "bluewave Inc.", "Eastline"):
        assert found[name]["type"] == "company"
    assert "Asia Pacific" not in found  # a middle field is a region of the title


def test_lower_case_brand_with_context(extractor: Extractor) -> None:
    text = "The fintech company eNorth will open an office in Nairobi. eNorth employs 40 people."
    found = orgs(extractor, text)
    assert found["eNorth"]["type"] == "company"
    assert len(found["eNorth"]["mentions"]) == 2


def test_employer_slot(extractor: Extractor) -> None:
    for text in (
        "Jane Doe, Chief Executive Officer of Lakeview Robotics, said the plant will open.",
        "John Roe, Founder and CEO at Brightwater Analytics, joined the talks.",
    ):
        found = orgs(extractor, text)
        assert any(n.startswith(("Lakeview", "Brightwater")) for n in found), text


def test_comma_lists_after_an_organization(extractor: Extractor) -> None:
    found = orgs(
        extractor,
        "Representatives from Northwind Capital, Eastline, Westmark and Southgate Holdings "
        "attended the roundtable.",
    )
    assert {"Eastline", "Westmark", "Southgate Holdings"} <= set(found)
    found = orgs(extractor, "The delegation met Northwind Ltd., Lakeview, Jane Doe and Kenya.")
    assert "Lakeview" in found
    assert "Jane Doe" not in found and "Kenya" not in found


def test_state_owned_enterprise_country_from_its_name(extractor: Extractor) -> None:
    found = orgs(
        extractor,
        "Korea Northwind Gas Corporation, a state-owned enterprise, signed a supply deal "
        "with Southgate Holdings. Westmark Philippines, a subsidiary of Westmark Holdings, "
        "opened a plant.",
    )
    assert found["Korea Northwind Gas Corporation"]["type"] == "company"
    assert found["Korea Northwind Gas Corporation"]["country"] == "KR"
    assert found["Westmark Philippines"]["country"] == "PH"
    assert found["Southgate Holdings"]["country"] is None  # nothing states it


def test_public_research_bodies_are_government(extractor: Extractor) -> None:
    found = orgs(
        extractor,
        "The National Institute of Coastal Studies and the Northwind Institute of Technology "
        "will cooperate.",
    )
    assert found["National Institute of Coastal Studies"]["type"] == "government"
    assert found["Northwind Institute of Technology"]["type"] == "academic"


# -- legal forms (cleanco) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "n"),
    [
        ("Northwind Ltd.", 1),
        ("Northwind Pvt. Ltd.", 2),
        ("Northwind GmbH", 1),
        ("Northwind S.A.", 1),
        ("Northwind K.K.", 1),
        ("PT Northwind Tbk", 1),
        ("Northwind JSC", 1),
        ("bluewave Inc.", 1),
        ("Northwind AS", 1),
    ],
)
def test_legal_forms_are_recognised(name: str, n: int) -> None:
    assert legal_suffix_len(name.split()) == n


@pytest.mark.parametrize(
    "words", ["Josephine Teo", "Parties. As", "the U.S.-UK", "Northwind", "Ltd.", "Jane Et"]
)
def test_words_that_merely_look_like_legal_forms(words: str) -> None:
    """Surnames, sentence breaks, countries and a bare form are no company."""
    assert legal_suffix_len(words.split()) == 0


def test_legal_forms_come_from_cleanco() -> None:
    keys, most = legal_forms()
    assert {"gmbh", "ltd", "pvt ltd", "sa", "kk"} <= keys
    assert most >= 2


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (
            "Delegates gathered in the Exhibition Center and later at Southgate Mall.",
            "Exhibition Center",
        ),
        ("The forum met at the Convention Centre, 3rd Floor, Lakeview Hall.", "3rd Floor"),
    ],
)
def test_venues_are_no_organizations(extractor: Extractor, text: str, phrase: str) -> None:
    assert phrase in proposed(extractor, text)
    assert phrase not in orgs(extractor, text)


def test_a_topic_acronym_defines_nothing(extractor: Extractor) -> None:
    """'Information and Communication Technologies (ICT)': later 'ICT' is no organization,
    while an organization's own acronym still folds its later uses."""
    found = orgs(
        extractor,
        "Cooperation covers Information and Communication Technologies (ICT). ICT exports "
        "rose. The Lakeside Research Centre (LRC) opened. LRC employs 40 engineers.",
    )
    assert not any("ICT" in n or "Communication" in n for n in found)
    lakeside = found["Lakeside Research Centre"]
    assert "LRC" in lakeside["aliases"]
    assert [m["text"] for m in lakeside["mentions"]].count("LRC") == 2


@pytest.mark.parametrize(
    "text",
    [
        "Brightwater Marine announced a $5 billion infrastructure plan for Ohio shipyards.",
        "Kestrel Dynamics has committed $300 million to the project.",
        "Brightwater Marine’s U.S. subsidiary is building a plant in Ohio.",
    ],
)
def test_money_pledges_and_subsidiaries_mark_companies(extractor: Extractor, text: str) -> None:
    found = orgs(extractor, text)
    assert any(n in found for n in ("Brightwater Marine", "Kestrel Dynamics")), text


def test_names_after_context_words_the_model_missed(extractor: Extractor) -> None:
    found = orgs(
        extractor,
        "The utility signed long-term agreements with suppliers, including Brightwater and "
        "Norvale, through their portfolios.",
    )
    assert {"Brightwater", "Norvale"} <= set(found)
    assert found["Norvale"]["type"] == "company"
    found = orgs(extractor, "The business forum was organised by Eastfield at the campus.")
    assert "Eastfield" in found


def test_context_words_do_not_make_people_or_countries_organizations(
    extractor: Extractor,
) -> None:
    text = (
        "Agreements were signed with the United States and with Prime Minister John Roe. "
        "The firm held engagement with Samsara and the President’s office."
    )
    found = orgs(extractor, text)
    assert "Samsara" in found
    assert not {"United States", "John Roe", "Prime Minister John Roe", "President"} & set(found)
