"""The name-run toolkit shared by the bodies, events and agreements components.

Dialogues, working groups, events and agreements are all capitalised name runs
ending in (or led by) a head word. The helpers here cut those runs alike for the
three components (``left_start``, ``right_end``, ``paren_acronym``, a leading country
compound), read sentence bounds without the model, and load the closed-class
vocabulary of all three pattern files, so ``head_class`` knows every head word.
Components import this module, never one another.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from pipeline.components.base import doc_text, doc_words
from pipeline.patterns.load import load_jsonl

DASHES = frozenset({"-", "–", "—", "‐", "‑", "/"})
APOSTROPHES = frozenset({"’", "'"})
# Prepositions that may sit inside a name ("Republic of Korea", "Task Force on X").
PREPS_LEFT = frozenset({"of", "for", "on", "in"})
PREPS_RIGHT = frozenset({"of", "for", "on", "to", "concerning"})
PAREN_ACRONYM = re.compile(r"\s*\(([A-Za-z][A-Za-z0-9&.\-]{1,11})\)")


# -- vocabulary ---------------------------------------------------------------------------


@cache
def rows(name: str) -> tuple[dict[str, Any], ...]:
    """The rows of one pattern file, read once."""
    return load_jsonl(name, required=("set",))


@cache
def word_set(name: str, file: str = "bodies.jsonl") -> frozenset[str]:
    """A closed word list (``{"set": "words", "name": ...}``) from a pattern file."""
    out: set[str] = set()
    for row in rows(file):
        if row["set"] == "words" and row.get("name") == name:
            out.update(str(w).lower() for w in row["words"])
    return frozenset(out)


def plural_of(phrase: str) -> str:
    """'task force' -> 'task forces', 'committee' -> 'committees', 'body' -> 'bodies'."""
    if phrase.endswith("y") and not phrase.endswith("ey"):
        return phrase[:-1] + "ies"
    return phrase + "s"


@dataclass(frozen=True, slots=True)
class WgKind:
    """A working-group kind phrase: its kind, whether plural, whether gated (see bodies)."""

    kind: str
    plural: bool
    gated: bool


@cache
def wg_kinds() -> dict[str, WgKind]:
    """Working-group kind phrase (singular and plural, lower case) -> its kind."""
    out: dict[str, WgKind] = {}
    for row in rows("bodies.jsonl"):
        if row["set"] != "wg_kind":
            continue
        phrase = str(row["phrase"]).lower()
        gated = bool(row.get("gated"))
        out[phrase] = WgKind(str(row["kind"]), False, gated)
        out[plural_of(phrase)] = WgKind(str(row["kind"]), True, gated)
    return out


@cache
def wg_last_words() -> frozenset[str]:
    return frozenset(p.split()[-1].split("-")[-1] for p in wg_kinds())


@cache
def dialogue_heads() -> dict[str, str]:
    """Dialogue head word (lower case) -> the rule that decides it ("always", "standing", ...)."""
    return {
        str(r["word"]).lower(): str(r["rule"])
        for r in rows("bodies.jsonl")
        if r["set"] == "dialogue_head"
    }


@cache
def head_classes() -> dict[str, str]:
    """Every head word of the three body/event/agreement components -> its class."""
    out: dict[str, str] = {}
    for row in rows("agreements.jsonl"):
        if row["set"] == "agreement_head":
            out[str(row["word"]).lower()] = "agreement"
    for row in rows("events.jsonl"):
        if row["set"] == "event_head":
            out[str(row["word"]).lower()] = "event"
    for word in dialogue_heads():
        out[word] = "dialogue"
    for word in wg_last_words():
        out[word] = "wg"
    return out


def head_class(tok: Token) -> str | None:
    """'wg', 'dialogue', 'event', 'agreement' for a head word, else None."""
    return head_classes().get(tok.lower_)


# -- name runs ----------------------------------------------------------------------------


def is_name_token(tok: Token) -> bool:
    """Capitalised words, acronyms, 'iXYZ'-style forms, ordinals like '1st', years, '5G'."""
    t = tok.text
    if not t or tok.is_space:
        return False
    c = t[0]
    if c.isupper():
        return any(ch.isalpha() for ch in t)
    if c.isdigit():
        return any(ch.isalpha() for ch in t) or (len(t) == 4 and t.isdigit())
    return t.isalpha() and any(ch.isupper() for ch in t[1:])


def is_stop(tok: Token) -> bool:
    """A capitalised function word or headline verb: never the first word of a name."""
    return tok.text[:1].isupper() and tok.lower_ in word_set("name_stop")


def is_acronym_text(text: str) -> bool:
    """'ABCD', 'MoU', 'iXYZ', 'G20', 'U.S.': mostly capitals (or a capital and digits)."""
    bare = text.replace(".", "").replace("-", "").replace("&", "")
    if not (2 <= len(bare) <= 10) or not bare.isalnum() or not any(c.isalpha() for c in bare):
        return False
    uppers = sum(1 for c in bare if c.isupper())
    if bare[0].isupper() and any(c.isdigit() for c in bare) and len(bare) <= 4:
        return True  # "G20", "G7", "I2U2"
    return uppers >= 2 and uppers >= (len(bare) + 1) // 2


def is_name_word(tok: Token) -> bool:
    return is_name_token(tok) and not is_stop(tok)


def left_start(
    doc: Doc,
    i: int,
    lo: int = 0,
    anchor: bool | None = None,
    cross: frozenset[str] = frozenset(),
) -> int:
    """First token of the name run that ends just before token ``i`` (``i`` if none).

    Crosses hyphens, "and", a plural possessive ("Leaders’"), "(ACR)" and a
    preposition ("Republic of Korea") between name tokens, but not a preposition
    after another head word ("Working Group of the ..."), except "for"/"on" after
    a head of a class in ``cross`` ("Partnership for X (PGII) event").
    ``anchor`` says whether token ``i`` counts as a name for joining (default: its shape).
    """
    j = i
    k = i - 1
    anchored = is_name_token(doc[i]) if anchor is None and i < len(doc) else bool(anchor)
    while k >= lo:
        tok = doc[k]
        if tok.is_space:
            break
        if j == k + 1 and k - 2 >= lo and _hyphen_tail(doc, k - 2):
            j = k - 2  # "Agri-food Trade": a lower-case word hyphened to a name
            k -= 3
            continue
        if is_name_token(tok):
            if is_stop(tok):
                break
            j = k
            k -= 1
            continue
        if (j == i and not anchored) or (j < i and not is_name_token(doc[j])) or k - 1 < lo:
            break
        left = doc[k - 1]
        low = tok.lower_
        if tok.text in DASHES and is_name_word(left):
            k -= 1
            continue
        if (
            tok.text in APOSTROPHES
            and not left.whitespace_
            and left.lower_.endswith("s")
            and is_name_word(left)
        ):
            k -= 1
            continue
        if low in ("and", "&") and is_name_word(left):
            if head_class(left) is not None:
                break  # "X Dialogue and CEO Forum": two things, not one name
            k -= 1
            continue
        if tok.text == ")" and k - 3 >= lo and doc[k - 2].text == "(":
            if is_acronym_text(doc[k - 1].text) and is_name_word(doc[k - 3]):
                k -= 3
                continue
            break
        if low == "the" and left.lower_ in PREPS_LEFT:
            p = k - 1
        elif low in PREPS_LEFT:
            p = k
        else:
            break
        if p - 1 < lo or not is_name_word(doc[p - 1]):
            break
        if doc[p].lower_ != "of" and country_code_of(doc[p - 1].text):
            break  # "Travels to India for the X Dialogue": a country ends a name before "for"
        cls = head_class(doc[p - 1])
        if cls is not None and (cls not in cross or doc[p].lower_ not in ("for", "on")):
            break
        if doc[p - 1].lower_ in word_set("date_word"):
            break
        k = p - 1
    return j


def _hyphen_tail(doc: Doc, k: int) -> bool:
    """Token ``k`` is a name word joined by a bare hyphen to a lower-case word after it
    ("Agri-food"); a participle ("Commerce-led", "Korea-based") modifies what follows."""
    if k + 2 >= len(doc):
        return False
    dash, word = doc[k + 1], doc[k + 2]
    return (
        dash.text in ("-", "‐", "‑")
        and not doc[k].whitespace_
        and not dash.whitespace_
        and word.is_alpha
        and word.text.islower()
        and not word.text.endswith(("ed", "ing"))  # "Energy-led X", "Korea-based X"
        and is_name_word(doc[k])
    )


def right_end(doc: Doc, k: int, hi: int | None = None) -> int:
    """End (exclusive) of the name run that starts at token ``k`` (``k`` if none)."""
    n = len(doc) if hi is None else hi
    if k >= n or not is_name_word(doc[k]):
        return k
    e = k + 1
    while e < n:
        tok = doc[e]
        if is_name_token(tok):
            if is_stop(tok):
                break
            e += 1
            continue
        if tok.is_space or e + 1 >= n:
            break
        nxt = doc[e + 1]
        low = tok.lower_
        if tok.text in DASHES and is_name_word(nxt):
            e += 1
            continue
        if _hyphen_tail(doc, e - 1):
            e += 2  # "Agri-food", "Non-tariff": the word goes on after the hyphen
            continue
        if tok.text in APOSTROPHES and not doc[e - 1].whitespace_ and is_name_word(nxt):
            if doc[e - 1].lower_.endswith("s"):
                e += 1
                continue
            break
        if low in ("and", "&") and is_name_word(nxt):
            e += 1
            continue
        if tok.text == "(" and e + 3 < n and doc[e + 2].text == ")":
            if is_acronym_text(nxt.text) and is_name_word(doc[e + 3]):
                e += 3
                continue
            break
        if low in PREPS_RIGHT:
            after = e + 1
            if doc[after].lower_ == "the" and after + 1 < n:
                after += 1
            if (
                is_name_word(doc[after])
                and doc[after].lower_ not in word_set("date_word")
                and not (low == "on" and ordinal_value(doc[after].text))
            ):
                cls = head_class(doc[e - 1])
                if cls == "event" or (cls == "wg" and low not in ("on", "for")):
                    break
                e = after
                continue
        break
    return e


def paren_acronym(doc: Doc, e: int) -> tuple[int, str] | None:
    """``(end token, acronym)`` for "(ACR)" starting at token ``e``."""
    if (
        e + 2 < len(doc)
        and doc[e].text == "("
        and doc[e + 2].text == ")"
        and is_acronym_text(doc[e + 1].text)
    ):
        return e + 3, doc[e + 1].text
    return None


def acronym_start(doc: Doc, p: int, acronym: str) -> int | None:
    """First token of the words an "(ACR)" at token ``p`` spells, read leftwards across
    commas and "and" ("Environment, Social, and Governance (ESG)"); None if they do not."""
    letters = [c.upper() for c in acronym if c.isalpha() and c.isupper()]
    if len(letters) < 2:
        return None
    joiners = {",", "and", "&", "-", "of", "the", "for", "on", "in"}
    got: list[str] = []
    k = p - 1
    start = None
    while k >= 0 and len(got) < len(letters):
        tok = doc[k]
        if tok.text[:1].isupper() and tok.is_alpha:
            got.insert(0, tok.text[0])
            start = k
        elif tok.lower_ not in joiners:
            return None
        k -= 1
    return start if got == letters else None


def span_text(doc: Doc, a: int, b: int) -> str:
    """Text of tokens ``a..b`` (exclusive), exactly as in the document."""
    return doc[a:b].text if b > a else ""


def char_range(doc: Doc, a: int, b: int) -> tuple[int, int]:
    return doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)


SENTENCE_END = re.compile(r"[.!?;](?=[\s\"”’)]*(\s|$))|\n")
_ABBREV_WORD = re.compile(r"(?:\b[A-Za-z]\.)+[A-Za-z]?$|\b[A-Z]$")


def is_sentence_end(text: str, m: re.Match[str]) -> bool:
    """A ``SENTENCE_END`` match ends a sentence unless its period closes an abbreviation."""
    if m.group(0) in "\n;!?":
        return True
    before = text[max(0, m.start() - 12) : m.start() + 1]
    word = before.split()[-1] if before.split() else ""
    return not (_ABBREV_WORD.search(word) or word[:-1].lower() in word_set("abbreviation"))


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Character bounds of the sentence around ``text[start:end]``.

    Model-free, so resolvers can use it on the whole text: a period ends a sentence
    unless it closes an abbreviation ("U.S.", "D.C.", "Jr.", "Pvt."); a line break
    or ";" always does. The text's boundaries are found once (rules ask about dozens
    of spans a text); the last characters before ``start`` are read as if the text
    ended there, as a scan up to ``start`` would.
    """
    found = _boundaries(text)
    window = max(0, start - 2000)
    # a period followed only by closing marks and spaces up to ``start`` ends a sentence
    # whatever follows ``start``: scan that tail as if the text stopped at ``start``
    k = start
    while k > window and (text[k - 1].isspace() or text[k - 1] in _CLOSERS):
        k -= 1
    tail = max(window, k - 1)
    lo = 0
    at = bisect.bisect_left(found, tail) - 1
    if at >= 0 and found[at] >= window:
        lo = found[at] + 1
    for m in SENTENCE_END.finditer(text, tail, start):
        if is_sentence_end(text, m):
            lo = m.end()
    hi = len(text)
    at = bisect.bisect_left(found, end)
    if at < len(found):
        hi = found[at] + 1
    return lo, hi


