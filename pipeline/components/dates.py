"""Dates: every calendar reference as a candidate, then one fact per distinct value.

The component scans the text with explicit shapes (full dates, month-year, years,
ranges, relative expressions, year-less dates) so it works the same with and without
the statistical model; where the model ran, its entities only settle the doubtful
cases (a bare month name, a 4-digit number that may be a count) and add the DATE
entities no shape covers, minus durations. Each candidate carries what the resolver
needs to place it in time without seeing the document again: the text to normalise
(``norm``), whether it lacks a year, the tense around it, its range role.

Resolution normalises each candidate against the document date (``ctx.reference``)
and merges candidates with the same value; year-less months borrow the year of an
explicit mention of the same month ("In December 2022 ... since December").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.base import add_span, check_data_files, doc_ents, doc_text
from pipeline.normalize import lexicon
from pipeline.normalize.dates import (
    ago_pattern,
    anchored_phrases,
    month_index,
    month_pattern,
    normalize_date,
    relative_phrases,
    weekday_index,
    weekday_pattern,
)
from pipeline.patterns.load import load_jsonl
from pipeline.record import mentions_json

if TYPE_CHECKING:
    from pipeline.record import Candidate, Context

_CONTEXT_FILE = "dates_context.jsonl"
_ROLES = (
    "year_label_before",
    "year_quantity_before",
    "year_unit_after",
    "year_address_after",
    "year_accept_before",
    "month_accept_before",
    "weekday_accept_before",
    "weekday_name_before",
    "duration",
)
_NOT_DATE_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"}
_YEAR_MIN, _YEAR_MAX = 1800, 2100


@cache
def _words(role: str) -> frozenset[str]:
    rows = load_jsonl(_CONTEXT_FILE, required=("role", "words"), allowed=(("role", _ROLES),))
    return frozenset(w.lower() for r in rows if r["role"] == role for w in r["words"])


# -- the shapes ----------------------------------------------------------------------------


@cache
def _rx() -> dict[str, re.Pattern[str]]:
    """Compiled shapes, in priority order: an earlier shape's match blocks later ones."""
    m = month_pattern()
    mf = month_pattern(full_only=True)
    wd = weekday_pattern()
    # a day number, not the hour of a time ("April 25: leaders met" keeps its day)
    d = r"(?=\d)\d{1,2}(?:\s*(?:st|nd|rd|th))?(?!\d|:\d)"
    y = r"\d{4}(?![\d%])"
    nb = r"(?<![\w$€£₹¥.,/#-])"  # not inside a word, a number or an amount
    wdp = rf"(?:{wd},?\s+)?"
    range_end = r"(?:\s*,?\s*\d{4}(?!\d)|\s*[.,;:)]|\s*$)"
    not_time = r"\d(?!\d?[:.]\d\d)"  # a number after a year-less date, unless a time
    rel = "|".join(re.escape(p) for p in sorted(relative_phrases(), key=len, reverse=True))
    # every shape opens with a cheap lookahead on its first character, so the scan
    # fails fast at most positions (lookbehinds are tried only where it can match)
    rel_first = "".join(
        sorted({c for p in relative_phrases() for c in (p[0].lower(), p[0].upper())})
    )
    src = {
        "iso": r"(?=\d)(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])",
        "numeric": r"(?=\d)(?<![\d./-])\d{1,2}([./-])\d{1,2}\1\d{4}(?![\d/-]|\.\d)",
        "fiscal": (
            r"(?=[Ff])(?:\b(?:FY|F\.Y\.)\s*['’]?|\b(?i:fiscal|financial)\s+(?i:year\s+)?)"
            r"(?:\d{4}|\d{2})(?:\s*[-–—/]\s*(?:\d{4}|\d{2}))?(?!\d)"
        ),
        # "June 27-28", "June 27 and 28, 2024" (a word joins only when the second day
        # ends the phrase: "May 3 and 4 companies" is no range)
        "day_range_md": (
            rf"(?P<m>{m})\s*(?P<d1>{d})(?:\s*[-–—]\s*|\s+(?:and|to|&)\s+(?={d}{range_end}))"
            rf"(?P<d2>{d})(?:\s*,?\s*(?P<y>{y}))?"
        ),
        "day_range_dm": (
            rf"(?<![\d.,])(?P<d1>{d})(?:\s*[-–—]\s*|\s+(?:and|to|&)\s+)(?P<d2>{d})\s*"
            rf"(?:of\s+)?(?P<m>{m})(?:\s*,?\s*(?P<y>{y}))?"
        ),
        "mdy": rf"{wdp}(?:{m})\s*{d}(?:\s*,\s*|\s+){y}",
        "dmy": rf"{wdp}(?<![\d.,]){d}\s*(?:of\s+)?(?:{m})\s*,?\s*{y}",
        "my": rf"(?:{m})\s*,?\s*(?:of\s+)?{y}",
        "year_range": (
            rf"(?=\d){nb}(?P<y1>\d{{4}})\s*[-–—/]\s*(?P<y2>\d{{4}}|\d{{2}})(?![\d%/]|[.,]\d)"
        ),
        "md": rf"{wdp}(?:{m})\s*{d}(?!\s*[-–—]\s*\d|\s*,?\s*{not_time})",
        "dm": rf"{wdp}(?<![\d.,$]){d}\s*(?:of\s+)?(?:{m})(?!\s*,?\s*{not_time})",
        "ago": rf"(?=[\dAaOoTtFfSsEeNn])(?<![\w$€£₹¥.,-])(?i:{ago_pattern()})(?![\w-])",
        "relative": rf"(?=[{rel_first}])(?<![\w-])(?i:{rel})(?![\w-])",
        "rel_month": rf"(?=[TtLlNn])(?<![\w-])(?i:this|last|next)\s+(?:{mf})(?![\w-])",
        "weekday": (
            rf"(?=[TtLlNnA-Z])(?<![\w-])(?:(?P<pre>(?i:last|this|next))\s+)?(?P<w>{wd})(?![\w-])"
        ),
        "month": rf"(?=[A-Z])(?<!\w)(?:{mf})(?!\w)",  # "mid-June", "April-June 2025" too
        "year": r"(?=\d)(?<![\w$€£₹¥#/])\d{4}(?!\d)",
    }
    return {k: re.compile(v) for k, v in src.items()}


