"""Agreements: memoranda, agreements, arrangements, deals, roadmaps, by their shape.

The component marks each agreement noun ("preliminary memoranda", "Memorandum
of Understanding (MoU)", "Paris Agreement", "U.S.-UK agreement on trade in
wine", "the MoU") and reads the clause around it: who signs (the subject before
a status verb such as "signed"), with whom ("with A ... and with B", "between A
and B"), about what ("to develop ...", "on ..."), where ("in Georgia") and the
status word. It stores character ranges relative to the mention; resolution maps
them onto the organizations, countries, locations and dates already resolved, so
parties carry canonical names. Plural nouns with several partners ("signed MoUs
with A and B", "memoranda with A ... and with B") give one agreement per partner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.base import add_span, check_data_files
from pipeline.components.shapes import (
    DASHES,
    char_range,
    country_names,
    country_prefix,
    doc_lowers,
    head_class,
    in_title_line,
    is_name_token,
    left_start,
    paren_acronym,
    right_end,
    sentence_bounds,
    sentence_span,
    span_text,
    title_line_spans,
    word_set,
)
from pipeline.normalize.names import clean_name, name_key
from pipeline.patterns.load import load_jsonl
from pipeline.record import mentions_json

if TYPE_CHECKING:
    from pipeline.record import Candidate, Context

FILE = "agreements.jsonl"


@dataclass(frozen=True, slots=True)
class Head:
    kind: str
    plural: bool
    capitalised_only: bool
    after: str | None  # words that must precede ("memorandum of" + "understanding")
    needs_status: bool
    launched_only: bool


@cache
def heads() -> dict[str, list[Head]]:
    """Agreement head word (lower case) -> its readings."""
    out: dict[str, list[Head]] = {}
    for row in load_jsonl(FILE, required=("set",)):
        if row["set"] != "agreement_head":
            continue
        out.setdefault(str(row["word"]).lower(), []).append(
            Head(
                kind=str(row["kind"]),
                plural=bool(row.get("plural")),
                capitalised_only=bool(row.get("capitalised_only")),
                after=str(row["after"]).lower() if row.get("after") else None,
                needs_status=bool(row.get("needs_status")),
                launched_only=bool(row.get("launched_only")),
            )
        )
    return out


@cache
def statuses() -> dict[str, str]:
    """Status word (lower case) -> the status it states ("signed" -> "signed")."""
    return {
        str(r["word"]).lower(): str(r["status"])
        for r in load_jsonl(FILE, required=("set",))
        if r["set"] == "status"
    }


@cache
def verb_kinds() -> dict[str, str]:
    """Verbs that state an agreement between named bodies ("will partner") -> kind."""
    return {
        str(r["word"]).lower(): str(r["kind"])
        for r in load_jsonl(FILE, required=("set",))
        if r["set"] == "verb_kind"
    }


# -- the component ------------------------------------------------------------------------


def _reading(doc: Doc, i: int) -> tuple[int, Head] | None:
    """(first token of the kind phrase, head reading) for an agreement noun at token ``i``."""
    for head in heads().get(doc[i].lower_, []):
        if head.after:
            words = head.after.split()
            a = i - len(words)
            if a >= 0 and [t.lower_ for t in doc[a:i]] == words:
                return a, head
            continue
        return i, head
    return None


def _acronym_mentions(doc: Doc, named: dict[str, str], marked: list[tuple[int, int]]) -> None:
    """Later "CEPA" mentions of a named agreement introduced as "... Agreement (CEPA)"."""
    if not named:
        return
    folded = {a.lower() for a in named}
    for i, low in enumerate(doc_lowers(doc)):
        if low not in folded or doc[i].text not in named:
            continue
        s = doc[i].idx
        if any(a <= s < b for a, b in marked):
            continue
        add_span(
            doc,
            "agreements",
            s,
            s + len(doc[i].text),
            "agreements:acronym",
            kind=named[doc[i].text],
            acronym=doc[i].text,
            anaphor=True,
            acronym_only=True,
        )


def _acronym_of_previous(doc: Doc, i: int) -> bool:
    """'(MoUs)' right after 'Memoranda of Understanding': part of that mention."""
    return (
        1 < i < len(doc) - 1
        and doc[i - 1].text == "("
        and doc[i + 1].text == ")"
        and doc[i - 2].lower_ in heads()
    )


def _continues(doc: Doc, i: int) -> bool:
    """'Memorandum' in 'Memorandum of Understanding': a longer reading ends later."""
    if i + 2 < len(doc) and doc[i + 1].lower_ == "of":
        nxt = _reading(doc, i + 2)
        return nxt is not None and nxt[0] == i
    return False


_CLAUSE_STOP = frozenset({".", ";", ":", "?", "!"})
_PREP_STOP = frozenset({"on", "for", "of", "under", "through", "via", "that", "which"})
# "to" ends a partner list even before a capital: "with A and B to Strengthen X" (headline)
_ALWAYS_STOP = frozenset(
    {"in", "at", "to", "valued", "worth", "totaling", "totalling", "who", "whose"}
)


def _zone(doc: Doc, k: int, hi: int, allow_and: bool = True) -> int:
    """End of a party list from token ``k``: names, "and", commas, up to a clause word.

    Stops at "in"/"at" (a place follows), at "to"/"on"/"for" before a lower-case
    word or a number ("to develop", "on 19 August"), at an appositive (", an
    affiliate of ...") and at "and with" (the next partner clause).
    """
    e = k
    while e < hi and e - k < 30:
        tok = doc[e]
        low = tok.lower_
        if tok.text == "." and e > k and doc[e - 1].lower_ in word_set("abbreviation"):
            e += 1  # "Acme India Pvt. Ltd."
            continue
        if tok.text in _CLAUSE_STOP or tok.is_space:
            break
        if low in _ALWAYS_STOP:
            break
        if low in _PREP_STOP and e + 1 < hi:
            nxt = doc[e + 1]
            if not is_name_token(nxt) or nxt.lower_ in word_set("date_word"):
                break
        if low == "and" and e + 1 < hi and doc[e + 1].lower_ in ("with", "between"):
            break
        if low == "and" and not allow_and:
            break
        if tok.text == "," and e + 2 < hi:
            nxt = doc[e + 1]
            if nxt.lower_ in (
                "a",
                "an",
                "the",
                "which",
                "who",
                "whose",
                "its",
            ) and not is_name_token(doc[e + 2]):
                break
            if nxt.lower_ in ("to", "in", "at", "on"):
                break
        if tok.text == "(" and paren_acronym(doc, e) is None:
            break
        e += 1
    while e > k and doc[e - 1].text in (",", "and", "the"):
        e -= 1
    return e


def _status(doc: Doc, lo: int, a: int, e: int, hi: int) -> tuple[str | None, int | None]:
    """The status word nearest before the noun (or just after it) and its token index.

    Only a word of its own ("signed", not "long-closed") within a short reach.
    """
    table = statuses()

    def word(k: int) -> str | None:
        glued = k > 0 and doc[k - 1].text in DASHES and not doc[k - 1].whitespace_
        return None if glued else table.get(doc[k].lower_)

    for k in range(a - 1, max(lo, a - 13) - 1, -1):
        if word(k):
            return word(k), k
    for k in range(e, min(hi, e + 6)):
        if word(k):
            return word(k), None
    return None, None


def _kind_phrase(doc: Doc, a: int, i: int, head: Head, lo: int) -> tuple[str, int]:
    """'preliminary memorandum', 'free trade agreement': modifiers + the head's kind."""
    skip = word_set("kind_modifier_skip", FILE) | word_set("determiner")
    k = a
    while k - 1 >= lo and (doc[k - 1].text.islower() or doc[k - 1].text == "-"):
        word = doc[k - 1].lower_
        if (
            word in skip
            or word in statuses()
            or word in word_set("function_word", FILE)
            or word.endswith("ly")
            or not (doc[k - 1].is_alpha or doc[k - 1].text == "-")
        ):
            break
        k -= 1
    mods = [t.lower_ for t in doc[k:a] if t.text != "-"]
    return " ".join([*mods, head.kind]).strip(), k


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)