_CLOSERS = frozenset('"”’)')


@lru_cache(maxsize=8)
def _boundaries(text: str) -> list[int]:
    """Positions of the sentence-ending characters of ``text`` (one character each)."""
    return [m.start() for m in SENTENCE_END.finditer(text) if is_sentence_end(text, m)]


def doc_lowers(doc: Doc) -> list[str]:
    """Lower-cased token texts, built once per document: the head-word scans of the
    three components test these strings instead of creating a Token for every word."""
    cached = doc.user_data.get("tf_lowers")
    if isinstance(cached, tuple) and cached[0] == id(doc):
        return cached[1]
    lowers = [w.lower() for w in doc_words(doc)]
    doc.user_data["tf_lowers"] = (id(doc), lowers)
    return lowers


def sentence_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """Token bounds of the sentence around token ``i`` (``sentence_span`` on tokens).

    Model-free and abbreviation-aware, so "Acme India Pvt. Ltd. on 19 August"
    stays one sentence with or without the statistical sentence splitter.
    """
    tok = doc[i]
    s, e = sentence_span(doc_text(doc), tok.idx, tok.idx + len(tok.text))
    span = doc.char_span(s, max(e, s + 1), alignment_mode="expand")
    if span is None:
        return i, i + 1
    lo, hi = span.start, span.end
    while lo < i and doc[lo].is_space:
        lo += 1
    return lo, max(hi, i + 1)