# -- what the model says, when it ran ---------------------------------------------------------


_MAX_SENTENCE = 600  # characters either side a sentence is looked for


class Evidence:
    """The model's view of the text: entities, sentences and past-tense verbs.

    Sentences and tags are read from the Doc only when a year-less date asks for its
    tense (most texts have none): ``doc.sents`` costs more than the whole date scan.
    """

    def __init__(self, text: str, doc: Doc | None = None) -> None:
        self.text = text
        self._doc = doc
        self.ents: list[tuple[int, int, str]] = []
        if doc is not None and doc.has_annotation("ENT_IOB"):
            self.ents = [(e.start_char, e.end_char, e.label_) for e in doc_ents(doc)]
        self._sents: list[int] | None = None  # sentence start offsets
        self._past: list[int] | None = None  # offsets of past-tense verbs (VBD)
        self._infinitives: list[int] = []  # offsets of "to" + base verb (TO VB)

    @classmethod
    def of(cls, doc: Doc) -> Evidence:
        return cls(doc_text(doc), doc)

    def _read_doc(self) -> None:
        self._sents, self._past = [], []
        doc = self._doc
        if doc is None or not len(doc):
            return
        idx = doc.to_array("IDX")
        if doc.has_annotation("SENT_START"):
            starts = doc.to_array("SENT_START")
            self._sents = [int(i) for i, flag in zip(idx, starts, strict=True) if flag == 1]
        # past-tense verbs and "to" + verb, from the word forms (no tagger, #13): a past
        # form after an auxiliary is a participle ("was held", "has signed"), not VBD
        words = [t.text for t in doc]
        for i, word in enumerate(words):
            if not word.islower():
                continue
            before = words[i - 1].lower() if i else ""
            if lexicon.is_past_form(word) and before not in _AUXILIARIES:
                self._past.append(int(idx[i]))
            elif before == "to" and lexicon.is_base_verb(word):
                self._infinitives.append(int(idx[i - 1]))

    @property
    def past(self) -> list[int]:
        if self._past is None:
            self._read_doc()
        return self._past or []

    @property
    def infinitives(self) -> list[int]:
        if self._past is None:
            self._read_doc()
        return self._infinitives

    def label_at(self, start: int, end: int) -> set[str]:
        """Labels of entities that cover ``[start, end)``."""
        return {lab for s, e, lab in self.ents if s <= start and end <= e}

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """Character bounds of the sentence around ``[start, end)``."""
        if self._sents is None:
            self._read_doc()
        if self._sents:
            at = bisect.bisect_right(self._sents, start) - 1
            s = self._sents[at] if at >= 0 else 0
            e = self._sents[at + 1] if at + 1 < len(self._sents) else len(self.text)
            return s, max(e, end)
        # no sentence boundaries (blank pipeline): punctuation, within a bounded window
        lo, hi = max(0, start - _MAX_SENTENCE), min(len(self.text), end + _MAX_SENTENCE)
        left = max(self.text.rfind(c, lo, start) for c in (". ", "\n", "? ", "! "))
        right = [i for i in (self.text.find(c, end, hi) for c in (". ", "\n")) if i >= 0]
        return max(left + 1, lo), min(right) if right else hi


