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


# -- participant lists ------------------------------------------------------------------


def test_list_line_shapes_parse() -> None:
    """Each list shape gives the name, the title and the body from the line itself."""
    from pipeline.components.officials import parse_list_line

    full = parse_list_line("Jane Doe, Chief Executive Officer, Northwind Ltd.")
    assert full is not None
    assert (full["name"], full["title"], full["org"]) == (
        "Jane Doe",
        "Chief Executive Officer",
        "Northwind Ltd.",
    )
    of_form = parse_list_line("- Dr. John Roe, Director of the Eastbrook Research Institute")
    assert of_form is not None
    assert (of_form["name"], of_form["title"], of_form["org"]) == (
        "John Roe",
        "Director",
        "Eastbrook Research Institute",
    )
    lead = parse_list_line("Managing Director Mary Major, Southwind Holdings, Inc.")
    assert lead is not None
    assert (lead["name"], lead["title"], lead["org"]) == (
        "Mary Major",
        "Managing Director",
        "Southwind Holdings, Inc.",
    )
    unit = parse_list_line("Ann Lee, Vice President, Asia Pacific, Northwind Corp.")
    assert unit is not None and unit["title"] == "Vice President, Asia Pacific"
    assert unit["org"] == "Northwind Corp."


def test_not_list_lines() -> None:
    """Sentences, datelines and lines without an office are no list lines."""
    from pipeline.components.officials import parse_list_line

    assert parse_list_line("Jane Doe, the director, said the plan will work.") is None
    assert parse_list_line("WASHINGTON, D.C.") is None
    assert parse_list_line("Jane Doe, Northwind Ltd.") is None
    assert parse_list_line("Trade Delegation Members:") is None


def test_delegation_list_in_release(blank: Any, full: Any) -> None:
    """A delegation list yields every member with title and body, no invented country."""
    text = (
        "The Ministry announced the delegation for the trade mission.\n"
        "Delegation:\n"
        "Jane Doe, President, Northwind Energy, Inc.\n"
        "John Roe, Founder and CEO, Eastbrook\n"
        "Mary Major, Chairman, Asia Pacific, Southwind Bank\n"
    )
    for extractor in (blank, full):
        offs = _officials(extractor, text)
        assert {"Jane Doe", "John Roe", "Mary Major"} <= set(offs)
        assert offs["Jane Doe"]["organization"] == "Northwind Energy, Inc."
        assert offs["John Roe"]["title"] == "Founder and CEO"
        assert offs["Mary Major"]["organization"] == "Southwind Bank"
        assert offs["Mary Major"]["title"] == "Chairman, Asia Pacific"
        assert all(o["country"] is None for o in offs.values())
        assert not any("Asia" in name or "Inc" in name for name in offs)


# -- titles -----------------------------------------------------------------------------


def test_rank_words_stay_in_the_title(full: Any) -> None:
    """'Vice-Premier' is not 'Premier'; 'Executive Vice President' not 'Vice President'."""
    offs = _officials(full, "Vice-Premier John Roe met Executive Vice President Jane Doe.")
    assert offs["John Roe"]["title"] == "Vice-Premier"
    assert offs["Jane Doe"]["title"] == "Executive Vice President"
    offs = _officials(full, "The talks were led by John Roe, Vice Premier of the State Council.")
    assert offs["John Roe"]["title"].startswith("Vice Premier")


def test_second_office_joins_the_title(full: Any) -> None:
    """'Minister for X and Second Minister of State for Y' is one person's title."""
    offs = _officials(
        full,
        "The side comprised Minister for Transport and Second Minister of State for "
        "Finance, Mr. John Roe; and Senior Minister, Coordinating Minister for Security, "
        "Mr. Jane Doe.",
    )
    assert offs["John Roe"]["title"] == (
        "Minister for Transport and Second Minister of State for Finance"
    )
    assert offs["John Roe"]["organization"] == "Ministry of Transport"
    assert offs["Jane Doe"]["title"].startswith("Senior Minister, Coordinating Minister")
    assert "Coordinating" not in offs


def test_westminster_honorific(full: Any) -> None:
    """'Senator the Hon Jane Doe' is Jane Doe, not a U.S. senator named 'Hon Jane Doe'."""
    for text in (
        "Senator the Hon Jane Doe met exporters in Perth.",
        "The minister, Senator the Hon Jane Doe, met exporters.",
    ):
        offs = _officials(full, text)
        assert "Jane Doe" in offs and not any("Hon" in n for n in offs)
        assert offs["Jane Doe"]["country"] != "US"
        assert offs["Jane Doe"]["organization"] != "U.S. Senate"


