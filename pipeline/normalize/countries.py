"""Country names, short forms, abbreviations and demonyms -> ISO 3166-1 alpha-2.

One table drives every component that needs a country: ISO 3166-1 names and
official names from pycountry, and from ``patterns/countries.jsonl`` (UN members plus
Taiwan, Hong Kong, Macau, Kosovo and the EU) what ISO lacks: the short name a release
uses, short forms and abbreviations ("U.S.", "ROK"), demonyms, so "U.S.",
"American" and "United States of America" agree everywhere. Abbreviations are
matched case-sensitively ("US" is a country, "us" is not); names and demonyms
case-insensitively, with diacritics, a leading "the" and a possessive folded away.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from pipeline.patterns.load import load_jsonl

COUNTRY_FILE = "countries.jsonl"
_SPACE = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"['’]s?$")
_LEADING_THE = re.compile(r"^the\s+", re.I)
# Separators that join the parties of a compound: "U.S.-Korea", "India–Singapore", "US/EU".
_COMPOUND_SEP = re.compile(r"\s*[-‐‑–—/]\s*")


@cache
def rows() -> tuple[dict[str, object], ...]:
    """The country table: our rows (short name, short forms, abbreviations, demonyms)
    with ISO 3166-1 names and official names from pycountry added to ``aliases``.

    A form our rows give one country keeps it: ISO's "Congo" (the Republic) does not
    take the bare name from the Democratic Republic, which releases mean by it.
    """
    import pycountry

    ours = load_jsonl(COUNTRY_FILE, required=("code", "name", "aliases", "demonyms", "source"))
    taken = {_fold(str(f)) for row in ours for f in [row["name"], *row["aliases"]]}
    out: list[dict[str, object]] = []
    for row in ours:
        aliases = [str(a) for a in row["aliases"]]
        iso = pycountry.countries.get(alpha_2=str(row["code"]))
        for attr in ("name", "official_name", "common_name"):
            form = getattr(iso, attr, None) if iso is not None else None
            if form and "(" not in form and _fold(str(form)) not in taken:
                taken.add(_fold(str(form)))
                aliases.append(str(form))
        out.append({**row, "aliases": aliases})
    return tuple(out)


def demonym_forms(row: dict[str, object]) -> list[str]:
    """A row's demonyms with their plurals ("Korean" -> "Koreans"; "Swiss" has none)."""
    out: list[str] = []
    for dem in row["demonyms"]:  # type: ignore[attr-defined]
        out.append(str(dem))
        if str(dem).endswith(("n", "i")):
            out.append(str(dem) + "s")
    return out


@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    """Case-, diacritic-, space- and apostrophe-insensitive key (cached: rules fold the
    same words thousands of times a release)."""
    if text.isascii():  # NFKD leaves ASCII alone: skip the per-character pass
        return _SPACE.sub(" ", text).strip().lower()
    s = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return _SPACE.sub(" ", s).strip().lower()


def fold(text: str) -> str:
    """The matching key of a place or country form (public: places share it)."""
    return _fold(text)


def is_abbreviation(form: str) -> bool:
    """'US', 'U.S.', 'ROK', 'E.U.' are abbreviations: all capitals, dots allowed."""
    bare = form.replace(".", "")
    return 2 <= len(bare) <= 5 and bare.isalpha() and bare.isupper()


def _abbrev_key(form: str) -> str:
    return form.replace(".", "")


@cache
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    """(abbreviation -> code, folded name -> code, folded demonym -> code, code -> name)."""
    abbrev: dict[str, str] = {}
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    common: dict[str, str] = {}
    for row in rows():
        code = str(row["code"])
        common[code] = str(row["name"])
        forms = [str(row["name"]), *(str(a) for a in row["aliases"])]  # type: ignore[attr-defined]
        for form in forms:
            if is_abbreviation(form):
                abbrev.setdefault(_abbrev_key(form), code)
            else:
                names.setdefault(_fold(_LEADING_THE.sub("", form)), code)
        weak = row.get("weak_demonyms", [])
        for dem in [*row["demonyms"], *weak]:  # type: ignore[misc]
            demonyms.setdefault(_fold(str(dem)), code)
    return abbrev, names, demonyms, common


