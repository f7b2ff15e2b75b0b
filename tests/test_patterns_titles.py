"""Titles are a closed class with a source: country-neutral offices take no country from
the title alone, and a country's own form ('Senator the Hon') stays out of the name."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import make_src


def _officials(extractor: Any, text: str) -> dict[str, dict[str, Any]]:
    rec = extractor.extract(make_src(text, "2025-03-03"))
    return {o["name"]: o for o in rec["officials"]}


@pytest.mark.parametrize(
    "text",
    [
        "State Secretary Jane Doe met exporters in Bern on Monday.",
        "On Monday, exporters met State Secretary Jane Doe to discuss tariffs.",
    ],
)
def test_state_secretary_is_one_title(extractor: Any, text: str) -> None:
    assert _officials(extractor, text)["Jane Doe"]["title"] == "State Secretary"


@pytest.mark.parametrize(
    "text",
    [
        "Senator Jane Doe said on Monday that the tariff bill will pass.",
        "The tariff bill will pass, Senator Jane Doe said on Monday.",
    ],
)
def test_senator_is_country_neutral(extractor: Any, text: str) -> None:
    official = _officials(extractor, text)["Jane Doe"]
    assert official["title"] == "Senator"
    assert official["country"] is None  # no country named: the title alone says none


@pytest.mark.parametrize(
    "text",
    [
        "Senator the Hon Jane Doe welcomed the trade agreement on Monday.",
        "The agreement was welcomed on Monday by Senator the Hon Jane Doe.",
    ],
)
def test_senator_the_hon_stays_out_of_the_name(extractor: Any, text: str) -> None:
    official = _officials(extractor, text)["Jane Doe"]
    assert official["country"] == "AU"


@pytest.mark.parametrize(
    "portfolio",
    [
        "Trade, Industry, and Energy",
        "Science, Innovation, and Technology",
        "Agriculture, Forestry and Fisheries",
    ],
)
def test_no_title_word_cuts_a_portfolio_list(extractor: Any, portfolio: str) -> None:
    """Every word of every title counts as a title word; a title like 'Energy Minister' would
    end 'Minister of Trade, Industry, and Energy' at 'Industry'."""
    text = f"Minister of {portfolio} Jane Doe met exporters in Oslo on Monday."
    assert _officials(extractor, text)["Jane Doe"]["title"] == f"Minister of {portfolio}"