def standing_context(doc: Doc, a: int) -> bool:
    """Words just before a name that mark a standing mechanism ("reestablishing the X Forum")."""
    cues = word_set("standing_cue")
    k = a - 1
    seen = 0
    while k >= 0 and seen < 3:
        tok = doc[k]
        if tok.is_space or tok.text in (".", ";", ":", ","):
            return False
        if tok.lower_ in cues:
            return True
        seen += 1
        k -= 1
    return False


def standing_after(doc: Doc, e: int, habitual: bool = True) -> bool:
    """Words just after a name that mark a standing mechanism: "the X Forum (XF) was
    reconvened", "the X Council held its inaugural meeting", and with ``habitual`` also
    "the X Forum meets annually" (a domestic board meets too, so councils do not use it)."""
    acr = paren_acronym(doc, e)
    k = acr[0] if acr else e
    cues = word_set("standing_cue_after")
    if habitual:
        cues = cues | word_set("standing_cue_habitual")
    for j in range(k, min(len(doc), k + 4)):
        tok = doc[j]
        if tok.is_space or tok.text in (".", ";", ":"):
            return False
        if tok.lower_ in cues:
            return True
        if (
            tok.lower_ in ("held", "holds", "hold")
            and j + 3 < len(doc)
            and doc[j + 1].lower_ in ("its", "their")
            and ordinal_value(doc[j + 2].text)
        ):
            return True
    return False


