"""Date normalisation: pure functions, the reference date always passed in.

Text -> (ISO 8601 value at the text's own precision, granularity). The shapes press
releases use are parsed here by explicit patterns: exact, fast, and they never invent
a day ("May 2024" is ``2024-05``, not the 27th dateparser would borrow from its
relative base). dateparser is only the fallback for shapes the patterns do not know;
it is told ``PREFER_DAY_OF_MONTH='first'`` and asked for its ``period`` so the
precision of the text is kept there too.

Relative expressions ("today", "last year") and dates without a year ("December 19")
resolve against ``reference``, the document date; without one their value is None.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

from pipeline.patterns.load import load_jsonl

Granularity = str  # "day" | "month" | "year"
Result = tuple[str | None, str | None]

_CALENDAR = "dates_calendar.jsonl"
_RELATIVE = "dates_relative.jsonl"


# -- calendar data ---------------------------------------------------------------------


@cache
def _calendar() -> tuple[dict[str, int], dict[str, int], set[str]]:
    """(month word -> 1..12, weekday word -> 0..6, full month names), keys lower-case."""
    rows = load_jsonl(
        _CALENDAR, required=("kind", "index", "names"), allowed=(("kind", ("month", "weekday")),)
    )
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    full: set[str] = set()
    for row in rows:
        table = months if row["kind"] == "month" else weekdays
        for word in [*row["names"], *row.get("abbrs", [])]:
            table[word.lower()] = int(row["index"])
        if row["kind"] == "month":
            full.update(w.lower() for w in row["names"])
    return months, weekdays, full


@cache
def relative_phrases() -> dict[str, tuple[str, int]]:
    """Relative phrase (lower-case) -> (unit, offset): "last year" -> ("year", -1)."""
    rows = load_jsonl(
        _RELATIVE,
        required=("phrase", "unit", "offset"),
        allowed=(("unit", ("day", "month", "year")),),
    )
    return {str(r["phrase"]).lower(): (str(r["unit"]), int(r["offset"])) for r in rows}


@cache
def anchored_phrases() -> frozenset[str]:
    """Relative phrases that count from the date just mentioned, not the document date.

    "signed in 2019 and in force the following year" is 2020 whatever the release's
    date; the caller passes that earlier date as the reference (the document date when
    the text gives none).
    """
    rows = load_jsonl(_RELATIVE, required=("phrase", "unit", "offset"))
    return frozenset(str(r["phrase"]).lower() for r in rows if r.get("anchored"))


def _alternation(words: Iterable[str], abbr: bool = False) -> str:
    """Title-case and upper-case forms, longest first; abbreviations take an optional dot."""
    forms: set[str] = set()
    for w in words:
        forms.update({w.capitalize(), w.upper()})
    dot = r"\.?" if abbr else ""
    return "|".join(re.escape(f) + dot for f in sorted(forms, key=len, reverse=True))


@cache
def month_pattern(full_only: bool = False) -> str:
    """Regex source for a month name (case as written: "June", "JUNE"; "Sept." too)."""
    months, _, full = _calendar()
    full_alt = _alternation(full)
    # not inside a word, but right after an ordinal is fine: "10thJune 2025". The
    # capital first makes the pattern fail fast at most positions of a text.
    start = r"(?=[A-Z])(?:(?<![A-Za-z])|(?<=\dst)|(?<=\dnd)|(?<=\drd)|(?<=\dth))"
    if full_only:
        return f"{start}(?:{full_alt})(?![A-Za-z])"
    abbrs = [w for w in months if w not in full]
    return f"{start}(?:{full_alt}|{_alternation(abbrs, abbr=True)})(?![A-Za-z])"


@cache
def weekday_pattern() -> str:
    """Regex source for a weekday name."""
    _, weekdays, _ = _calendar()
    return f"(?=[A-Z])(?<![A-Za-z])(?:{_alternation(weekdays)})(?![A-Za-z])"


def month_index(word: str) -> int | None:
    """1..12 for a month name or abbreviation ("Sept." -> 9), else None."""
    return _calendar()[0].get(word.strip().rstrip(".").lower())


def weekday_index(word: str) -> int | None:
    """0 (Monday)..6 for a weekday name, else None."""
    return _calendar()[1].get(word.strip().lower())


# -- small helpers ----------------------------------------------------------------------

_ORD = r"(?:\s*(?:st|nd|rd|th))?"
_SPACE = re.compile(r"\s+")
# dateparser reads "3 years" as three years ago; a duration is not a date.
_DURATION = re.compile(r"\b(?:ago|years?|months?|weeks?|days?|decades?|hours?|minutes?)\b", re.I)
_LEAD = re.compile(
    r"^(?:(?:as\s+of|on|in|since|by|until|till|through|from|of|during|at|before|after|"
    r"for|early|mid|late|the\s+end\s+of|end\s+of|(?:the\s+)?year)[\s-]+)",
    re.I,
)


def as_date(value: dt.date | str | None) -> dt.date | None:
    """A reference date from a date, datetime or ISO string; None when absent or invalid."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def _fmt(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """ISO text at the given precision; None for an impossible date."""
    if not 1000 <= year <= 2999:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _shift_month(ref: dt.date, offset: int) -> tuple[int, int]:
    n = ref.year * 12 + ref.month - 1 + offset
    return n // 12, n % 12 + 1


def _yearless(month: int, day: int | None, ref: dt.date | None, prefer: str | None) -> Result:
    """A month (and day) without a year: the year that puts it nearest the reference.

    Read with the tense (ANNOTATION.md, settled cases): ``prefer='past'`` takes the
    latest such date on or before the reference, ``'future'`` the earliest on or after
    it, and no cue the nearest one either side ("December" in a January release is
    last December; "March 3" in a November release is next March).
    """
    gran = "month" if day is None else "day"
    if ref is None:
        return None, gran
    options: list[tuple[int, int]] = []  # (signed distance to the reference, year)
    for year in (ref.year - 1, ref.year, ref.year + 1):
        if day is None:
            dist = (year * 12 + month) - (ref.year * 12 + ref.month)
        else:
            try:
                dist = (dt.date(year, month, day) - ref).days
            except ValueError:  # February 29 outside a leap year
                continue
        options.append((dist, year))
    if prefer == "past":
        options = [o for o in options if o[0] <= 0]
    elif prefer == "future":
        options = [o for o in options if o[0] >= 0]
    if not options:
        return None, gran
    # nearest; a tie (never for months, rare for days) goes to the earlier date
    _, year = min(options, key=lambda o: (abs(o[0]), o[0]))
    return _fmt(year, month, day), gran


def _century_year(two: str, start: int) -> int:
    """The 4-digit year a 2-digit range end means ("2012-15" -> 2015)."""
    year = start // 100 * 100 + int(two)
    return year if year >= start else year + 100


# -- the explicit shapes ------------------------------------------------------------------


@cache
def _shapes() -> dict[str, re.Pattern[str]]:
    m = month_pattern()
    wd = weekday_pattern()
    d = rf"(?P<d>\d{{1,2}}){_ORD}"
    y = r"(?P<y>\d{4})"
    wdp = rf"(?:{wd},?\s+)?"
    src = {
        "iso_day": r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})",
        "iso_month": r"(?P<y>\d{4})-(?P<m>\d{2})",
        "numeric": r"(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})",
        "mdy": rf"{wdp}(?P<m>{m})\s*{d}(?:\s*,\s*|\s+){y}",
        "dmy": rf"{wdp}{d}\s*(?:of\s+)?(?P<m>{m})\s*,?\s*{y}",
        "md": rf"{wdp}(?P<m>{m})\s*{d}",
        "dm": rf"{wdp}{d}\s*(?:of\s+)?(?P<m>{m})",
        "my": rf"(?P<m>{m})\s*,?\s*(?:of\s+)?{y}",
        "month": rf"(?P<m>{m})",
        "year": r"(?P<y>\d{4})(?:['’]s)?",
        "year_range": r"(?P<y>\d{4})\s*[-–—/]\s*(?P<y2>\d{4}|\d{2})",
        "fiscal": (
            r"(?:FY|F\.Y\.|fiscal(?:\s+year)?|financial\s+year)\s*['’]?"
            r"(?P<y>\d{4}|\d{2})(?:\s*[-–—/]\s*(?P<y2>\d{4}|\d{2}))?"
        ),
        "rel_month": rf"(?P<rel>this|last|next)\s+(?P<m>{month_pattern(full_only=True)})",
        "weekday": rf"(?:(?P<rel>this|last|next|on)\s+)?(?P<w>{wd})",
    }
    return {
        k: re.compile(v + r"$", re.I if k in ("fiscal", "rel_month", "weekday") else 0)
        for k, v in src.items()
    }


def _relative(phrase: str, ref: dt.date | None) -> Result | None:
    hit = relative_phrases().get(phrase)
    if hit is None:
        return None
    unit, offset = hit
    if ref is None:
        return None, unit
    if unit == "day":
        return (ref + dt.timedelta(days=offset)).isoformat(), "day"
    if unit == "month":
        y, m = _shift_month(ref, offset)
        return _fmt(y, m), "month"
    return _fmt(ref.year + offset), "year"


def _explicit(text: str, ref: dt.date | None, prefer: str | None) -> Result | None:
    """The shapes above, tried in order; None when none matches the whole text."""
    shapes = _shapes()
    for name, rx in shapes.items():
        hit = rx.match(text)
        if hit is None:
            continue
        g: dict[str, Any] = hit.groupdict()
        if name == "iso_day":
            return _fmt(int(g["y"]), int(g["m"]), int(g["d"])), "day"
        if name == "iso_month":
            return _fmt(int(g["y"]), int(g["m"])), "month"
        if name == "numeric":
            a, b = int(g["a"]), int(g["b"])
            # day first unless impossible; slashes are month first (US) unless impossible
            day_first = (g["sep"] != "/" or a > 12) and b <= 12
            day, month = (a, b) if day_first else (b, a)
            return _fmt(int(g["y"]), month, day), "day"
        if name in ("mdy", "dmy"):
            return _fmt(int(g["y"]), month_index(g["m"]), int(g["d"])), "day"
        if name in ("md", "dm"):
            month = month_index(g["m"])
            if month is None or not 1 <= int(g["d"]) <= 31:
                return None, "day"
            return _yearless(month, int(g["d"]), ref, prefer)
        if name == "my":
            return _fmt(int(g["y"]), month_index(g["m"])), "month"
        if name == "month":
            month = month_index(g["m"])
            return _yearless(month, None, ref, prefer) if month else (None, "month")
        if name == "year":
            return _fmt(int(g["y"])), "year"
        if name in ("year_range", "fiscal"):
            start = int(g["y"])
            if start < 100:
                start += 2000
            end_txt = g.get("y2")
            if not end_txt:
                return _fmt(start), "year"
            end = int(end_txt) if len(end_txt) == 4 else _century_year(end_txt, start)
            a, b = _fmt(start), _fmt(end)
            if a is None or b is None or end <= start:
                return None, "year"
            return f"{a}/{b}", "year"
        if name == "rel_month":
            month = month_index(g["m"])
            if month is None:
                return None, "month"
            rel = g["rel"].lower()
            side = {"last": "past", "next": "future"}.get(rel)
            if side is None:  # "this April": the document's own year
                return (_fmt(ref.year, month), "month") if ref else (None, "month")
            if ref is None:
                return None, "month"
            year = ref.year
            if side == "past" and month >= ref.month:
                year -= 1
            elif side == "future" and month <= ref.month:
                year += 1
            return _fmt(year, month), "month"
        if name == "weekday":
            return _weekday(g["w"], (g.get("rel") or "").lower(), ref, prefer)
    return None


def _weekday(word: str, rel: str, ref: dt.date | None, prefer: str | None) -> Result:
    """A weekday as the day of that name nearest the reference, read with the tense.

    The reference's own weekday is the reference itself ("said Friday" in a Friday
    release); "last"/"next" always step back/forward; a past cue takes the latest such
    day on or before the reference, a future cue the earliest on or after it, and no
    cue the nearest one (at most three days away).
    """
    wd = weekday_index(word)
    if wd is None or ref is None:
        return None, "day"
    back = (ref.weekday() - wd) % 7
    ahead = (wd - ref.weekday()) % 7
    if rel == "next":
        offset = ahead or 7
    elif rel == "last":
        offset = -(back or 7)
    elif prefer == "future":
        offset = ahead
    elif prefer == "past":
        offset = -back
    else:
        offset = -back if back <= ahead else ahead
    return (ref + dt.timedelta(days=offset)).isoformat(), "day"


_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a couple of": 2,
}


def ago_pattern() -> str:
    """Regex source for "two weeks ago", "3 months ago", "a year ago" (case-insensitive).

    Only counted amounts: "a few weeks ago" and "several years ago" name no calendar
    unit one could write down, so they are left alone.
    """
    words = "|".join(
        re.escape(w).replace(r"\ ", r"\s+")
        for w in sorted(_NUMBER_WORDS, key=len, reverse=True)
    )
    return rf"(?P<n>\d{{1,3}}|{words})\s+(?P<u>day|week|month|year)s?\s+ago"


@cache
def _ago_rx() -> re.Pattern[str]:
    return re.compile(ago_pattern() + "$", re.I)


def _ago(text: str, ref: dt.date | None) -> Result | None:
    """Count "N units ago" back from the reference, at the unit's own precision.

    Days and weeks give a day (the guide leaves weeks open: a day "two weeks ago" is
    the one an analyst would write down), months a month, years a year.
    """
    hit = _ago_rx().match(text)
    if hit is None:
        return None
    raw = re.sub(r"\s+", " ", hit.group("n").lower())
    n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    unit = hit.group("u").lower()
    gran = "year" if unit == "year" else "month" if unit == "month" else "day"
    if ref is None:
        return None, gran
    if unit in ("day", "week"):
        return (ref - dt.timedelta(days=n * (7 if unit == "week" else 1))).isoformat(), "day"
    if unit == "month":
        y, m = _shift_month(ref, -n)
        return _fmt(y, m), "month"
    return _fmt(ref.year - n), "year"


# -- dateparser fallback -------------------------------------------------------------------


@lru_cache(maxsize=16)
def _parser(base: str) -> Any:
    """One DateDataParser per relative base, built lazily and kept.

    RELATIVE_BASE is a constructor setting, so a parser per document date (a few in a
    batch; building one costs ~35 us, its first parse ~80 ms of dateparser start-up).
    """
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DAY_OF_MONTH": "first",
            "RELATIVE_BASE": dt.datetime.fromisoformat(base),
            "RETURN_TIME_AS_PERIOD": True,
        },
    )


def _dateparser(text: str, ref: dt.date | None) -> Result:
    """dateparser's reading at its own period; relative readings need a reference."""

    def read(base: str) -> tuple[str | None, str | None]:
        data = _parser(base).get_date_data(text)
        if data.date_obj is None or data.period not in ("day", "month", "year"):
            return None, None
        d = data.date_obj
        parts = {"day": (d.year, d.month, d.day), "month": (d.year, d.month), "year": (d.year,)}
        return _fmt(*parts[data.period]), data.period

    if ref is not None:
        return read(ref.isoformat())
    # No reference: a reading that moves with the base is relative, so unknown.
    first, second = read("2001-03-14"), read("2011-09-23")
    if first != second:
        return None, first[1] or second[1]
    return first