class AgreementsComponent:
    """Marks agreement candidates in ``tf_agreements`` with their clause ranges."""

    def __init__(self, nlp: Language, name: str, data_files: list[str] | None = None) -> None:
        self.name = name
        self.data_files = check_data_files("tf_agreements", data_files)
        heads()
        statuses()

    def __call__(self, doc: Doc) -> Doc:
        verbs, table = verb_kinds(), heads()
        named: dict[str, str] = {}  # acronym of a named agreement -> its kind
        marked: list[tuple[int, int]] = []
        covered = -1  # the end of the last mention: a head inside it is part of that name
        for i, low in enumerate(doc_lowers(doc)):
            if low not in verbs and low not in table:
                continue  # a string test first: no Token for the words that start nothing
            if doc[i].idx < covered:
                continue
            if low in verbs:
                found = _verb(doc, i)
            elif low not in table or _continues(doc, i) or _acronym_of_previous(doc, i):
                continue
            else:
                reading = _reading(doc, i)
                found = _agreement(doc, i, *reading) if reading else None
            if found is not None:
                s, e = char_range(doc, found.start, found.end)
                if found.attrs.get("name") and found.attrs.get("acronym"):
                    named[str(found.attrs["acronym"])] = str(found.attrs["kind"])
                    marked.append((s, e))
                add_span(doc, "agreements", s, e, found.attrs.pop("source"), **found.attrs)
                covered = e
        _acronym_mentions(doc, named, marked)
        return doc


@Language.factory(
    "tf_agreements",
    default_config={
        "data_files": [
            "agreements.jsonl",
            "bodies.jsonl",
            "countries.jsonl",
            "events.jsonl",
        ]
    },
    assigns=["doc.spans", "doc._.tf_agreements"],
)
def make_agreements(nlp: Language, name: str, data_files: list[str]) -> AgreementsComponent:
    return AgreementsComponent(nlp, name, data_files)


def _rel(doc: Doc, base: int, a: int, b: int) -> tuple[int, int]:
    """Character range of tokens a..b relative to ``base`` (a chunk-safe offset)."""
    s, e = char_range(doc, a, b)
    return s - base, e - base