def _strip(text: str) -> str:
    text = _SPACE.sub(" ", text).strip().strip(',;:()[]"')
    text = _LEADING_THE.sub("", text)
    return _POSSESSIVE.sub("", text) if text.endswith(("'s", "’s")) else text


@lru_cache(maxsize=1 << 16)
def country_code(text: str) -> str | None:
    """ISO alpha-2 (or "EU") for a country name, short form, abbreviation or demonym.

    "U.S.", "USA", "America", "American" -> "US"; "ROK", "Korean" -> "KR"; a plural
    demonym ("Koreans") counts too. None when the text is not a country.
    """
    text = _strip(text)
    if not text:
        return None
    abbrev, names, demonyms, _ = _tables()
    if is_abbreviation(text):
        return abbrev.get(_abbrev_key(text))
    key = _fold(text)
    if key in names:
        return names[key]
    if key in demonyms:
        return demonyms[key]
    if key.endswith("s") and key[:-1] in demonyms:
        return demonyms[key[:-1]]
    return None


@cache
def country_keys() -> frozenset[str]:
    """Folded names, aliases and demonyms of every country, and bare abbreviations: a
    set test where ``country_code`` would be called for thousands of library names."""
    abbrev, names, demonyms, _ = _tables()
    return frozenset(names) | frozenset(demonyms) | frozenset(abbrev)


def country_name(code: str) -> str:
    """The common short name of a code ("KR" -> "South Korea"); the code itself if unknown."""
    return _tables()[3].get(code.upper(), code)


def weak_demonyms() -> frozenset[str]:
    """Demonyms that name a country only inside a proper name ("European Commission").

    "European" alone usually means the continent, not the EU as a party.
    """
    return frozenset(
        _fold(str(d))
        for row in rows()
        for d in row.get("weak_demonyms", [])  # type: ignore[attr-defined]
    )


@cache
def combining_forms() -> dict[str, str]:
    """Prefixes that name a country only joined to another: "Sino-U.S.", "Indo-US"."""
    return {
        str(f): str(row["code"])
        for row in rows()
        for f in row.get("combining_forms", [])  # type: ignore[attr-defined]
    }


def is_demonym(text: str) -> bool:
    """Whether ``text`` is a demonym/adjective ("Korean", "Americans") rather than a name."""
    key = _fold(_strip(text))
    demonyms = _tables()[2]
    return key in demonyms or (key.endswith("s") and key[:-1] in demonyms)


def split_compound(text: str) -> list[tuple[int, int, str]]:
    """The country parts of a compound, with offsets into ``text`` and codes.

    "U.S.-Korea" -> [(0, 4, "US"), (5, 10, "KR")]; "U.S.-Japan-ROK" gives three;
    "Korea-based" gives the one country part; a hyphenated country name
    ("Guinea-Bissau") is one part; a combining form counts beside a country
    ("Sino-U.S." gives CN and US); "Indo-Pacific" gives nothing.
    """
    whole = country_code(text)
    if whole is not None:
        stripped = text.strip()
        start = text.index(stripped) if stripped else 0
        return [(start, start + len(stripped), whole)]
    out: list[tuple[int, int, str]] = []
    pos = 0
    pieces: list[tuple[int, int]] = []
    for sep in _COMPOUND_SEP.finditer(text):
        pieces.append((pos, sep.start()))
        pos = sep.end()
    pieces.append((pos, len(text)))
    if len(pieces) < 2:
        return []
    prefixes: list[tuple[int, int, str]] = []
    for start, end in pieces:
        piece = text[start:end]
        # A trailing possessive stays outside the mention: "Korea's" -> "Korea".
        core = _POSSESSIVE.sub("", piece) if piece.endswith(("'s", "’s")) else piece
        code = country_code(core) if core else None
        if code is not None:
            out.append((start, start + len(core), code))
        elif piece in combining_forms():
            prefixes.append((start, end, combining_forms()[piece]))
    # "Indo-US" names India; "Indo-Pacific" names no country.
    return sorted(out + prefixes) if out else []