# -- fragments are not people -----------------------------------------------------------


def test_body_fragments_are_not_people(full: Any, blank: Any) -> None:
    """A title followed by a body name and no person yields nobody."""
    text = (
        "Officials met in Paris. The Director of the National Science Foundation, the "
        "Executive Secretary of the National Space Council, and the Union Minister for "
        "Finance and Corporate Affairs attended."
    )
    for extractor in (full, blank):
        offs = _officials(extractor, text)
        assert not any(w in n for n in offs for w in ("Foundation", "Council", "Affairs"))


def test_glued_portfolio_and_second_minister(full: Any) -> None:
    """'Secretary of Economy Jane Roe' is Jane Roe; both ministers of one sentence count."""
    offs = _officials(
        full,
        "Korean Minister of Trade Jane Kim and Japanese Minister of Economy John Sato met "
        "in Seoul. The Mexican delegation included Secretary of Economy Mary Roe.",
    )
    assert {"Jane Kim", "John Sato", "Mary Roe"} <= set(offs)
    assert offs["Jane Kim"]["country"] == "KR" and offs["John Sato"]["country"] == "JP"
    assert offs["Mary Roe"]["title"] == "Secretary of Economy"


def test_headline_verb_ends_the_name(full: Any) -> None:
    """'President Jane Q. Doe Secures ...' in a headline names Jane Q. Doe."""
    offs = _officials(
        full,
        "Fact Sheet: President Jane Q. Doe Secures Unprecedented Trade Agreement\n\n"
        "Yesterday, President Jane Q. Doe announced a landmark agreement.",
    )
    assert set(offs) == {"Jane Q. Doe"}


# -- country and body -------------------------------------------------------------------


def test_country_from_possessive_of_and_side(full: Any) -> None:
    """The country comes from the words around the person, not the first country named."""
    offs = _officials(
        full,
        "The European Union and Canada met. Canada's Minister of International Trade "
        "Jane Doe spoke. The Secretary of Economy of Mexico, John Roe, spoke too. "
        "The German delegation also included State Secretary Mary Major, Federal "
        "Ministry of Finance; and Ann Lee.",
    )
    assert offs["Jane Doe"]["country"] == "CA"
    assert offs["John Roe"]["country"] == "MX"
    assert offs["Mary Major"]["country"] == "DE"
    assert offs["Mary Major"]["title"] == "State Secretary"
    assert offs["Mary Major"]["organization"] == "Federal Ministry of Finance"


def test_no_body_from_title_fragments(full: Any) -> None:
    """'Minister of State for X' and a non-U.S. 'Secretary of X' compose no body (a
    curated body of the person's country may stand)."""
    offs = _officials(
        full,
        "India and Mexico met. Minister of State for Commerce Jane Doe and Mexico's "
        "Secretary of Economy John Roe signed.",
    )
    assert offs["Jane Doe"]["organization"] is None
    assert not (offs["John Roe"]["organization"] or "").startswith("Department")
    assert offs["John Roe"]["country"] == "MX"


# -- appositions --------------------------------------------------------------------------


def test_apposition_after_title_and_name(full: Any) -> None:
    """A bare rank before the name gives way to the office the apposition states, with
    the country before or after it."""
    offs = _officials(
        full,
        "The United Kingdom and the United States signed. Ambassador Jane Doe, USTR Chief "
        "Agricultural Negotiator, and Ambassador John Roe, United Kingdom (UK) Ambassador "
        "to the United States, signed two agreements.",
    )
    assert offs["Jane Doe"]["title"] == "Chief Agricultural Negotiator"
    assert offs["John Roe"]["title"] == "Ambassador to the United States"
    assert offs["John Roe"]["country"] == "GB"
    offs = _officials(
        full,
        "India and Brazil met. The MoU was signed by H.E. Mr. John Roe, Minister of "
        "Communications, Federative Republic of Brazil, in Pune.",
    )
    assert set(offs) == {"John Roe"}
    assert offs["John Roe"]["country"] == "BR"


def test_next_persons_title_is_no_apposition(full: Any) -> None:
    """'A, Special Secretary B' gives B the office, not A."""
    offs = _officials(
        full,
        "Today, U.S. National Security Advisor Jane Doe, Singapore Minister for Foreign "
        "Affairs Dr. John Roe, and others met.",
    )
    assert offs["Jane Doe"]["title"] == "National Security Advisor"
    assert offs["John Roe"]["title"] == "Minister for Foreign Affairs"
    assert offs["John Roe"]["country"] == "SG"