def _agreement(doc: Doc, i: int, a: int, head: Head) -> _Found | None:
    cap = doc[a].text[:1].isupper()
    if head.capitalised_only and not cap:
        return None
    if doc[i].text.isupper() and len(doc[i].text) > 4:
        return None  # an all-capitals heading
    if (
        not cap
        and a > 0
        and doc[i].lower_ == "agreement"
        and (
            doc[a - 1].lower_ in word_set("consent_lead", FILE)
            or (doc[a - 1].lower_ == "in" and a + 1 < len(doc) and doc[a + 1].lower_ == "with")
        )
    ):
        return None  # "upon agreement of the Parties", "in agreement with": consent
    lo, hi = sentence_bounds(doc, i)
    e = i + 1
    acr = paren_acronym(doc, e)
    acronym = acr[1] if acr else None
    after_acr = acr[0] if acr else e
    if (
        after_acr + 1 < hi
        and doc[after_acr].lower_ == "signing"
        and doc[after_acr + 1].lower_ in word_set("signing_event", FILE)
    ):
        return None  # "an MoU signing ceremony": an event, no agreement of its own
    # a name: capitalised words before, or a tail "on Agriculture", "For U.S.-India ..."
    x = left_start(doc, a) if cap else a
    precursor = _precursor(doc, a) if cap and x == a else None
    if precursor is not None:
        x = precursor  # "X-Y Framework for an Agreement on Z": the framework is the instrument
    if cap and x < a and (in_title_line(doc, a) or _opens_with_verb(doc, x, lo)):
        x = _headline_start(doc, x, a if precursor is None else a - 2)
    tail = after_acr
    if cap and after_acr < hi and doc[after_acr].lower_ in ("on", "of", "for", "concerning"):
        k = after_acr + 1
        if k < hi and doc[k].lower_ == "the":
            k += 1
        indefinite = k < hi and doc[k].lower_ in ("a", "an")
        end = _serial_tail(doc, right_end(doc, k + 1 if indefinite else k, hi), hi)
        if indefinite and (end <= k + 1 or head_class(doc[end - 1]) is None):
            end = k  # "for a Research Partnership" names; "for a while" does not
        if end > k:
            tail = end
    x = _compound_start(doc, x, a)
    codes, core = country_prefix(doc, x, a) if x < a else ([], x)
    named = cap and (core < a or tail > after_acr) and not (head.plural and core < a)
    generic = word_set("kind_modifier_skip", FILE) | {"free", "trade", "cooperation", "framework"}
    if named and tail == after_acr and all(t.lower_ in generic for t in doc[core:a]):
        named = False  # "Cooperation Agreement", "Free Trade Agreement": a kind, not a name
    launched = (
        cap
        and x < a
        and any(t.lower_ in ("new", "launched", "launch") for t in doc[max(lo, x - 3) : x])
    )
    if head.launched_only and not launched and not _between_after(doc, e, hi):
        return None
    status, _verb = _status(doc, lo, x, tail, hi)
    if head.needs_status and status is None:
        return None
    attrs: dict[str, Any] = {"acronym": acronym, "status": status, "plural": head.plural}
    # "Wine and Distilled Spirits Continuity Agreements" (a headline): names several at once
    attrs["collective"] = cap and head.plural and core < a
    kind, kstart = _kind_phrase(doc, a, i, head, lo)
    if head.plural and _counted(doc, a, kstart, lo):
        return None  # "75 new deals", "$350 million of clean energy deals": a tally
    if not cap and not head.plural:
        # "U.S.-UK agreement on trade in wine", "China’s WTO accession agreement":
        # a name run right before the modifiers names the agreement
        anchor = kstart
        if anchor - 1 >= lo and doc[anchor - 1].text in ("’s", "'s"):
            anchor -= 1
        pre = left_start(doc, anchor, anchor=False)
        if pre < anchor:
            pcodes, pend = country_prefix(doc, pre, anchor)
            x = pre
            if pcodes and pend == anchor:
                codes = pcodes
                if e < hi and doc[e].lower_ in ("on", "for", "concerning", "covering"):
                    tail = _lower_tail(doc, e + 1, hi)
                    named = tail > e + 1
            else:
                named = True
    if cap and not named and core < a:
        kind = " ".join([*(t.lower_ for t in doc[core:a] if t.text != "-"), head.kind])
    attrs["kind"] = "framework" if precursor is not None else kind
    attrs["countries"] = codes
    mention_start = x if (named or codes) else kstart
    base = doc[mention_start].idx
    if named:
        attrs["name"] = _PAREN.sub("", span_text(doc, x, tail)).strip()
        attrs["source"] = "agreements:named"
    else:
        attrs["source"] = "agreements:described"
    # partners after the noun: "with A ... and with B", "between A and B"
    clauses: list[dict[str, Any]] = []
    k = tail
    # the first partner clause starts close to the noun; right after it for "the X"
    definite = kstart > lo and doc[kstart - 1].lower_ in ("the", "this", "that", "these")
    reach = tail + (1 if definite and not named else 12)
    while k < hi and k < reach:
        low = doc[k].lower_
        if doc[k].text in _CLAUSE_STOP:
            break
        if low not in ("with", "between", "among", "amongst"):
            k += 1
            continue
        start = k + 1
        if start < hi and doc[start].lower_ == "the":
            start += 1
        if start < hi and doc[start].lower_ in ("a", "an", "its", "their", "his", "her", "our"):
            k = start
            continue  # "with an emphasis on ...": not a partner
        end = _zone(doc, start, hi)
        if end <= start:
            break
        clause_end = _clause_end(doc, end, hi)
        clauses.append(
            {
                "parties": _rel(doc, base, start, end),
                "clause": _rel(doc, base, start, clause_end),
                "subject": _subject(doc, end, clause_end),
                "between": low != "with",
            }
        )
        k = clause_end
        if k < hi and doc[k].text == ",":
            k += 1
        if k + 1 < hi and doc[k].lower_ == "and" and doc[k + 1].lower_ == "with":
            k += 1
            reach = k + 1
            continue
        break
    attrs["clauses"] = clauses
    # the signers: named before the noun in its clause ("The Department ... signed ...")
    cut = lo
    for j in range(lo, mention_start):
        if doc[j].lower_ in word_set("zone_cut", FILE):
            cut = j + 1
    if mention_start > cut:
        attrs["signer"] = _rel(doc, base, cut, mention_start)
    irrealis = word_set("irrealis", FILE)
    attrs["hypothetical"] = any(t.lower_ in irrealis for t in doc[cut:mention_start])
    attrs["subject"] = _subject(doc, tail, hi) if not clauses else None
    attrs["sentence"] = _rel(doc, base, lo, hi)
    anaphor = (
        not named
        and not clauses
        and not codes
        and kstart > lo
        and doc[kstart - 1].lower_ in ("the", "this", "that", "these", "such")
    )
    attrs["anaphor"] = anaphor
    attrs["definite"] = definite
    return _Found(mention_start, max(tail, i + 1), attrs)