# -- public ----------------------------------------------------------------------------------


def clean_date_text(text: str) -> str:
    """Whitespace collapsed, typographic dashes and quotes kept as the shapes expect."""
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip(' \t\n,.;:()[]"“”')


def normalize_date(
    text: str,
    reference: dt.date | str | None,
    *,
    prefer: str | None = None,
    fallback: bool = True,
) -> Result:
    """``(ISO value at the text's precision, granularity)`` of one date expression.

    ``reference`` is the document date relative expressions and year-less dates
    resolve against; without it they give ``(None, granularity)``. ``prefer`` ('past'
    or 'future') places a year-less date or a weekday around the reference.
    ``fallback=False`` skips dateparser (only the explicit shapes). Unparseable text
    gives ``(None, None)``.
    """
    ref = as_date(reference)
    return _normalize(clean_date_text(text), ref.isoformat() if ref else None, prefer, fallback)


@lru_cache(maxsize=4096)
def _normalize(text: str, ref_iso: str | None, prefer: str | None, fallback: bool) -> Result:
    if not text:
        return None, None
    ref = dt.date.fromisoformat(ref_iso) if ref_iso else None
    body = re.sub(r"['’]s$", "", text)
    lowered = body.lower()
    rel = _relative(lowered, ref) or _relative(re.sub(r"^the\s+", "", lowered), ref)
    if rel is not None:
        return rel
    if prefer is None and lowered.startswith("since "):
        prefer = "past"
    ago = _ago(body, ref)
    if ago is not None:
        return ago
    stripped = _LEAD.sub("", body)
    for candidate in dict.fromkeys((body, stripped)):
        got = _relative(candidate.lower(), ref) or _explicit(candidate, ref, prefer)
        if got is not None:
            return got
    if not fallback or _DURATION.search(body):
        return None, None
    return _dateparser(body, ref)