def _model_person_facts(blank: Any, text: str, person: str) -> list[dict[str, Any]]:
    """Officials when a model had tagged ``person`` PERSON (set by hand on a blank doc)."""
    from spacy.tokens import Span

    from pipeline.components.base import candidates_from_doc
    from pipeline.resolve import resolve

    nlp = blank.nlp
    doc = nlp.make_doc(text)
    start = text.index(person)
    span = doc.char_span(start, start + len(person))
    assert span is not None
    doc.ents = [Span(doc, span.start, span.end, label="PERSON")]
    for _, pipe in nlp.pipeline:
        doc = pipe(doc)
    return resolve(candidates_from_doc(doc), text, "2024-05-01")["officials"]


def test_titleless_names_of_things_are_no_people(blank: Any) -> None:
    """A model PERSON with no office whose words the release writes in lower case, or with
    an acronym, is a company or programme ("Northwind Infrastructure", "NWX Global")."""
    for text, name in (
        (
            "Leaders from Northwind Infrastructure joined. The infrastructure deal grew.",
            "Northwind Infrastructure",
        ),
        ("Members of NWX Global attended the talks in Oslo on trade.", "NWX Global"),
    ):
        assert _model_person_facts(blank, text, name) == []
    kept = _model_person_facts(blank, "The talks with Jane Doe went on in Oslo.", "Jane Doe")
    assert [o["name"] for o in kept] == ["Jane Doe"]


def test_portfolio_words_stay_in_the_title(full: Any) -> None:
    """'... for Western Hemisphere Affairs Jane Doe' and '... Public Credit John Roe': the
    portfolio keeps its last words, the person is the name the model found."""
    offs = _officials(
        full,
        "The United States and Mexico met on public credit. Assistant Secretary for Western "
        "Hemisphere Affairs Jane Doe and Mexico's Secretary of Finance and Public Credit "
        "John Roe spoke.",
    )
    assert set(offs) == {"Jane Doe", "John Roe"}
    assert offs["Jane Doe"]["title"] == "Assistant Secretary for Western Hemisphere Affairs"
    assert offs["John Roe"]["title"] == "Secretary of Finance and Public Credit"
    assert offs["John Roe"]["country"] == "MX"
    assert not (offs["John Roe"]["organization"] or "").startswith("Department")


def test_headline_with_office_counts(full: Any) -> None:
    """A person named with an office only in the title line is a fact; a headline verb
    after an office is no name."""
    offs = _officials(
        full,
        "Statement by NEC Director Jane Doe and National Security Advisor John Roe on "
        "the New Northwind Facility\n\nThe facility will create jobs in Texas.",
    )
    assert {"Jane Doe", "John Roe"} <= set(offs)
    assert offs["John Roe"]["title"] == "National Security Advisor"
    offs = _officials(
        full,
        "USTR Signs Wine and Spirits Agreements with the UK\n\nThe agreements were signed "
        "in Washington today.",
    )
    assert offs == {}


def test_honorific_name_and_office(blank: Any, full: Any) -> None:
    """'The Honorable NAME, OFFICE, will ...' is an official even without a model person."""
    for extractor in (blank, full):
        offs = _officials(
            extractor,
            "Today the delegation was announced.\nThe Honorable Jane Roe, Secretary of the "
            "Northwind Department of Trade, will lead the delegation.",
        )
        assert "Jane Roe" in offs
        assert offs["Jane Roe"]["title"].startswith("Secretary")
    offs = _officials(blank, "The Honorable Court of Appeals, in session, ruled on trade.")
    assert offs == {}


def test_body_linked_by_portfolio_not_composed(full: Any) -> None:
    """A minister's body is the one the release names with the same portfolio; with none
    named and no curated head, nothing is made up."""
    offs = _officials(
        full,
        "Northland's Vice Minister of Trade, Mining and Tourism, Jane Doe, led the visit. "
        "Talks with Northland's Ministry of Trade, Mining and Tourism (MTMT) went well.",
    )
    assert offs["Jane Doe"]["organization"] == "Ministry of Trade, Mining and Tourism"
    offs = _officials(
        full,
        "Officials met in Perth. Minister for Trade, Mining and Tourism Jane Doe and "
        "Business and Mining Secretary John Roe spoke.",
    )
    assert offs["Jane Doe"]["organization"] is None
    assert offs["John Roe"]["organization"] is None