_PAREN = re.compile(r"\s*\([A-Za-z][A-Za-z0-9&.\-]{1,11}\)")


def _opens_with_verb(doc: Doc, x: int, lo: int) -> bool:
    """ "Cooperate on Paris Agreement implementation" (a bullet): the sentence's first word,
    followed by a preposition, is an imperative verb rather than part of a name."""
    return x == lo and x + 1 < len(doc) and doc[x + 1].lower_ in ("on", "for", "in", "to", "with")


def _precursor(doc: Doc, a: int) -> int | None:
    """Start of "<Name> Framework for an Agreement" before the noun at ``a``, else None."""
    if (
        a >= 3
        and doc[a - 1].lower_ in ("a", "an")
        and doc[a - 2].lower_ == "for"
        and doc[a - 3].lower_ in word_set("precursor", FILE)
        and doc[a - 3].text[:1].isupper()
    ):
        start = left_start(doc, a - 2)
        return start if start < a - 2 else None
    return None


def _serial_tail(doc: Doc, end: int, hi: int) -> int:
    """ "on Reciprocal, Fair, and Balanced Trade": one-word capitalised items joined by
    commas and closed by "and <Name>" stay in the name; anything else ends it at the comma."""
    if end < 1 or end >= hi or doc[end].text != "," or end - 1 < 0:
        return end
    if right_end(doc, end - 1, hi) != end or (end >= 2 and is_name_token(doc[end - 2])):
        return end  # the item before the comma must be one word
    j = end
    while j + 2 < hi and doc[j].text == ",":
        nxt = doc[j + 1]
        if nxt.lower_ in ("and", "&") and is_name_token(doc[j + 2]):
            return max(right_end(doc, j + 2, hi), j + 3)
        run = right_end(doc, j + 1, hi)
        if run > j + 2 and any(t.lower_ in ("and", "&") for t in doc[j + 1 : run]):
            return run  # "Ports, Harbors and Fisheries"
        if not is_name_token(nxt) or j + 2 >= hi or doc[j + 2].text != ",":
            return end
        j += 2
    return end


def _headline_start(doc: Doc, x: int, a: int) -> int:
    """A headline capitalises its verbs too: a name before the noun starts after the last
    preposition ("Leaders Cooperate on Paris Agreement" -> "Paris Agreement"), unless the
    preposition is inside a country ("Republic of Korea")."""
    countries_end = country_prefix(doc, x, a)[1]
    for j in range(a - 1, x - 1, -1):
        if doc[j].lower_ in ("on", "for", "of", "in", "to", "at", "with", "by"):
            return x if j < countries_end else j + 1
    return x


def _counted(doc: Doc, a: int, kstart: int, lo: int) -> bool:
    """A number or an amount just before a plural noun: a tally, not one agreement."""
    for k in range(a - 1, max(lo, kstart - 5) - 1, -1):
        t = doc[k]
        if t.like_num or t.text in ("$", "€", "£", "₹") or t.lower_ in ("million", "billion"):
            return True
        if t.lower_ in word_set("determiner") or t.text in (",", ".", ";"):
            return False
    return False


def _lower_tail(doc: Doc, k: int, hi: int) -> int:
    """End of "on trade in wine" after a lower-case agreement noun: up to a comma or verb."""
    stop = k
    verbs = ("will", "which", "that", "is", "was", "shall", "would", "has", "have", "are")
    while (
        stop < hi and doc[stop].text not in (",", ".", ";", ":") and doc[stop].lower_ not in verbs
    ):
        stop += 1
    return stop