# -- dateline -----------------------------------------------------------------------------------

_HEAD_CHARS = 300


@cache
def _dateline_rx() -> re.Pattern[str]:
    m = month_pattern()
    wd = weekday_pattern()
    date = (
        rf"(?:{wd},?\s+)?(?:"
        rf"(?:{m})\s*\d{{1,2}}{_ORD}\s*,?\s*\d{{4}}"
        rf"|\d{{1,2}}{_ORD}\s*(?:{m})\s*,?\s*\d{{4}}"
        r"|\d{4}-\d{2}-\d{2}"
        r"|\d{1,2}[./]\d{1,2}[./]\d{4})"
    )
    # A place or a label at the start of the line: capitalised words (and "D.C.",
    # "of"), at most one comma inside; then a dash, comma or colon.
    word = r"[A-Z][A-Za-z.'’]*"
    place = rf"{word}(?:[ ]+(?:{word}|of|de|da))*(?:,[ ]*{word}(?:[ ]+{word})*)?"
    label = r"(?:Posted|Released|Published|Issued|Dated?)(?:[ ]+[Oo]n)?"  # not "Updated"
    return re.compile(
        rf"^[ \t]*(?:(?:{label})[ \t]*:?[ \t]*|(?:{place})[ \t]*(?:[–—-]+|,|:)[ \t]*)?"
        rf"(?:\(|\*\*)?(?P<date>{date})(?:\)|\*\*)?"
        r"(?=[ \t]*(?:$|[–—|:(]|-\s|\d{1,2}[:.]\d{2}|by\b|IST|EST|ET\b|GMT))",
        re.M,
    )


def find_dateline(text: str) -> str | None:
    """The ISO date of a dateline at the top of the release, else None.

    Only lines starting in the first ~300 characters count, and only dateline shapes:
    a line that is a date, or a date after a place or a "Posted On:" label at the start
    of the line, the date ending the line or followed by a dash. A date inside a
    sentence ("signed ... on 19 August 2026 to ...") is never taken.
    """
    head = text[: _HEAD_CHARS + 200]  # a line starting before 300 may run on a little
    for hit in _dateline_rx().finditer(head):
        if hit.start() >= _HEAD_CHARS:
            break
        value, gran = normalize_date(hit.group("date"), None, fallback=False)
        if value and gran == "day":
            return value
    return None