def test_long_portfolio_pieces_are_no_people(full: Any, blank: Any) -> None:
    """Pieces of a long portfolio ("International", "Climate Action") are no names."""
    for extractor in (full, blank):
        offs = _officials(
            extractor,
            "Today, the Honourable Jane Doe, Minister of Export Promotion, International "
            "Trade and Economic Development, announced a mission. Federal Minister for "
            "Economic Affairs and Climate Action Dr. John Roe met her.",
        )
        assert not any(w in n for n in offs for w in ("International", "Action", "Trade"))
    offs = _officials(
        full, "Federal Minister for Economic Affairs and Climate Action Dr. John Roe met her."
    )
    assert offs["John Roe"]["title"] == "Federal Minister for Economic Affairs and Climate Action"


def test_post_nominals_and_surname_pairs(full: Any) -> None:
    """'Jane Doe MP' is Jane Doe; 'said Maria Silva' folds into 'Ana Maria Silva'."""
    offs = _officials(
        full,
        "The Hon Jane Doe MP, Minister for Resources, met Executive Secretary Ana Maria "
        "Silva in Canberra. The talks were useful, said Maria Silva.",
    )
    assert "Jane Doe" in offs and not any(n.endswith("MP") for n in offs)
    assert "Maria Silva" not in offs


def test_body_before_title_needs_a_head(full: Any) -> None:
    """'Business and Trade Secretary' has no body "Trade"; a heading line above a title
    is no body; "Minister of Trade of the Republic of X" links the named "Ministry of
    Trade"."""
    offs = _officials(
        full,
        "Northwind opens a plant\nBusiness and Mining Secretary Jane Doe welcomed it. The "
        "Department for Business and Mining said so.",
    )
    assert offs["Jane Doe"]["organization"] in (None, "Department for Business and Mining")
    offs = _officials(
        full,
        "Minister of Trade of the Republic of Türkiye, Prof. Dr. John Roe, met exporters "
        "in Ankara. The Ministry of Trade also announced a fair.",
    )
    assert offs["John Roe"]["organization"] == "Ministry of Trade"
    assert offs["John Roe"]["country"] == "TR"


def test_list_line_office_and_body_acronym() -> None:
    """'State Secretary' is the office, the body loses its trailing acronym."""
    from pipeline.components.officials import parse_list_line

    item = parse_list_line(
        "Jane Roe-Doe, State Secretary, State Secretariat for Trade Affairs SETA"
    )
    assert item is not None
    assert (item["title"], item["org"]) == (
        "State Secretary",
        "State Secretariat for Trade Affairs",
    )
    item = parse_list_line("John Roe, Minister of State, Ministry of External Affairs")
    assert item is not None and item["org"] == "Ministry of External Affairs"


def test_representative_director(full: Any) -> None:
    """'Northwind Holdings K.K. Representative Director Jane Doe': the full office."""
    offs = _officials(
        full, "Northwind Holdings K.K. Representative Director Jane Doe signed the deal in Leeds."
    )
    assert offs["Jane Doe"]["title"] == "Representative Director"


def test_a_body_head_left_after_a_title_is_no_person(extractor: Any) -> None:
    for text in (
        "The mission, organized by the Trade Commissioner Service, will bring 40 firms.",
        "Exporters met the Investment Promotion Agency and the Chief Economist Office today.",
    ):
        found = _officials(extractor, text)
        assert not {"Service", "Agency", "Office"} & set(found), found
    # a one-word surname after a title is still a person
    assert "Roe" in _officials(extractor, "Delegates thanked Trade Commissioner Roe on Monday.")


def test_no_country_no_country_specific_body(extractor: Any) -> None:
    """A title that only one government's curated head holds gives that body only to a
    person of that country."""
    for text in (
        "Secretary of Finance Maria Lopez Garcia opened the investment forum today.",
        "The forum heard Secretary of Finance Tomas Reyes Cruz on tariffs.",
    ):
        person = next(iter(_officials(extractor, text).values()))
        assert person["organization"] is None, person


def test_a_company_officer_does_not_take_the_company_country(extractor: Any) -> None:
    for text, name in (
        (
            "Delegates included Aurora Holdings K.K. Representative Director Saori Ikeda and "
            "Northwind Ltd. Chief Executive Officer Tom Reed.",
            "Saori Ikeda",
        ),
        (
            "The delegation: Hana Seo, Chief Executive Officer, Kestrel Korea Co., Ltd.; "
            "Liam Ford, President, Northwind Ltd.",
            "Hana Seo",
        ),
    ):
        person = _officials(extractor, text)[name]
        assert person["organization"] and person["country"] is None, person