_AUX = frozenset({"will", "also", "have", "has", "jointly", "would", "shall", "further"})


def _verb(doc: Doc, i: int) -> _Found | None:
    """'A, B, and C agreed to support ...', 'A and B will partner on ...'."""
    if i + 1 >= len(doc) or doc[i + 1].lower_ not in ("to", "on", "with", "in"):
        return None
    lo, hi = sentence_bounds(doc, i)
    if any(t.lower_ in heads() for t in doc[lo:i]):
        return None  # an agreement noun already states it
    k = i - 1
    while k >= lo and doc[k].lower_ in _AUX:
        k -= 1
    if k < lo or not is_name_token(doc[k]):
        return None
    cut = lo
    for j in range(lo, k):
        if doc[j].lower_ in word_set("zone_cut", FILE):
            cut = j + 1
    base = doc[i].idx
    word = doc[i].lower_
    attrs: dict[str, Any] = {
        "source": "agreements:verb",
        "kind": verb_kinds()[word],
        "status": statuses().get(word, "announced"),
        "verb": True,
        "signer": _rel(doc, base, cut, k + 1),
        "subject": _subject(doc, i + 1, hi),
        "sentence": _rel(doc, base, lo, hi),
        "clauses": [],
    }
    return _Found(i, i + 1, attrs)


def _compound_start(doc: Doc, x: int, a: int) -> int:
    """Where a country compound starts inside a name run ("Unprecedented U.S.–Japan X
    Agreement" -> "U.S.–Japan X Agreement"); ``x`` when there is none."""
    for k in range(x + 1, a):
        if doc[k - 1].text in DASHES:
            continue
        codes, _end = country_prefix(doc, k, a)
        if len(codes) >= 2:
            return k
    return x


def _between_after(doc: Doc, e: int, hi: int) -> bool:
    return any(t.lower_ == "between" for t in doc[e : min(hi, e + 4)])


def _clause_end(doc: Doc, e: int, hi: int) -> int:
    """Where a partner's clause ends: the next "and with", a sentence end."""
    k = e
    while k < hi:
        if doc[k].lower_ == "and" and k + 1 < hi and doc[k + 1].lower_ in ("with", "between"):
            return k
        if (
            doc[k].text == ","
            and k + 2 < hi
            and doc[k + 1].lower_ == "and"
            and doc[k + 2].lower_ == "with"
        ):
            return k
        if doc[k].text in _CLAUSE_STOP:
            return k
        k += 1
    return k


def _subject(doc: Doc, e: int, hi: int) -> str | None:
    """What it is about: "to develop X", "on X", "covering X" up to a place or a comma."""
    k = e
    if k < hi and doc[k].lower_ in word_set("subject_lead", FILE) - {"in"}:
        k += 1
        if k < hi and (doc[k].like_num or doc[k].lower_ in word_set("date_word")):
            return None
        stop = k
        while (
            stop < hi
            and doc[stop].text not in (",", ".", ";", ":")
            and doc[stop].lower_
            not in (
                "in",
                "and",
            )
        ):
            stop += 1
        if stop - k >= 1:
            return span_text(doc, k, stop)
    return None


# -- resolution ---------------------------------------------------------------------------


@dataclass
class _Agreement:
    name: str | None
    kind: str
    parties: list[str]
    subject: str | None
    location: str | None
    date: str | None
    status: str | None
    forms: list[str]
    mentions: list[Any]
    source: str
    from_clause: bool
    definite: bool = False  # "The MoU with X ...": a reference back
    acronym: str | None = None


def _facts_in(ctx: Context, types: tuple[str, ...], s: int, e: int) -> list[tuple[int, str]]:
    """(mention start, canonical name) of the facts of ``types`` mentioned in s..e."""
    out: list[tuple[int, str]] = []
    for t in types:
        for f in ctx.facts.get(t) or []:
            name = f.get("name")
            if not name:
                continue
            for m in f.get("mentions") or []:
                if s <= int(m["start"]) and int(m["end"]) <= e:
                    out.append((int(m["start"]), str(name)))
    return sorted(out)


def _org_spans(ctx: Context) -> list[tuple[int, int, str]]:
    return [
        (int(m["start"]), int(m["end"]), str(f["name"]))
        for f in ctx.facts.get("organizations") or []
        if f.get("name")
        for m in f.get("mentions") or []
    ]


def _as_modifier(text: str, end: int) -> bool:
    """A country used as a modifier: "America’s X", "U.S.-based", "U.S. LNG"."""
    rest = text[end : end + 3]
    return rest.startswith(("’s", "'s", "-", "‐")) or bool(re.match(r" [A-Z]", rest))