def countries_between(doc: Doc, e: int) -> list[str]:
    """Codes of "between X and Y" right after a name (after its "(ACR)"), else []."""
    acr = paren_acronym(doc, e)
    k = acr[0] if acr else e
    if k + 3 >= len(doc) or doc[k].lower_ != "between":
        return []
    codes: list[str] = []
    j = k + 1
    while j < min(len(doc), k + 12):
        if doc[j].lower_ in ("the", "and", ","):
            j += 1
            continue
        end = right_end(doc, j)
        found = next(
            (
                (n, c)
                for n in range(min(4, end - j), 0, -1)
                if (c := country_code_of(span_text(doc, j, j + n))) is not None
            ),
            None,
        )
        if found is None:
            break
        codes.append(found[1])
        j += found[0]
    return codes if len(codes) >= 2 else []


# -- ordinals and headlines --------------------------------------------------------------


@cache
def ordinal_numbers() -> dict[str, str]:
    """Ordinal word -> its number ("second" -> "2"), from ``events.jsonl``."""
    out: dict[str, str] = {}
    for pair in word_set("ordinal_number", "events.jsonl"):
        word, _, number = pair.partition(":")
        out[word] = number
    return out


def ordinal_value(word: str) -> str | None:
    """'second' -> '2', '1st' -> '1', 'inaugural' -> '1'."""
    low = word.lower()
    if low in ordinal_numbers():
        return ordinal_numbers()[low]
    m = re.fullmatch(r"(\d+)(st|nd|rd|th)", low)
    return m.group(1) if m else None


