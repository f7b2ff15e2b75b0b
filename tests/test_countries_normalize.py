"""The country normaliser: every surface form of a country agrees on one code."""

from __future__ import annotations

import pytest

from pipeline.normalize.countries import (
    country_code,
    country_name,
    is_demonym,
    rows,
    split_compound,
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("United States", "US"),
        ("the United States", "US"),
        ("U.S.", "US"),
        ("US", "US"),
        ("USA", "US"),
        ("America", "US"),
        ("American", "US"),
        ("Americans", "US"),
        ("Korea", "KR"),
        ("Republic of Korea", "KR"),
        ("ROK", "KR"),
        ("South Korea", "KR"),
        ("Korean", "KR"),
        ("Korea's", "KR"),
        ("European Union", "EU"),
        ("EU", "EU"),
        ("India", "IN"),
        ("Indian", "IN"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("Britain", "GB"),
        ("British", "GB"),
        ("PRC", "CN"),
        ("People's Republic of China", "CN"),
        ("People’s Republic of China", "CN"),
        ("Chinese", "CN"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Côte d’Ivoire", "CI"),
        ("Taiwan", "TW"),
        ("Hong Kong", "HK"),
        ("the Netherlands", "NL"),
        ("Dutch", "NL"),
        ("North Korea", "KP"),
    ],
)
def test_country_code_forms(text: str, code: str) -> None:
    assert country_code(text) == code


@pytest.mark.parametrize("text", ["us", "Us", "Indo-Pacific", "Texas", "", "Commerce", "IN"])
def test_not_a_country(text: str) -> None:
    assert country_code(text) is None


def test_table_is_complete_and_unique() -> None:
    codes = [str(r["code"]) for r in rows()]
    assert len(codes) == len(set(codes))
    # 193 UN members + Holy See, Palestine, Taiwan, Hong Kong, Macau, EU.
    assert len(codes) >= 199
    assert all(len(c) == 2 and c.isupper() for c in codes)


def test_every_form_maps_back_to_its_row() -> None:
    for row in rows():
        for form in [row["name"], *row["aliases"], *row["demonyms"]]:  # type: ignore[misc]
            got = country_code(str(form))
            assert got == row["code"], (form, got)


def test_country_name() -> None:
    assert country_name("US") == "United States"
    assert country_name("kr") == "South Korea"
    assert country_name("EU") == "European Union"


def test_is_demonym() -> None:
    assert is_demonym("Korean")
    assert is_demonym("Americans")
    assert not is_demonym("Korea")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("U.S.-Korea", [(0, 4, "US"), (5, 10, "KR")]),
        ("US-India", [(0, 2, "US"), (3, 8, "IN")]),
        ("India–Singapore", [(0, 5, "IN"), (6, 15, "SG")]),
        ("U.S.-ROK", [(0, 4, "US"), (5, 8, "KR")]),
        ("U.S.-Japan-ROK", [(0, 4, "US"), (5, 10, "JP"), (11, 14, "KR")]),
        ("U.S.-Korea's", [(0, 4, "US"), (5, 10, "KR")]),
        ("Korea-based", [(0, 5, "KR")]),
        ("Guinea-Bissau", [(0, 13, "GW")]),
        ("Indo-Pacific", []),
        ("Asia-Pacific", []),
    ],
)
def test_split_compound(text: str, expected: list[tuple[int, int, str]]) -> None:
    got = split_compound(text)
    assert got == expected
    for start, end, code in got:
        assert country_code(text[start:end]) == code
