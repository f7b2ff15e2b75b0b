"""Curated geography shared by components: the place gazetteer, U.S. states, and the
rule that tells "Georgia" the state from Georgia the country.

Data-level helpers only (no spaCy): tf_places and tf_countries both read them, and
components never import one another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.normalize.countries import country_code, fold
from pipeline.patterns.load import load_jsonl

PLACE_TYPES: tuple[str, ...] = ("state", "city", "region", "site", "other")


@dataclass(frozen=True, slots=True)
class Place:
    """A curated place: its canonical name, type and country (None above country level)."""

    name: str
    type: str
    country: str | None


@cache
def us_states() -> tuple[dict[str, Any], ...]:
    """Rows of the U.S. states and territories table."""
    return load_jsonl(
        "us_states.jsonl",
        required=("name", "postal", "abbrev", "type"),
        allowed=(("type", ("state", "district", "territory")),),
    )


def us_state_names() -> tuple[str, ...]:
    """The fifty states' names ("Georgia", "New Mexico")."""
    return tuple(str(r["name"]) for r in us_states() if r["type"] == "state")


@cache
def place_rows() -> tuple[dict[str, Any], ...]:
    """Rows of the general geography table."""
    return load_jsonl(
        "places.jsonl",
        required=("name", "type", "country", "aliases"),
        allowed=(("type", PLACE_TYPES),),
    )


@cache
def gazetteer() -> dict[str, tuple[Place, bool]]:
    """Folded surface form -> (place, is an adjective form).

    ``places.jsonl`` comes first: "Washington" alone is the capital (datelines,
    "talks in Washington"); the state is "Washington State" / "State of Washington".
    """
    out: dict[str, tuple[Place, bool]] = {}
    for row in place_rows():
        place = Place(str(row["name"]), str(row["type"]), row.get("country"))
        for form in [row["name"], *row["aliases"]]:
            out.setdefault(fold(str(form)), (place, False))
        for form in row.get("adjectives", []):
            out.setdefault(fold(str(form)), (place, True))
    for row in us_states():
        if row["type"] == "district":
            continue  # Washington, D.C. is a city in places.jsonl
        ptype = "state" if row["type"] == "state" else "other"
        place = Place(str(row["name"]), ptype, "US")
        name = str(row["name"])
        if fold(name) in out:
            out.setdefault(fold(f"{name} State"), (place, False))
            out.setdefault(fold(f"State of {name}"), (place, False))
        else:
            out[fold(name)] = (place, False)
            out.setdefault(fold(f"State of {name}"), (place, False))
    return out


def lookup(text: str) -> Place | None:
    """The curated place a name form denotes ("Delhi" -> New Delhi), None if unknown."""
    hit = gazetteer().get(fold(text))
    return hit[0] if hit and not hit[1] else None


def blocker_phrases() -> list[str]:
    """Every place form: a country named inside one ("New Mexico") is not a country."""
    forms = [str(r["name"]) for r in us_states()]
    for row in place_rows():
        forms += [str(row["name"]), *map(str, row["aliases"]), *row.get("adjectives", [])]
    return forms


@cache
def _state_regex() -> re.Pattern[str]:
    names = sorted(us_state_names(), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")


@cache
def state_abbrevs() -> dict[str, str]:
    """AP and postal abbreviations written after a city ("Calif.", "TX") -> state name."""
    out: dict[str, str] = {}
    for row in us_states():
        for form in (row["abbrev"], row["postal"]):
            out.setdefault(str(form), str(row["name"]))
    return out


_US_SIGNAL = re.compile(r"(?<!\w)U\.S\.(?!\w)|\b(?:USA|United States|American)\b")


def us_state_context(text: str, start: int, end: int) -> bool:
    """Whether a name at ``text[start:end]`` that is both a country and a U.S. state
    ("Georgia") is the state.

    The state when the text calls it one ("state of Georgia", "Atlanta, Georgia") or
    names other U.S. states; the country when it uses the country's demonym or its
    formal name ("Republic of Georgia"); otherwise the state in a release about the
    United States.
    """
    name = text[start:end]
    before = text[max(0, start - 40) : start]
    after = text[end : end + 20]
    if re.search(r"\bstate of\s*$", before, re.I) or re.match(r"\s+[Ss]tate\b", after):
        return True
    city = re.search(r"([A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}),\s*$", before)
    if city and (place := lookup(city.group(1))) is not None and place.country == "US":
        return True
    code = country_code(name)
    if code is not None and _country_cue(code, name).search(text):
        return False
    others = {m.group(1) for m in _state_regex().finditer(text)} - {name, "Washington"}
    if any(country_code(o) is None for o in others):
        return True
    return bool(_US_SIGNAL.search(text))


@cache
def _country_cue(code: str, name: str) -> re.Pattern[str]:
    """Words that make a state-named country the country: its demonym, formal names."""
    from pipeline.normalize.countries import rows

    forms = [f"Republic of {name}", f"Government of {name}"]
    for row in rows():
        if row["code"] == code:
            forms += [str(d) for d in row["demonyms"]]  # type: ignore[attr-defined]
            forms += [str(a) for a in row["aliases"] if str(a) != name]  # type: ignore[attr-defined]
    forms += [str(r["name"]) for r in place_rows() if r["country"] == code and r["type"] == "city"]
    return re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b")