# Future cues: a modal or a "scheduled"-type word. "would" is the future of reported
# speech ("agreed that the group would meet on May 15").
_FUTURE = re.compile(
    # "will be held": the participle belongs to the future ("held" alone is a past cue)
    r"\b(?:(?:will|shall|would)\s+(?:not\s+)?be\s+\w+|will|shall|would|"
    r"scheduled|upcoming|forthcoming|planned|slated|"
    r"to\s+be\s+held|plans?\s+to|intends?\s+to|set\s+(?:to|for)|expected\s+to|going\s+to|"
    r"(?:is|are)\s+to\s+(?:be|meet|take|hold|visit|sign|open|start|begin))\b|['’]ll\b",
    re.I,
)
# Words after which a past form is a participle or an adjective, not a past tense.
_AUXILIARIES = frozenset(
    {"be", "been", "being", "is", "are", "was", "were", "am", "'s", "has", "have", "had"}
    | {"having", "get", "got", "gets", "the", "a", "an"}
)
# Past cues by word (the word forms add the rest, see Evidence).
# "since" looks back too: "since the summit in December".
_PAST = re.compile(r"\b(?:was|were|had|did|said|met|held|began|took|since)\b", re.I)
# Where a clause starts or ends: the tense of one clause says nothing about another's
# date ("agreed that the group would meet on May 15"; "met Tuesday; will meet in May").
_CLAUSE_BREAK = re.compile(
    r"[;:]|\s[–—]\s|\s-\s|\(|\)|\bthat\b|,\s*(?:which|who|whom|whose|where|while|but|"
    r"although|though|whereas|when|after|before|as)\b",
    re.I,
)
# A date something is moved to lies ahead of the move, whatever its tense: "extended the
# deadline to March 31", "postponed the talks until June". Two cheap tests: the word
# right before the date, then a moving verb earlier in the same stretch of text.
_TO_BEFORE = re.compile(
    r"\b(?:to|until|till|through|up\s+to)\s+(?:(?:early|mid|late|the\s+end\s+of)[\s-]+)?$",
    re.I,
)
_MOVE_VERB = re.compile(
    r"\b(?:extend(?:s|ed|ing)?|postpon(?:e|es|ed|ing)|defer(?:s|red|ring)?|"
    r"delay(?:s|ed|ing)?|reschedul(?:e|es|ed|ing)|push(?:es|ed|ing)?\s+back)\b",
    re.I,
)
_MOVE_REACH = 80


def _moved_to(text: str, start: int) -> bool:
    """Whether the date at ``start`` is where something was extended or postponed to."""
    if not _TO_BEFORE.search(text, max(0, start - 30), start):
        return False
    lo = max(0, start - _MOVE_REACH)
    stop = max(text.rfind(c, lo, start) for c in ".;:!?")
    return _MOVE_VERB.search(text, max(lo, stop + 1), start) is not None


_CLAUSE_LOOK = 200  # characters either side a clause break is looked for


def _clause(text: str, s: int, e: int, start: int, end: int) -> tuple[int, int]:
    """Bounds of the clause around ``[start, end)`` inside the sentence ``[s, e)``."""
    lo, hi = max(s, start - _CLAUSE_LOOK), min(e, end + _CLAUSE_LOOK)
    left = lo
    for hit in _CLAUSE_BREAK.finditer(text, lo, start):
        left = hit.end()
    after = _CLAUSE_BREAK.search(text, end, hi)
    return left, after.start() if after else hi


def _cues(ev: Evidence, s: int, e: int, date_at: int) -> list[tuple[int, int, str]]:
    """Tense cues in ``[s, e)``: (start, end, 'past' | 'future'), past ones off future ones.

    Infinitives count only before the date (``date_at``): "agreed to meet in May" looks
    ahead, but "published on December 19 ... to make supply chains resilient" does not.
    """
    text = ev.text
    future = [(h.start(), h.end(), "future") for h in _FUTURE.finditer(text, s, e)]
    past = [(h.start(), h.end()) for h in _PAST.finditer(text, s, e)]
    tagged = ev.past
    lo, hi = bisect.bisect_left(tagged, s), bisect.bisect_left(tagged, e)
    for a in tagged[lo:hi]:
        hit = re.match(r"[\w’']+", text[a : a + 40])
        past.append((a, a + (len(hit.group()) if hit else 1)))
    # "agreed to meet on May 15": an infinitive after a past verb looks ahead of it
    inf = ev.infinitives
    lo, hi = bisect.bisect_left(inf, s), bisect.bisect_left(inf, e)
    for a in inf[lo:hi]:
        if a >= date_at:
            break
        hit = re.match(r"to\s+[\w’']+", text[a : a + 40], re.I)
        future.append((a, a + (len(hit.group()) if hit else 2), "future"))
    out = list(future)
    for a, b in past:
        if not any(fa < b and a < fb for fa, fb, _ in future):  # "to be held": future
            out.append((a, b, "past"))
    return out


