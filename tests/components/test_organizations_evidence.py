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
    "words",
    ["Josephine Teo", "Parties. As", "the U.S.-UK", "Northwind", "Ltd.", "Jane Et", "Denver CO"],
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


def test_an_owner_before_a_possessive_gives_country_and_type(extractor: Extractor) -> None:
    found = orgs(
        extractor,
        "The grant links Kenya’s Northwind Research Institute and the U.S. Department of "
        "Energy’s Lakeside Genome Institute.",
    )
    assert found["Northwind Research Institute"]["country"] == "KE"
    lakeside = found["Lakeside Genome Institute"]
    assert lakeside["country"] == "US" and lakeside["type"] == "government"


def test_the_country_of_a_company_cue(extractor: Extractor) -> None:
    found = orgs(extractor, "The Kenyan fund manager Lakeview Capital will raise a new fund.")
    assert found["Lakeview Capital"]["country"] == "KE"
    found = orgs(
        extractor,
        "Northgate Cable’s U.S. subsidiary, Northgate Grid, is building a plant in Ohio.",
    )
    assert found["Northgate Grid"]["country"] == "US"
    assert found["Northgate Grid"]["type"] == "company"


def test_a_curated_body_opening_a_name_gives_its_country(extractor: Extractor) -> None:
    found = orgs(extractor, "Staff of the White House Office of Coastal Resilience Policy met.")
    office = found["White House Office of Coastal Resilience Policy"]
    assert office["country"] == "US" and office["type"] == "government"


def test_soft_head_yields_to_a_context_word(extractor: Extractor) -> None:
    """'Network' ends programmes as often as bodies: a cue decides."""
    found = orgs(extractor, "Officials met representatives from the Northwind Finance Network.")
    assert "Northwind Finance Network" in found
    text = "Both sides will expand the Open Data Network for researchers."
    assert "Open Data Network" in proposed(extractor, text)
    assert "Open Data Network" not in orgs(extractor, text)


def test_a_model_name_ends_at_a_lower_case_word(extractor: Extractor) -> None:
    text = (
        "We welcome the addition of Norway and the Lakeland International Financial Centre "
        "as Associates and look forward to more."
    )
    found = orgs(extractor, text)
    assert "Lakeland International Financial Centre" in found
    assert not any("Associates" in n for n in found)


def test_a_state_after_a_city_is_no_company(extractor: Extractor) -> None:
    found = orgs(extractor, "The plant in Denver, CO will hire 300 workers; Reno, NV follows.")
    assert not any(n.endswith(("CO", "NV")) for n in found)


def test_any_legal_form_folds_the_short_name(extractor: Extractor) -> None:
    found = orgs(
        extractor,
        "Lakeview Minerals Pty Ltd will build a refinery. Lakeview Minerals Chief Executive "
        "Officer John Roe said the refinery will hire 300 people. Kaito Shoji K.K. will buy "
        "the output, and Kaito Shoji expects more.",
    )
    assert "Lakeview Minerals" in found["Lakeview Minerals Pty Ltd"]["aliases"]
    assert "Lakeview Minerals" not in found


def test_an_apposition_states_the_country(extractor: Extractor) -> None:
    found = orgs(
        extractor,
        "The deal was signed with Kaito Shoji K.K., a Japanese trading house, and Northwind "
        "Resources Ltd, a leading Kenyan mining company.",
    )
    assert found["Kaito Shoji K.K."]["country"] == "JP"
    assert found["Northwind Resources Ltd"]["country"] == "KE"
    found = orgs(
        extractor, "The summit was hosted by the Government of Kenya, the U.S. delegation said."
    )
    assert found["Government of Kenya"]["country"] == "KE"


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (
            "They agreed to work on Semiconductor Manufacturing, Clean Hydrogen and Quantum "
            "Technologies through the Joint Research Framework.",
            "Quantum Technologies",
        ),
        ("Cooperation on Quantum Technologies will deepen next year.", "Quantum Technologies"),
    ],
)
def test_a_descriptive_head_alone_is_a_topic(extractor: Extractor, text: str, phrase: str) -> None:
    assert phrase in proposed(extractor, text)
    found = orgs(extractor, text)
    assert phrase not in found
    assert "Clean Hydrogen" not in found and "Semiconductor Manufacturing" not in found


def test_a_descriptive_head_with_a_company_signal(extractor: Extractor) -> None:
    """A brand-shaped word, a company word nearby, or a business verb after the name."""
    found = orgs(extractor, "America’s ReOre Technologies will expand in Ohio.")
    assert "ReOre Technologies" in found
    found = orgs(extractor, "Lakeshore Capital will invest $900 million in solar parks.")
    assert "Lakeshore Capital" in found
    found = orgs(
        extractor,
        "Norvale Heavy Industries and Kestrel Marine Group will cooperate on new shipyards.",
    )
    assert {"Norvale Heavy Industries", "Kestrel Marine Group"} <= set(found)


def test_a_title_beside_a_roster_company_is_no_pair(extractor: Extractor) -> None:
    found = orgs(
        extractor,
        "Participants:\nRavi Kumar, Managing Director, Paywise Technologies Pvt. Ltd.\n"
        "Anita Rao, Co-Founder, zenAgri\n",
    )
    assert found["zenAgri"]["type"] == "company"
    assert "Co-Founder" not in found and "Managing Director" not in found


def test_representatives_from_outweighs_a_person_guess(extractor: Extractor) -> None:
    text = (
        "The MoUs were signed in the presence of representatives from Startup Northland and "
        "the Confederation of Northland Industry (CNI)."
    )
    found = orgs(extractor, text)
    assert "Startup Northland" in found
    found = orgs(extractor, "The MoU was signed in the presence of Jane Doe and John Roe.")
    assert not found