def _parties_in(ctx: Context, s: int, e: int, fallback: bool = False) -> list[str]:
    """Bodies and countries named in s..e, in text order.

    A country inside an organization's mention ("Korea Northwind Corporation") or used
    as a modifier next to a body ("America’s ReElement") is not a party. With
    ``fallback`` (a partner list after "with"/"between"), a capitalised name the
    organizations did not recognise stands for itself.
    """
    orgs = [(a, b, n) for a, b, n in _org_spans(ctx) if s <= a and b <= e]
    countries = [
        (p, n)
        for p, n in _facts_in(ctx, ("countries",), s, e)
        if not any(a <= p < b for a, b, _n in orgs)
    ]
    if orgs or fallback:
        countries = [
            (p, n) for p, n in countries if not _as_modifier(ctx.text, _mention_end(ctx, p, p))
        ]
    if fallback:
        # "Shell India": a country closing a longer name is part of that name
        countries = [
            (p, n)
            for p, n in countries
            if not re.search(r"[A-Z][\w.&’'-]* $", ctx.text[max(0, p - 30) : p])
        ]
    found = sorted([(a, n) for a, _b, n in orgs] + countries)
    if fallback:
        taken = [(a, b) for a, b, _n in orgs] + [
            (p, _mention_end(ctx, p, p)) for p, _n in countries
        ]
        for m in _NAME_RUN.finditer(ctx.text, s, e):
            a, b = m.start(), m.end()
            if any(x < b and a < y for x, y in taken):
                continue
            run = clean_name(m.group(0))
            first = run.split()[0].lower() if run else ""
            adjectival = _country_led(run) and bool(re.match(r"\s+[a-z]", ctx.text[b:e]))
            if len(run) > 1 and first not in word_set("name_stop") and not adjectival:
                found.append((a, run))
        found.sort()
    return list(dict.fromkeys(n for _, n in found))


_NAME_RUN = re.compile(
    r"[A-Z][\w.&’'\-]*(?:\s+(?:(?:of|for|the|&|de|du|des|la|le|l’|d’|l'|d')\s*)*"
    r"[A-Z0-9][\w.&’'\-]*)*"
)


def _country_led(run: str) -> bool:
    """'U.S. LNG producers': a country in front of a name is a modifier, not a party."""
    try:
        from pipeline.normalize.countries import country_code
    except ImportError:
        return False
    words = run.split()
    return any(country_code(" ".join(words[:n])) for n in range(1, min(4, len(words)) + 1))


def _mention_end(ctx: Context, start: int, default: int) -> int:
    for f in ctx.facts.get("countries") or []:
        for m in f.get("mentions") or []:
            if int(m["start"]) == start:
                return int(m["end"])
    return default


def _signers(ctx: Context, s: int, e: int) -> list[str]:
    """Who signs: bodies/countries before the noun, else the countries of named officials,
    else (for "they", "both sides") the countries of the two sentences before."""
    parties = _parties_in(ctx, s, e)
    if parties:
        return parties
    codes = [
        str(f["country"])
        for f in ctx.facts.get("officials") or []
        if f.get("country")
        and any(s <= int(m["start"]) and int(m["end"]) <= e for m in f.get("mentions") or [])
    ]
    if codes:
        return country_names(dict.fromkeys(codes))
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", ctx.text[s:e])}
    if words & word_set("pronoun_party", FILE):
        lo = s
        for _ in range(2):
            lo = sentence_span(ctx.text, max(0, lo - 2), max(0, lo - 1))[0]
        return list(dict.fromkeys(n for _, n in _facts_in(ctx, ("countries",), lo, s)))
    return []


def _verb_ok(ctx: Context, attrs: dict[str, Any], base: int, start: int) -> bool:
    """A verb-stated agreement needs two or more bodies as its subject."""
    s, e = (base + x for x in attrs["signer"])
    return len(_facts_in(ctx, ("organizations",), s, e)) >= 2


def _nearest(points: list[tuple[int, str]], pos: int) -> str | None:
    return min(points, key=lambda p: abs(p[0] - pos))[1] if points else None