def tense_at(ev: Evidence, start: int, end: int) -> str | None:
    """'past', 'future' or None: the tense of the verb group nearest a relative date.

    Local, not the whole sentence: inside the date's clause, the nearest cue before it
    decides, else the nearest after it, so "agreed that the group would meet on May 15" is
    future and "said Friday that talks will resume" is past for Friday. "since" right
    before means past; a date something is extended, postponed or deferred to is ahead
    ("extended the deadline to March 31"). An infinitive between a past verb and the
    date is the future of the past ("agreed to meet in May"), like "would".
    """
    lead = ev.text[max(0, start - 20) : start].lower()
    if re.search(r"\bsince\s+(?:(?:early|mid|late|the\s+end\s+of)[\s-]+)?$", lead):
        return "past"
    if _moved_to(ev.text, start):
        return "future"
    s, e = ev.sentence(start, end)
    s, e = max(s, start - _MAX_SENTENCE), min(e, end + _MAX_SENTENCE)
    cues = _cues(ev, *_clause(ev.text, s, e, start, end), start)
    before = [c for c in cues if c[1] <= start]
    if before:  # the verb group a date phrase hangs on mostly comes first: "met in March"
        return max(before, key=lambda c: (c[1], c[2] == "future"))[2]
    after = [c for c in cues if c[0] >= end]  # "On Tuesday, the minister said"
    return min(after, key=lambda c: (c[0], c[2] != "future"))[2] if after else None


# -- candidates --------------------------------------------------------------------------------


@dataclass
class Found:
    """One candidate before it becomes a span."""

    start: int
    end: int
    rule: str
    attrs: dict[str, Any] = field(default_factory=dict)


_WORD_BEFORE = re.compile(r"([^\s(\[\"“]+)\s*$")
_WORD_AFTER = re.compile(r"^\s*([^\s,;:.)\]\"”]+|%)")
_RANGE_JOIN = re.compile(r"^\s*(?:[-–—]|to|through|thru|until|till|and)\s*$", re.I)


def _prev_word(text: str, start: int) -> str:
    hit = _WORD_BEFORE.search(text, max(0, start - 30), start)
    return hit.group(1).lower() if hit else ""


def _next_word(text: str, end: int) -> str:
    hit = _WORD_AFTER.match(text[end : end + 30])
    return hit.group(1).lower() if hit else ""


def _year_rule(text: str, start: int, end: int, ev: Evidence, in_range: bool = False) -> str | None:
    """Why a bare 4-digit number is a year ('year', 'year_model'), or None when it is not.

    Hard no: a currency or a label before it (Section, No., Room), digits glued to it
    (decimals, codes, phone numbers), a letter after it ("1990s": decades are optional).
    A quantifier before ("over 2000") or a unit after ("2000 companies") also rules it
    out, unless a year-introducing word ("in", "since") or the model says otherwise.
    """
    value = int(text[start:end])
    if not _YEAR_MIN <= value <= _YEAR_MAX:
        return None
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    if before.endswith(("-", "–")) and not before[:1].isalpha():
        return None  # "11-2024": part of a code or a range
    if re.search(r"\d[ \t.,]$", before) and not re.search(
        r"(?<![\w])[QqHh]\d[ \t]$", text[max(0, start - 4) : start]
    ):
        return None  # phone numbers "11 2306 1234"; "Q3 2024" is a year
    if not in_range and re.match(r"^(?:[./,-]\d|%|/|[A-Za-z])", after):
        return None  # decimals, "2019/452", "1990s"
    prev, nxt = _prev_word(text, start), _next_word(text, end)
    prev = prev.split("-")[-1] if "-" in prev and prev[:1].isalpha() else prev
    labels = ev.label_at(start, end)
    model_date = "DATE" in labels
    if prev in _words("year_label_before") or (prev and prev[-1] in "$€£₹¥#§"):
        return None
    introduced = prev in _words("year_accept_before")
    unit_after = nxt.rstrip(".") in _words("year_unit_after")
    if unit_after and not introduced:
        return None
    if not introduced and prev != "the" and _street_after(text, end):
        return None
    if prev in _words("year_quantity_before") and not model_date:
        return None
    if labels & _NOT_DATE_LABELS and not (introduced or model_date):
        return None
    return "year_model" if model_date else "year"