def test_a_body_is_typed_by_its_head_not_its_portfolio(extractor: Extractor) -> None:
    found = orgs(
        extractor,
        "The Ministry of Mines and Energy, the Ministry of Industry and Trade, the Federal "
        "Office for Economic Affairs and Export Control and the Lakeland Business Council met.",
    )
    for name in (
        "Ministry of Mines and Energy",
        "Ministry of Industry and Trade",
        "Federal Office for Economic Affairs and Export Control",
    ):
        assert found[name]["type"] == "government", name
    assert found["Lakeland Business Council"]["type"] == "association"


def test_a_body_name_ends_before_a_prepositional_phrase_or_its_acronym(
    extractor: Extractor,
) -> None:
    found = orgs(
        extractor,
        "She briefed the Ministry of Mines on Critical Minerals and the Ministry of Ports in "
        "Lakeland. The Federal Department of Economic Affairs, Education and Research EAER "
        "agreed.",
    )
    assert {"Ministry of Mines", "Ministry of Ports"} <= set(found)
    assert "Federal Department of Economic Affairs, Education and Research" in found


def test_foreign_legal_forms_and_name_shapes(extractor: Extractor) -> None:
    found = orgs(
        extractor,
        "The deal was signed by Tasman Pastures Co-operative Limited and Anadolu Makine Sanayi "
        "ve Ticaret A.Ş. in Izmir. Andes Litio SpA of Antofagasta and Rheintal Präzision AG of "
        "St. Gallen signed supply contracts.",
    )
    for name in (
        "Tasman Pastures Co-operative Limited",
        "Anadolu Makine Sanayi ve Ticaret A.Ş.",
        "Andes Litio SpA",
        "Rheintal Präzision AG",
    ):
        assert found[name]["type"] == "company", name
    assert not any("Antofagasta" in n or "Gallen" in n for n in found)


def test_a_longer_body_than_the_listed_one_wins(extractor: Extractor) -> None:
    found = orgs(
        extractor,
        "Scientists from the Geological Survey of India met the Principal Secretary, State "
        "Department for Trade, Ms. Jane Doe.",
    )
    assert found["Geological Survey of India"]["country"] == "IN"
    assert "State Department for Trade" in found
    assert "State Department" not in found and "Geological Survey" not in found
    # a curated body in a title's slot keeps its listed name
    found = orgs(
        extractor, "Assistant Secretary of the Treasury for International Finance Jane Doe spoke."
    )
    assert not any("International Finance" in n for n in found)


def test_legal_forms_of_one_country_give_it(extractor: Extractor) -> None:
    found = orgs(
        extractor,
        "The Manila-based Bayanihan Foods Corporation and its Kenyan partner Rift Valley Fresh "
        "Limited signed with Aurora Holdings K.K. and Northwind Pty Ltd in Perth.",
    )
    assert found["Aurora Holdings K.K."]["country"] == "JP"
    assert found["Northwind Pty Ltd"]["country"] == "AU"
    assert found["Rift Valley Fresh Limited"]["country"] == "KE"  # "its Kenyan partner"
    assert found["Bayanihan Foods Corporation"]["country"] is None  # 'Corporation' is English


def test_a_body_acronym_in_its_own_language(extractor: Extractor) -> None:
    text = (
        "The Federal Ministry for Economic Affairs and Climate Action (BMWK) will co-chair.\n"
        "Participants:\nJane Doe, Federal Minister for Economic Affairs and Climate Action, BMWK\n"
    )
    found = orgs(extractor, text)
    ministry = found["Federal Ministry for Economic Affairs and Climate Action"]
    assert "BMWK" in ministry["aliases"] and "BMWK" not in found


def test_a_body_defined_by_its_acronym_the_model_missed(extractor: Extractor) -> None:
    found = orgs(
        extractor,
        "The Export Processing Zones Authority (EPZA) and the Lakeland Export Promotion and "
        "Branding Agency (LEPBA) will support investors.",
    )
    assert "EPZA" in found["Export Processing Zones Authority"]["aliases"]
    assert found["Lakeland Export Promotion and Branding Agency"]["type"] == "government"
    assert not orgs(extractor, "Cooperation on Artificial Intelligence (AI) will grow.")


def test_an_apposition_names_what_it_is(extractor: Extractor) -> None:
    text = (
        "The ministry and Wesmark, the Western Lakeland's trade and investment promotion "
        "agency, will lead a mission to Istanbul."
    )
    found = orgs(extractor, text)
    assert found["Wesmark"]["type"] == "government"
    assert not any("Western Lakeland" in n for n in found)
    found = orgs(extractor, "Quantum Computing, a new field, and Digital Trade, a priority, grew.")
    assert not found


def test_an_officials_body_alone_does_not_outweigh_a_topic_word(extractor: Extractor) -> None:
    found = orgs(extractor, "Business and Trade Secretary Ellis Marwood met the investors.")
    assert "Trade" not in found


def test_roster_fields_with_a_possessive_title_or_a_trailing_acronym(extractor: Extractor) -> None:
    text = (
        "Delegation:\n"
        "Mark Roe, Chairman, President’s Lakeland Export Council\n"
        "Helene Doe, State Secretary, State Secretariat for Economic Affairs SECO\n"
        "Ted Major, President and CEO, U.S.-ASEAN Lakeland Business Council\n"
    )
    found = orgs(extractor, text)
    assert "President’s Lakeland Export Council" in found
    assert "State Secretariat for Economic Affairs" in found
    assert "U.S.-ASEAN Lakeland Business Council" in found
    assert "ASEAN" not in found