def resolve(cands: list[Candidate], ctx: Context) -> list[dict[str, Any]]:
    """Agreements with parties, place, date and status from their clauses."""

    out: list[_Agreement] = []
    collective = [c for c in cands if c.attrs.get("collective")]
    for c in [c for c in cands if not c.attrs.get("collective")] + collective:
        if c.attrs.get("collective"):
            same = [ag for ag in out if _head(ag.kind) == _head(str(c.attrs.get("kind")))]
            if same:  # the agreements it sums up were found one by one
                for ag in same:
                    ag.mentions.append(c.mention)
                continue
        base = c.start
        attrs = c.attrs
        kind = str(attrs.get("kind") or "agreement")
        if attrs.get("anaphor"):
            same = [ag for ag in out if _head(ag.kind) == _head(kind)]
            if attrs.get("acronym_only"):
                same = [ag for ag in out if ag.acronym == attrs.get("acronym")]
            if same:
                same[-1].mentions.append(c.mention)
            continue
        s0, s1 = (base + x for x in attrs.get("sentence", (0, 0)))
        signer: list[str] = []
        if attrs.get("signer"):
            a0, a1 = (base + x for x in attrs["signer"])
            signer = _signers(ctx, a0, a1)
        if attrs.get("verb"):
            if not _verb_ok(ctx, attrs, base, c.start):
                continue
            signer = _parties_in(ctx, *(base + x for x in attrs["signer"]))
        named_parties = country_names(attrs.get("countries") or [])
        if attrs.get("name"):
            named_parties = list(dict.fromkeys([*named_parties, *_parties_in(ctx, c.start, c.end)]))
        stated = bool(attrs.get("status"))
        date = _nearest(_date_values(ctx, s0, s1), c.start) if stated else None
        if attrs.get("name") and not stated:
            signer = []  # a named agreement merely mentioned: its signers are not in this clause
        groups: list[tuple[list[str], tuple[int, int] | None, str | None]] = []
        for clause in attrs.get("clauses") or []:
            p0, p1 = (base + x for x in clause["parties"])
            q0, q1 = (base + x for x in clause["clause"])
            partners = _parties_in(ctx, p0, p1, fallback=True)
            if not partners:
                continue
            if attrs.get("plural") and len(partners) > 1 and not clause["between"]:
                for p in partners:
                    groups.append(([p], (q0, q1), clause.get("subject")))
            else:
                groups.append((partners, (q0, q1), clause.get("subject")))
        name = clean_name(str(attrs["name"])) if attrs.get("name") else None
        if not groups:
            parties = list(dict.fromkeys([*named_parties, *signer]))
            vague = attrs.get("hypothetical") or attrs.get("plural")
            thin = len(parties) < 2 and not stated  # "delivered a deal": no deal named
            if (not parties or vague or thin) and not name:
                same = [ag for ag in out if _head(ag.kind) == _head(kind)]
                if same:
                    same[-1].mentions.append(c.mention)
                continue
            groups.append((parties, None, attrs.get("subject")))
            from_clause = False
        else:
            groups = [
                (list(dict.fromkeys([*named_parties, *signer, *g])), rng, subj)
                for g, rng, subj in groups
            ]
            from_clause = True
        for parties, rng, subject in groups:
            lo, hi = rng if rng else (c.start, s1)
            places = _places(ctx, lo, hi) or ([] if rng else _places(ctx, s0, s1))
            ag = _Agreement(
                name=name,
                kind=kind,
                parties=parties,
                subject=subject,
                location=places[0][1] if places else None,
                date=date,
                status=attrs.get("status"),
                forms=[c.text],
                mentions=[c.mention],
                source=c.source,
                from_clause=from_clause,
                definite=bool(attrs.get("definite")),
                acronym=attrs.get("acronym") if name else None,
            )
            _merge(out, ag)
    result: list[dict[str, Any]] = []
    for ag in _fold_references(_fold_headlines(out, ctx)):
        entry: dict[str, Any] = {
            "name": ag.name,
            "kind": ag.kind,
            "parties": ag.parties,
            "subject": ag.subject,
            "location": ag.location,
            "date": ag.date,
            "status": ag.status,
            "aliases": [
                f
                for f in dict.fromkeys(clean_name(x) for x in ag.forms)
                if f and (ag.name is None or name_key(f) != name_key(ag.name))
            ],
            "mentions": mentions_json(ag.mentions),
            "source": ag.source,
        }
        result.append(entry)
    return result


_PLACE_PREP = re.compile(r"\b(in|at)\s+(the\s+)?$", re.I)


def _places(ctx: Context, s: int, e: int) -> list[tuple[int, str]]:
    """Locations in s..e that follow "in"/"at" ("in Central Texas", "at Vanijya Bhawan")."""
    return [
        (p, n)
        for p, n in _facts_in(ctx, ("locations",), s, e)
        if _PLACE_PREP.search(ctx.text[max(0, p - 12) : p])
    ]


def _date_values(ctx: Context, s: int, e: int) -> list[tuple[int, str]]:
    out = []
    for f in ctx.facts.get("dates") or []:
        value = f.get("value")
        for m in f.get("mentions") or []:
            if value and s <= int(m["start"]) and int(m["end"]) <= e:
                out.append((int(m["start"]), str(value)))
    return out


def _head(kind: str) -> str:
    """'preliminary memorandum' -> 'memorandum' (as the scorer compares kinds)."""
    words = kind.lower().split(" of ")[0].split()
    return words[-1] if words else kind


def _merge(out: list[_Agreement], ag: _Agreement) -> None:
    """Fold a mention into an earlier entry for the same agreement, else append it.

    Named entries fold by name. An unnamed mention folds into the only named entry
    of its kind when the parties allow it and it does not describe a deal of its own
    (its own subject: "an agreement to buy 100 aircraft"; a distinct modifier:
    "offtake agreement"). Unnamed ones fold when their parties are compatible and
    their subjects do not differ.
    """
    for old in out:
        if _head(old.kind) != _head(ag.kind) or _distinct(old.kind) != _distinct(ag.kind):
            continue
        if ag.name and old.name:
            if not _same_name(ag, old):
                continue
            if len(ag.name) > len(old.name):
                old.forms.append(old.name)
                old.name = ag.name
        elif ag.name or old.name:
            unnamed = old if ag.name else ag
            only = [o for o in out if _head(o.kind) == _head(ag.kind) and o.name]
            if unnamed.subject or len(only) > 1:
                continue
            if ag.parties and old.parties and not _compatible(ag, old):
                continue
        elif not _compatible(ag, old) or (
            not ag.definite
            and ag.subject
            and old.subject
            and name_key(ag.subject) != name_key(old.subject)
        ):
            continue  # "The MoU with X" refers back; "an MoU with X on Y" may be another
        old.mentions += ag.mentions
        old.forms += ag.forms
        old.name = old.name or ag.name
        old.acronym = old.acronym or ag.acronym
        for p in ag.parties:
            if p not in old.parties:
                old.parties.append(p)
        for fieldname in ("subject", "location", "date", "status"):
            if getattr(old, fieldname) is None:
                setattr(old, fieldname, getattr(ag, fieldname))
        return
    out.append(ag)