def _street_after(text: str, end: int) -> bool:
    """Whether a street word follows within three capitalised words ("1800 G Street")."""
    streets = _words("year_address_after")
    for raw in re.findall(r"\S+", text[end : end + 50])[:3]:
        word = raw.lower().rstrip(",;:)")
        if word in streets or word.rstrip(".") in streets:
            return True
        if not raw[:1].isupper():
            return False
    return False


def _month_ok(text: str, start: int, end: int, ev: Evidence) -> bool:
    """A month name alone is a date after "in", "since", "the" ... or before a range."""
    labels = ev.label_at(start, end)
    if "PERSON" in labels:
        return False
    if "DATE" in labels:
        return True
    prev = _prev_word(text, start)
    if prev.endswith("-"):  # "mid-June", "end-March"
        prev = prev.rstrip("-").rsplit("-", 1)[-1]
    if prev in _words("month_accept_before"):
        return True
    return bool(
        re.match(
            rf"\s*(?:to|through|until|[-–—]|and)\s*(?:{month_pattern()})", text[end : end + 30]
        )
    )


def _split_range(hit: re.Match[str], dmy: bool) -> list[Found]:
    """'June 27-28, 2024' / '27-28 June 2024' -> two day candidates with the full text."""
    month, year = hit.group("m"), hit.group("y")
    tail = f" {year}" if year else ""
    parts = []
    for role, grp in (("start", "d1"), ("end", "d2")):
        day = re.sub(r"\D.*", "", hit.group(grp))  # the digits: "27th" -> "27", "5 th" -> "5"
        norm = f"{day} {month}{tail}" if dmy else f"{month} {day}{tail}"
        s = hit.start("m") if (role == "start" and not dmy) else hit.start(grp)
        e = hit.end(grp) if not (role == "end" and dmy) else hit.end("m")
        if role == "end" and year:
            e = hit.end("y")
        parts.append(
            Found(
                s,
                e,
                f"day_range_{'dm' if dmy else 'md'}",
                {"norm": norm, "role": role, "yearless": not year},
            )
        )
    return parts


