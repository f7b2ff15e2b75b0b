"""Organizations on small texts: shapes, acronyms, folding, typing, countries, parents."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.document import SourceDoc


def _orgs(extractor: Any, text: str, published: str = "2024-05-01") -> dict[str, dict[str, Any]]:
    rec = extractor.extract(SourceDoc(doc_id="t", text=text, published=published))
    return {o["name"]: o for o in rec["organizations"]}


@pytest.fixture(scope="module")
def seed_orgs(extractor: Any) -> dict[str, dict[str, Any]]:
    from tests.conftest import REPO

    text = (REPO / "corpus" / "releases" / "000_b60951ee979ae1a4.txt").read_text()
    return _orgs(extractor, text, "2024-06-27")


def test_seed_organizations(seed_orgs: dict[str, dict[str, Any]]) -> None:
    commerce = seed_orgs["U.S. Department of Commerce"]
    assert commerce["type"] == "government" and commerce["country"] == "US"
    assert "Department of Commerce" in commerce["aliases"]  # "The Department of Commerce" folded
    assert len(commerce["mentions"]) == 2
    assert seed_orgs["SKC"]["country"] == "KR"  # "Korea-based SKC"
    assert seed_orgs["Absolics"]["parent"] == "SKC"  # "an affiliate of"
    assert seed_orgs["Absolics"]["type"] == "company"
    assert seed_orgs["Korea Semiconductor Industry Association"]["type"] == "association"
    # an association named without a country prefix is another association
    assert "Semiconductor Industry Association" in seed_orgs


def test_acronym_definition_folds_later_uses(extractor: Any) -> None:
    orgs = _orgs(
        extractor,
        "The Northwind Maritime Corporation (NMC) opened a plant in Ohio. "
        "Later, NMC hired 400 workers.",
    )
    (org,) = [o for n, o in orgs.items() if "Northwind" in n]
    assert "NMC" in org["aliases"]
    assert len(org["mentions"]) == 2
    assert org["type"] == "company"


def test_ministry_name_stops_before_honorific_and_person(extractor: Any) -> None:
    orgs = _orgs(
        extractor,
        "The Ministry of Ports and Shipping Shri Arjun Mehta said the plan was ready.",
    )
    assert "Ministry of Ports and Shipping" in orgs
    assert orgs["Ministry of Ports and Shipping"]["type"] == "government"


def test_programmes_and_generic_acronyms_are_not_organizations(extractor: Any) -> None:
    orgs = _orgs(
        extractor,
        "Under the Export Growth Initiative, the MoU covers AI and LNG cooperation "
        "with the World Trade Organization (WTO).",
    )
    assert "Export Growth Initiative" not in orgs
    assert not {"MoU", "AI", "LNG"} & set(orgs)
    assert orgs["World Trade Organization"]["type"] == "international"


def test_government_of_country(extractor: Any) -> None:
    orgs = _orgs(extractor, "The Government of Kenya welcomed the investment.")
    assert orgs["Government of Kenya"]["country"] == "KE"
    assert orgs["Government of Kenya"]["type"] == "government"