def _same_kind(a: _Agreement, b: _Agreement) -> bool:
    return _head(a.kind) == _head(b.kind) and _distinct(a.kind) == _distinct(b.kind)


def _absorb(target: _Agreement, ag: _Agreement) -> None:
    """Fold ``ag``'s mentions into ``target``; its parties only fill a short list."""
    target.mentions = sorted(target.mentions + ag.mentions, key=lambda m: m.start)
    target.forms += ag.forms
    for p in ag.parties:
        if p not in target.parties and len(target.parties) < 2:
            target.parties.append(p)
    for fieldname in ("subject", "location", "date", "status"):
        if getattr(target, fieldname) is None:
            setattr(target, fieldname, getattr(ag, fieldname))


def _fold_references(out: list[_Agreement]) -> list[_Agreement]:
    """ "The MoU was signed by ...": a definite, unnamed mention with no "with"/"between"
    clause of its own refers back to the one earlier agreement of its kind."""
    kept: list[_Agreement] = []
    for ag in out:
        earlier = [o for o in kept if _same_kind(o, ag)]
        if ag.definite and not ag.name and not ag.from_clause and len(earlier) == 1:
            _absorb(earlier[0], ag)
            continue
        kept.append(ag)
    return kept


def _fold_headlines(out: list[_Agreement], ctx: Context) -> list[_Agreement]:
    """A headline sums up the body: an agreement seen only in title-case lines and named
    by its kind alone is the body's agreement of the same kind sharing a party (or the
    only one of its kind)."""
    lines = title_line_spans(ctx.text)

    def headline_only(ag: _Agreement) -> bool:
        return bool(ag.mentions) and all(
            any(a <= m.start < b for a, b in lines) for m in ag.mentions
        )

    kept: list[_Agreement] = []

    def kind_named(ag: _Agreement) -> bool:
        # "Memorandum of Understanding on Ports": a headline's title-cased topic, no name
        words, kind = name_key(ag.name or "").split(), name_key(ag.kind).split()
        return not words or (bool(kind) and words[0] == kind[0])

    for ag in out:
        if not kind_named(ag) or not headline_only(ag):
            kept.append(ag)
            continue
        same = [o for o in out if o is not ag and not headline_only(o) and _same_kind(o, ag)]
        keys = [frozenset(name_key(p).split()) for p in ag.parties]
        sharing = [
            o
            for o in same
            if any(x <= frozenset(name_key(p).split()) for p in o.parties for x in keys)
        ]
        # the first body agreement sharing a party: a headline names the main one
        target = sharing[0] if sharing else (same[0] if len(same) == 1 else None)
        if target is None:
            kept.append(ag)
            continue
        _absorb(target, ag)
    return kept


def _same_name(a: _Agreement, b: _Agreement) -> bool:
    """One agreement named twice: same words, same acronym, or a headline's shorter form
    ("Comprehensive Economic Partnership Agreement" of "India-Oman Comprehensive ...")."""
    if a.acronym and a.acronym == b.acronym:
        return True
    wa, wb = name_key(a.name or "").split(), name_key(b.name or "").split()
    for x, y, words in ((a, b, wb), (b, a, wa)):
        # "the SAFTA agreement" is "South Asian Free Trade Area (SAFTA)"
        if (
            x.acronym
            and words
            and words[0] == x.acronym.lower()
            and (len(words) == 1 or (len(words) == 2 and _head(y.kind) == words[-1]))
        ):
            return True
    if wa == wb:
        return True
    short, long = sorted((wa, wb), key=len)
    return len(short) >= 3 and long[-len(short) :] == short and _compatible(a, b)


def _distinct(kind: str) -> frozenset[str]:
    """Modifiers that make a separate deal ("offtake agreement", "purchase deal")."""
    return frozenset(kind.lower().split()) & word_set("distinct_modifier", FILE)


def _compatible(a: _Agreement, b: _Agreement) -> bool:
    """Party lists that can describe one agreement: one within the other, or loosely
    (a shared party) when neither came from a "with"/"between" clause."""
    pa = [frozenset(name_key(p).split()) for p in a.parties]
    pb = [frozenset(name_key(p).split()) for p in b.parties]
    if not pa or not pb:
        return False

    def within(xs: list[frozenset[str]], ys: list[frozenset[str]]) -> bool:
        # "Acme India" is "Acme India Pvt. Ltd.": one name's words inside the other's
        return all(any(x <= y or y <= x for y in ys) for x in xs)

    if within(pa, pb) or within(pb, pa):
        return True
    shared = any(x <= y or y <= x for x in pa for y in pb)
    return shared and not (a.from_clause or b.from_clause)