class _Intervals:
    """Character intervals with a fast overlap test (a long text has thousands)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._longest = 0

    def add(self, start: int, end: int) -> None:
        at = bisect.bisect_left(self._starts, start)
        self._starts.insert(at, start)
        self._ends.insert(at, end)
        self._longest = max(self._longest, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        # only intervals starting in (start - longest, end) can reach into [start, end)
        lo = bisect.bisect_right(self._starts, start - self._longest - 1)
        hi = bisect.bisect_left(self._starts, end)
        return any(self._ends[i] > start for i in range(lo, hi))


# Shapes that contain a month name: run only in windows around one (most of a text has
# none, and these patterns are the costly ones to try at every position).
_MONTH_RULES = frozenset(
    {"day_range_md", "day_range_dm", "mdy", "dmy", "my", "md", "dm", "rel_month", "month"}
)
_BEFORE_MONTH, _AFTER_MONTH = 40, 30
_SPACE = re.compile(r"\s")


def _month_windows(text: str) -> list[tuple[int, int]]:
    """Merged ``(start, end)`` windows around the month names of ``text``.

    A window ends at whitespace, so a lookahead at its end sees what it would see in
    the whole text ("June 2" is never cut from "June 20").
    """
    out: list[tuple[int, int]] = []
    for hit in re.finditer(month_pattern(), text):
        start = max(0, hit.start() - _BEFORE_MONTH)
        space = _SPACE.search(text, min(len(text), hit.end() + _AFTER_MONTH))
        end = space.start() if space else len(text)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def scan(text: str, ev: Evidence | None = None) -> list[Found]:
    """Every calendar reference in ``text``, in text order, none overlapping."""
    ev = ev or Evidence(text)
    taken = _Intervals()  # matched and accepted: blocks later shapes
    seen = _Intervals()  # every match, accepted or not: the model may not add it
    found: list[Found] = []

    def free(s: int, e: int) -> bool:
        return not taken.overlaps(s, e)

    handlers: dict[str, Callable[[re.Match[str]], list[Found] | None]] = {
        "fiscal": lambda h: [],  # fiscal years are optional in gold: consumed, not emitted
        "day_range_md": lambda h: _split_range(h, dmy=False),
        "day_range_dm": lambda h: _split_range(h, dmy=True),
        "year_range": lambda h: _year_range(text, h, ev),
        "md": lambda h: [Found(h.start(), h.end(), "md", {"yearless": True})],
        "dm": lambda h: [Found(h.start(), h.end(), "dm", {"yearless": True})],
        "rel_month": lambda h: [Found(h.start(), h.end(), "rel_month")],
        "weekday": lambda h: _weekday(text, h, ev),
        "month": lambda h: (
            [Found(h.start(), h.end(), "month", {"yearless": True})]
            if _month_ok(text, h.start(), h.end(), ev)
            else None
        ),
        "year": lambda h: (
            [Found(h.start(), h.end(), rule)]
            if (rule := _year_rule(text, h.start(), h.end(), ev))
            else None
        ),
        "relative": lambda h: _relative(text, h),
        "ago": lambda h: [Found(h.start(), h.end(), "ago")],
    }
    windows = _month_windows(text)
    for rule, rx in _rx().items():
        for ws, we in windows if rule in _MONTH_RULES else ((0, len(text)),):
            for hit in rx.finditer(text, ws, we):
                if not free(hit.start(), hit.end()):
                    continue
                seen.add(hit.start(), hit.end())
                handler = handlers.get(rule)
                got = handler(hit) if handler else [Found(hit.start(), hit.end(), rule)]
                if got is None:
                    continue
                taken.add(hit.start(), hit.end())
                found.extend(got)
    found.extend(_model_only(text, ev, seen))
    found.sort(key=lambda f: f.start)
    _link(text, found)
    for f in found:
        if f.attrs.get("yearless"):
            f.attrs["month"] = month_index(
                _month_word(f.attrs.get("norm") or text[f.start : f.end])
            )
            tense = tense_at(ev, f.start, f.end)
            if tense:
                f.attrs["tense"] = tense
        elif f.rule == "weekday" and "tense" not in f.attrs:
            tense = tense_at(ev, f.start, f.end)
            if tense:
                f.attrs["tense"] = tense
    return found


def _month_word(text: str) -> str:
    hit = re.search(month_pattern(), text)
    return hit.group() if hit else ""


def _year_range(text: str, hit: re.Match[str], ev: Evidence) -> list[Found] | None:
    """'2012-2015' -> both ends; '2025-26' (consecutive) is a fiscal year: consumed only."""
    y1, y2 = hit.group("y1"), hit.group("y2")
    start = int(y1)
    end = int(y2) if len(y2) == 4 else start // 100 * 100 + int(y2)
    if len(y2) == 2 and end == start + 1:
        return []
    if not (_YEAR_MIN <= start < end <= _YEAR_MAX) or not _year_rule(
        text, hit.start("y1"), hit.end("y1"), ev, in_range=True
    ):
        return None
    if _next_word(text, hit.end()).rstrip(".") in _words("year_unit_after"):
        return None
    return [
        Found(hit.start("y1"), hit.end("y1"), "year_range", {"role": "start"}),
        Found(hit.start("y2"), hit.end("y2"), "year_range", {"role": "end", "norm": str(end)}),
    ]


def _relative(text: str, hit: re.Match[str]) -> list[Found] | None:
    """A relative phrase; "the last year" / "the next year" are durations, not dates.

    Also not: a phrase a year follows ("year-end 2024": the year is the date), "fiscal
    year-end", and "over the following year" (a duration).
    """
    phrase = hit.group().lower()
    if hit.group()[:1].isupper() and re.search(
        r"(?:^|[\s(])[A-Z][\w.&]*[ \t]$", text[max(0, hit.start() - 40) : hit.start()]
    ):
        return None  # "India Today", "USA Today": a title, not the day
    prev = _prev_word(text, hit.start())
    if phrase.split()[0] in ("last", "next", "this", "past") and prev in (
        "the",
        "a",
        "every",
        "each",
        "per",
    ):
        return None
    if re.match(r"\s*,?\s*\d{4}(?!\d)", text[hit.end() : hit.end() + 8]):
        return None
    if "end" in phrase and prev in ("fiscal", "financial", "fy"):
        return None
    if phrase in anchored_phrases() and prev in ("over", "for", "within", "throughout"):
        return None
    return [Found(hit.start(), hit.end(), "relative")]


_WEEK_JOIN = r"\s*(?:to|through|thru|till|until|[-–—/])\s*"
_RECURRING_BEFORE = frozenset({"every", "each", "per", "all", "most", "some"})


def _working_week(span: str) -> bool:
    """Whether a span is the working week or the whole week ("Monday to Friday"): a schedule."""
    days = [weekday_index(w) for w in re.findall(r"[A-Za-z]+", span)]
    return len(days) >= 2 and days[0] == 0 and days[-1] in (4, 5, 6)


_NAME_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "FAC", "PRODUCT", "EVENT"})


def _weekday(text: str, hit: re.Match[str], ev: Evidence) -> list[Found] | None:
    """A weekday: "last Monday" as one span; a bare one unless it is a name or recurs.

    A weekday alone is a date ("the talks ended Tuesday", "said Friday"; ANNOTATION.md).
    Not: the end of a named day ("Black Friday", "Super Tuesday": optional), "every
    Monday", a weekday inside a name the model found ("the Sunday Times"), nor an end of
    the working or the whole week ("Monday-Friday", "from Monday
    to Saturday": a schedule, optional). "from Monday through Wednesday" is two dates.
    """
    if hit.group("pre"):
        return [Found(hit.start(), hit.end(), "weekday")]
    s, e = hit.start("w"), hit.end("w")
    wd = weekday_pattern()
    span = re.compile(rf"(?:{wd}){_WEEK_JOIN}(?:{wd})")
    here = span.match(text, s, min(len(text), e + 20))
    if here is None:  # is it the second end of a span?
        for back in span.finditer(text, max(0, s - 30), e):
            if back.end() == e:
                here = back
    if here is not None and (
        _prev_word(text, here.start()) in _RECURRING_BEFORE or _working_week(here.group())
    ):
        return None
    prev = _prev_word(text, s)
    if prev in ("every", "each", "per", "all", "most", "some") or prev in _words(
        "weekday_name_before"
    ):
        return None
    if ev.label_at(s, e) & _NAME_LABELS and "DATE" not in ev.label_at(s, e):
        return None  # part of a name the model saw: "the Sunday Times", "Joe Friday"
    return [Found(s, e, "weekday")]


def _model_only(text: str, ev: Evidence, taken: _Intervals) -> Iterator[Found]:
    """The model's DATE entities no shape matched, minus durations and frequencies.

    A shape that matched and was rejected ("HS 2008") keeps the model out too: the
    rules saw the context the model's guess ignores.
    """
    for s, e, label in ev.ents:
        if label != "DATE" or taken.overlaps(s, e):
            continue
        words = set(re.findall(r"[a-z]+", text[s:e].lower()))
        if words & _words("duration") or not re.search(r"\d|[A-Z]", text[s:e]):
            continue
        if not words and not re.search(r"\d{4}", text[s:e]):
            continue  # a bare short number: an age ("Jane Doe, 49,"), a count, a day alone
        value, gran = normalize_date(text[s:e], "2001-03-14")
        if value is None or gran is None:
            continue
        taken.add(s, e)
        yield Found(s, e, "model")


def _link(text: str, found: list[Found]) -> None:
    """Ranges and "of <year>": a year-less part borrows the year of what follows it.

    "from April to July of the current year": July takes the current year from the
    relative phrase after it, April from July; both become range parts.
    """
    explicit = re.compile(r"\b\d{4}\b")
    for i in range(len(found) - 1, -1, -1):
        cur = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is None:
            continue
        gap = text[cur.end : nxt.start]
        if (
            cur.attrs.get("yearless")
            and nxt.rule == "relative"
            and re.fullmatch(r"\s*(?:of|in)\s*", gap)
        ):
            unit, offset = relative_phrases().get(text[nxt.start : nxt.end].lower(), ("", 0))
            if unit == "year":
                cur.attrs["year_offset"] = offset
            continue
        if not _RANGE_JOIN.match(gap) or "role" in cur.attrs:
            continue
        if gap.strip().lower() == "and" and not re.search(
            r"\bbetween\s+$", text[max(0, cur.start - 10) : cur.start], re.I
        ):
            continue
        nxt.attrs.setdefault("role", "end")
        cur.attrs["role"] = "start"
        if not cur.attrs.get("yearless"):
            continue
        norm_next = nxt.attrs.get("norm") or text[nxt.start : nxt.end]
        year = explicit.search(norm_next)
        if year and not nxt.attrs.get("yearless"):
            cur.attrs["norm"] = (
                f"{cur.attrs.get('norm') or text[cur.start : cur.end]} {year.group()}"
            )
            cur.attrs["yearless"] = False
        elif "year_offset" in nxt.attrs:
            cur.attrs["year_offset"] = nxt.attrs["year_offset"]


class DatesComponent:
    """Marks every calendar reference as a ``dates`` candidate span."""

    def __init__(self, nlp: Language, name: str, data_files: list[str] | None = None) -> None:
        self.name = name
        self.data_files = check_data_files("tf_dates", data_files)
        _rx()  # compile once, at pipeline build time

    def __call__(self, doc: Doc) -> Doc:
        for f in scan(doc_text(doc), Evidence.of(doc)):
            add_span(doc, "dates", f.start, f.end, source=f"dates:{f.rule}", **f.attrs)
        return doc


@Language.factory(
    "tf_dates",
    default_config={
        "data_files": [
            "dates_calendar.jsonl",
            "dates_context.jsonl",
            "dates_relative.jsonl",
        ]
    },
    assigns=["doc.spans", "doc._.tf_dates"],
)
def make_dates(nlp: Language, name: str, data_files: list[str]) -> DatesComponent:
    return DatesComponent(nlp, name, data_files)


# -- resolution ---------------------------------------------------------------------------------


Known = dict[int, tuple[list[int], list[int]]]  # month -> (positions, years), text order


def _explicit_months(cands: list[Candidate], reference: str | None) -> Known:
    """Where each month is mentioned with its year ("December 2022"), and that year."""
    out: Known = {}
    for c in cands:
        if c.attrs.get("yearless"):
            continue
        value, gran = normalize_date(c.attrs.get("norm") or c.text, reference)
        if value and gran in ("month", "day"):
            positions, years = out.setdefault(int(value[5:7]), ([], []))
            positions.append(c.start)
            years.append(int(value[:4]))
    return out


def _value(c: Candidate, reference: str | None, known: Known) -> tuple[str | None, str | None]:
    """Normalise one candidate; year-less ones get a year from context first.

    In order: a year carried from a range or "of the current year"; the year of the
    nearest earlier mention of the same month with a year; the document's year,
    moved by the tense of the sentence.
    """
    norm = c.attrs.get("norm") or c.text
    prefer = c.attrs.get("tense")
    if c.attrs.get("yearless"):
        if "year_offset" in c.attrs:
            if not reference:
                return normalize_date(norm, None)
            return normalize_date(
                f"{norm} {int(reference[:4]) + int(c.attrs['year_offset'])}", reference
            )
        positions, years = known.get(c.attrs.get("month") or 0, ([], []))
        at = bisect.bisect_left(positions, c.start) - 1
        if at >= 0:
            got = normalize_date(f"{norm} {years[at]}", reference)
            if not _against_tense(got[0], reference, prefer):
                return got
    return normalize_date(norm, reference, prefer=prefer)


def _against_tense(value: str | None, reference: str | None, prefer: str | None) -> bool:
    """Whether a borrowed year puts a date on the wrong side of the document date.

    "In May 2024 ... will meet again in May" (document 2025-04-02): the future tense
    says next May, not the May of the earlier mention.
    """
    if not value or not reference or prefer is None:
        return False
    ref = reference[: len(value)]
    return value < ref if prefer == "future" else value > ref


_RELATIVE_RULES = {
    "relative",
    "ago",
    "rel_month",
    "weekday",
    "md",
    "dm",
    "month",
    "day_range_md",
    "day_range_dm",
}


_GRAN_RANK = {"year": 0, "month": 1, "day": 2}
_ANCHOR_REACH = 300  # characters: "the following year" counts from a date this close before


_NO_ANCHOR = "-"  # an anchored phrase with nothing to count from: no date


def _anchor(c: Candidate, last: tuple[int, str, str] | None, reference: str | None) -> str | None:
    """The reference a candidate resolves against: the document date, except anchored ones.

    "the following year" / "the previous day" count from the last dated mention before
    them (a chain of them counts on) when it is close and at least as fine as their
    unit ("2019 ... the following year" -> 2020); else from the document date, like
    every other relative phrase. "that year" / "the same day" (no offset) only ever
    name the date before them: without one they are no date (``_NO_ANCHOR``).
    """
    phrase = c.text.lower().strip()
    if phrase not in anchored_phrases():
        return reference
    unit, offset = relative_phrases()[phrase]
    if last is None or c.start - last[0] > _ANCHOR_REACH or _GRAN_RANK[last[2]] < _GRAN_RANK[unit]:
        # "the following year" alone still counts from the document; "that year" is
        # nothing without a date before it
        return reference if offset else _NO_ANCHOR
    return (last[1] + "-01-01")[:10]


def resolve(cands: list[Candidate], ctx: Context) -> list[dict[str, Any]]:
    """One fact per distinct value, every mention kept; relative ones null without a date."""

    reference = ctx.reference
    known = _explicit_months(cands, reference)
    facts: dict[tuple[str, str], dict[str, Any]] = {}
    mentions: dict[tuple[str, str], list[Any]] = {}
    last: tuple[int, str, str] | None = None  # (end, value, granularity) of the last dated one
    for c in sorted(cands, key=lambda c: c.start):
        rule = c.source.split(":", 1)[-1]
        anchor = _anchor(c, last, reference)
        if anchor == _NO_ANCHOR:
            continue
        value, gran = _value(c, anchor, known)
        if value and gran and "/" not in value:  # any dated mention anchors the next
            last = (c.end, value, gran)
        if gran is None or (value is None and rule not in _RELATIVE_RULES):
            continue
        key = ("v", value) if value is not None else ("t", c.text.lower())
        if key not in facts:
            facts[key] = {
                "text": c.text,
                "value": value,
                "granularity": gran,
                "mentions": [],
                "source": c.source,
            }
            mentions[key] = []
        mentions[key].append(c.mention)
    for key, fact in facts.items():
        fact["mentions"] = mentions_json(mentions[key])
    return list(facts.values())