def _title_lines(doc: Doc) -> list[tuple[int, int]]:
    """Character bounds of the title-case lines (headlines) of a document, built once."""
    found = doc.user_data.get("tf_title_lines")
    if isinstance(found, list):
        return found
    out = title_line_spans(doc_text(doc))
    doc.user_data["tf_title_lines"] = out
    return out


def title_line_spans(text: str) -> list[tuple[int, int]]:
    """Character bounds of the title-case lines of a text: one sentence, no full stop,
    three in four longer words capitalised. Model-free, for resolvers too."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z’'-]*", line) if len(w) >= 4]
        caps = sum(1 for w in words if w[0].isupper())
        one_sentence = (
            len(line) <= 250
            and not re.search(r"[a-z]{2}[.;] +[A-Z]", line)
            and not line.rstrip().endswith(".")  # a headline has no full stop
        )
        if one_sentence and len(words) >= 5 and caps >= 0.75 * len(words):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def in_title_line(doc: Doc, i: int) -> bool:
    """Token ``i`` sits in a title-case line, where capitals do not show a name."""
    idx = doc[i].idx
    return any(a <= idx < b for a, b in _title_lines(doc))


def after_document_kind(doc: Doc, a: int, i: int) -> int:
    """Start of a name after a press-release kind in front of it: "Announcement of the X
    Mission", "Statement on the Y Address" -> "X Mission", "Y Address"."""
    kinds = word_set("document_kind")
    for k in range(i - 2, a - 1, -1):
        if doc[k].lower_ in kinds and doc[k + 1].lower_ in ("of", "on", "for"):
            start = k + 2
            if start < i and doc[start].lower_ == "the":
                start += 1
            return start if start < i else a
    return a


# -- country prefixes ---------------------------------------------------------------------


def country_code_of(text: str) -> str | None:
    try:
        from pipeline.normalize.countries import country_code
    except ImportError:  # the normaliser is optional for this component
        return None
    return country_code(text)


def country_prefix(doc: Doc, a: int, b: int) -> tuple[list[str], int]:
    """Codes of a leading country compound in tokens a..b and the token after it.

    "United States-Korea Supply Chain" -> (["US", "KR"], index of "Supply");
    "Trilateral United States – Japan – Republic of Korea Economic" -> three codes.
    """
    k = a
    while k < b and doc[k].lower_ in ("trilateral", "bilateral"):
        k += 1
    codes: list[str] = []
    end = a
    while k < b:
        best = 0
        code = None
        for length in range(1, 5):
            if k + length > b:
                break
            c = country_code_of(span_text(doc, k, k + length))
            if c is not None:
                best, code = length, c
        if code is None:
            break
        codes.append(code)
        k += best
        end = k
        if k < b - 1 and doc[k].text in DASHES:
            k += 1
            continue
        break
    return (codes, end) if codes else ([], a)


def country_names(codes: Iterable[str]) -> list[str]:
    try:
        from pipeline.normalize.countries import country_name
    except ImportError:
        return list(codes)
    return [country_name(c) for c in codes]


__all__ = [
    "APOSTROPHES",
    "DASHES",
    "PAREN_ACRONYM",
    "PREPS_LEFT",
    "PREPS_RIGHT",
    "WgKind",
    "acronym_start",
    "after_document_kind",
    "char_range",
    "countries_between",
    "country_code_of",
    "country_names",
    "country_prefix",
    "dialogue_heads",
    "doc_lowers",
    "head_class",
    "head_classes",
    "in_title_line",
    "is_acronym_text",
    "is_name_token",
    "is_name_word",
    "is_stop",
    "left_start",
    "ordinal_numbers",
    "ordinal_value",
    "paren_acronym",
    "plural_of",
    "right_end",
    "rows",
    "sentence_bounds",
    "sentence_span",
    "span_text",
    "standing_after",
    "standing_context",
    "title_line_spans",
    "wg_kinds",
    "wg_last_words",
    "word_set",
]
