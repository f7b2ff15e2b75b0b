"""Government bodies and titles are closed classes: every row names its listing, every
country is a code, each cabinet is complete against the size recorded from its listing,
and a bad row fails at load time with the file and line."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import pytest

from pipeline.patterns import load
from pipeline.patterns.load import PatternError, country_codes, load_jsonl

G20_AND_EU = (
    *("AR", "AU", "BR", "CA", "CN", "FR", "DE", "IN", "ID", "IT", "JP", "MX", "RU", "SA"),
    *("ZA", "KR", "TR", "GB", "US", "EU"),
)


def _bodies() -> tuple[dict[str, Any], ...]:
    return load_jsonl("gov_bodies.jsonl")


def test_every_body_names_its_source_and_a_valid_country() -> None:
    for row in _bodies():
        assert row["source"].strip(), row["name"]
        if row.get("shared_by"):
            assert row["country"] is None and set(row["shared_by"]) <= country_codes()
        elif row["type"] == "international":
            assert row["country"] is None or row["country"] in country_codes(), row["name"]
        else:
            assert row["country"] in country_codes(), row["name"]
        assert all(isinstance(t, str) and t for t in row["head_titles"]), row["name"]


def test_no_body_is_listed_twice_for_one_country() -> None:
    counts = Counter((r["name"], r["country"]) for r in _bodies())
    assert [k for k, n in counts.items() if n > 1] == []


def test_each_cabinet_is_complete_against_its_recorded_size() -> None:
    recorded = {r["country"]: r["count"] for r in load_jsonl("cabinets.jsonl")}
    assert set(G20_AND_EU) <= set(recorded)
    listed = Counter(r["country"] for r in _bodies() if r.get("cabinet"))
    assert {c: listed[c] for c in recorded} == recorded
    # a cabinet row is a government body of that country, never an international one
    assert all(r["type"] == "government" for r in _bodies() if r.get("cabinet"))


def test_ministries_name_the_heads_title() -> None:
    heads = [r for r in _bodies() if r.get("cabinet") and r["name"].startswith("Ministry")]
    assert heads and all(r["head_titles"] for r in heads)


def test_titles_name_their_source_and_country() -> None:
    rows = load_jsonl("titles.jsonl", required=("title",))
    assert len({r["title"] for r in rows}) == len(rows)
    for row in rows:
        assert row["source"].strip(), row["title"]
        assert row["country"] is None or row["country"] in country_codes(), row["title"]
    neutral = {r["title"] for r in rows if r["country"] is None}
    assert {"Minister", "Deputy Minister", "Senator", "Ambassador", "Director-General"} <= neutral


GOOD = {
    "name": "Ministry of Invented Affairs",
    "aliases": [],
    "acronyms": ["MIA"],
    "type": "government",
    "country": "NO",
    "head_titles": ["Minister of Invented Affairs"],
    "source": "Invented Government, ministries directory (https://example.org)",
}


def _load_lines(monkeypatch: pytest.MonkeyPatch, name: str, rows: list[dict[str, Any]]) -> None:
    country_codes()  # read the real countries file before _lines is replaced
    lines = [(i, json.dumps(r)) for i, r in enumerate(rows, 1)]
    monkeypatch.setattr(load, "_lines", lambda n: lines if n == name else [])
    load_jsonl.__wrapped__(name)  # the uncached loader: the cache holds the real file


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"source": ""}, "gov_bodies.jsonl:2: missing source"),
        ({"country": "XX"}, "gov_bodies.jsonl:2: country='XX'"),
        ({"country": None}, "gov_bodies.jsonl:2: country=None"),
        ({"aliases": "MIA"}, "gov_bodies.jsonl:2: aliases must be a list"),
        ({}, "gov_bodies.jsonl:2: duplicate name 'Ministry of Invented Affairs'"),
        ({"shared_by": ["NO"]}, "gov_bodies.jsonl:2: a shared form has country null"),
        ({"country": None, "shared_by": ["XX"]}, "gov_bodies.jsonl:2: country='XX'"),
    ],
)
def test_loader_rejects_a_bad_body_row(
    monkeypatch: pytest.MonkeyPatch, bad: dict[str, Any], message: str
) -> None:
    with pytest.raises(PatternError, match=re.escape(message)):
        _load_lines(monkeypatch, "gov_bodies.jsonl", [GOOD, {**GOOD, **bad}])


def test_loader_accepts_good_rows_and_a_same_name_in_another_country(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = {**GOOD, "country": "KE"}
    intl = {**GOOD, "name": "Invented Union", "type": "international", "country": None}
    _load_lines(monkeypatch, "gov_bodies.jsonl", [GOOD, other, intl])


def test_loader_rejects_a_bad_title_or_cabinet_row(monkeypatch: pytest.MonkeyPatch) -> None:
    title = {"title": "Warden", "country": None, "body": None, "source": "x"}
    with pytest.raises(PatternError, match=re.escape("titles.jsonl:1: missing source")):
        _load_lines(monkeypatch, "titles.jsonl", [{**title, "source": None}])
    with pytest.raises(PatternError, match=re.escape("titles.jsonl:2: duplicate title 'Warden'")):
        _load_lines(monkeypatch, "titles.jsonl", [title, title])
    with pytest.raises(PatternError, match=re.escape("cabinets.jsonl:1: count must be")):
        _load_lines(monkeypatch, "cabinets.jsonl", [{"country": "NO", "count": 0, "source": "x"}])


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        (
            "Jane Doe met officials of the Federal Cartel Office in Bonn on Monday.",
            "Federal Cartel Office",
            "DE",
        ),
        (
            "Northwind Ltd. said the Administrative Council for Economic Defense (CADE) "
            "cleared the deal. CADE will publish its reasons.",
            "Administrative Council for Economic Defense",
            "BR",
        ),
    ],
)
def test_a_listed_body_is_a_government_organization_of_its_country(
    extractor: Any, text: str, name: str, country: str
) -> None:
    from tests.conftest import make_src

    orgs = {o["name"]: o for o in extractor.extract(make_src(text, "2025-03-03"))["organizations"]}
    assert orgs[name]["type"] == "government"
    assert orgs[name]["country"] == country


def test_a_form_several_countries_use_is_shared_and_listed_first() -> None:
    """'Ministry of Finance' is a form of many cabinets: its shared row comes before theirs, so
    a release naming none of those countries does not inherit the first one's code."""
    rows = _bodies()
    index = {(r["name"], r["country"]): i for i, r in enumerate(rows)}
    shared = {r["name"]: r for r in rows if r.get("shared_by")}
    assert "Ministry of Finance" in shared
    users_of: dict[str, set[str]] = {}
    for r in rows:
        if r["type"] == "government" and r["country"]:
            for form in (r["name"], *r["aliases"], *r["acronyms"]):
                users_of.setdefault(form, set()).add(r["country"])
    assert {f for f, codes in users_of.items() if len(codes) > 1} == set(shared)
    for form, row in shared.items():
        users = [
            i
            for i, r in enumerate(rows)
            if r["country"] and form in (r["name"], *r["aliases"], *r["acronyms"])
        ]
        assert {rows[i]["country"] for i in users} == set(row["shared_by"])
        assert index[(form, None)] < min(users)


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("OSLO - The Ministry of Finance said on Monday that Norwegian exporters will meet.", "NO"),
        ("ACCRA, Ghana - The Ministry of Finance said on Monday that Jane Doe will visit.", "GH"),
        ("The Ministry of Finance said on Monday that Jane Doe will visit.", None),
    ],
)
def test_a_shared_form_takes_the_country_the_release_names(
    extractor: Any, text: str, country: str | None
) -> None:
    from tests.conftest import make_src

    orgs = {o["name"]: o for o in extractor.extract(make_src(text, "2025-03-03"))["organizations"]}
    assert orgs["Ministry of Finance"]["country"] == country
