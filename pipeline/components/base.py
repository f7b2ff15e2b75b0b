"""What every component shares: span keys, the ``._.tf`` attribute, span helpers.

A component marks what it found as spans in ``doc.spans[SPAN_KEYS[type]]``. Each
span carries ``span._.tf``: a dict with ``source`` (the rule id, "component:rule",
or "model:<name>") and the attributes the fact assembly needs. Exact character
offsets that do not fall on token boundaries ("Korea" inside "U.S.-Korea") go in
``start``/``end`` of that dict; otherwise the span's own offsets are used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from pipeline.patterns.load import load_jsonl
from pipeline.record import Candidate

SPAN_KEYS: dict[str, str] = {
    "boilerplate": "tf_boilerplate",
    "officials": "tf_officials",
    "organizations": "tf_organizations",
    "locations": "tf_locations",
    "countries": "tf_countries",
    "dates": "tf_dates",
    "working_groups": "tf_working_groups",
    "dialogues": "tf_dialogues",
    "events": "tf_events",
    "agreements": "tf_agreements",
}

if not Span.has_extension("tf"):
    Span.set_extension("tf", default=None)


def add_span(
    doc: Doc,
    fact_type: str,
    start_char: int,
    end_char: int,
    source: str,
    **attrs: Any,
) -> Span | None:
    """Mark ``doc.text[start_char:end_char]`` as a candidate of ``fact_type``.

    The span is the smallest token span covering the characters; the exact
    characters are kept in ``_.tf`` so mentions stay character-true. Returns None
    for an empty or out-of-range request.
    """
    # len(doc.text) would rebuild the whole text (O(n) per call in spaCy): bound by the last token
    doc_len = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    if not (0 <= start_char < end_char <= doc_len):
        return None
    exact = f"{start_char}:{end_char}"
    span = doc.char_span(
        start_char, end_char, label=fact_type, span_id=exact, alignment_mode="expand"
    )
    if span is None:
        return None
    info: dict[str, Any] = {"source": source, **attrs}
    if span.start_char != start_char or span.end_char != end_char:
        info["start"] = start_char
        info["end"] = end_char
    # spaCy keys span extension values by the span's character offsets only: two types
    # (or two parts of one token, "EU/US") on the same tokens would share one dict, so
    # keep one per fact type and exact characters (the span's id).
    by_key = dict(span._.tf or {})
    by_key[f"{fact_type}|{exact}"] = info
    span._.tf = by_key
    key = SPAN_KEYS[fact_type]
    if key not in doc.spans:
        doc.spans[key] = []
    doc.spans[key].append(span)
    return span


def span_info(span: Span) -> dict[str, Any]:
    """The ``_.tf`` dict of a span for its own type (its label), never None."""
    return (span._.tf or {}).get(f"{span.label_}|{span.id_}") or {}


def char_bounds(span: Span) -> tuple[int, int]:
    """Exact character bounds of a candidate span."""
    info = span_info(span)
    return int(info.get("start", span.start_char)), int(info.get("end", span.end_char))


def spans_of(doc: Doc, fact_type: str) -> list[Span]:
    """The candidate spans of a type (empty when the component did not run)."""
    key = SPAN_KEYS[fact_type]
    return list(doc.spans[key]) if key in doc.spans else []


def in_boilerplate(doc: Doc, start_char: int, end_char: int) -> bool:
    """Whether characters fall in a region the boilerplate component set aside."""
    return any(
        s.start_char <= start_char and end_char <= s.end_char for s in spans_of(doc, "boilerplate")
    )


def overlaps(a: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    """Whether the character range ``a`` overlaps any of ``spans``."""
    return any(a[0] < e and s < a[1] for s, e in spans)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document: spaCy joins every token on each access, and
    components read the text many times."""
    text = doc.user_data.get("tf_text")
    size = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    if not isinstance(text, str) or len(text) != size:
        text = doc.text
        doc.user_data["tf_text"] = text
    return text


def is_tagged(doc: Doc) -> bool:
    """Whether the model tagged the doc; ``doc.has_annotation`` scans every token."""
    flag = doc.user_data.get("tf_tagged")
    if flag is None:
        flag = doc.has_annotation("TAG")
        doc.user_data["tf_tagged"] = flag
    return bool(flag)


PROPER_NOUN_TAGS = frozenset({"NNP", "NNPS"})


def is_propn(tok: Token) -> bool:
    """A proper noun by the tagger's fine-grained tag: ``pos_`` would need the
    attribute_ruler (10% of model time) only to map NNP/NNPS to PROPN."""
    return tok.tag_ in PROPER_NOUN_TAGS


def is_verb(tok: Token) -> bool:
    """A verb by its fine-grained tag (VB, VBD, VBG, VBN, VBP, VBZ)."""
    return tok.tag_.startswith("VB")


def candidates_from_doc(doc: Doc, offset: int = 0) -> list[Candidate]:
    """Every candidate span of ``doc``, offsets shifted by ``offset``, in text order."""
    out: list[Candidate] = []
    text = doc.text  # a property that joins every token: read it once
    for fact_type, key in SPAN_KEYS.items():
        if key not in doc.spans:
            continue
        for span in doc.spans[key]:
            info = dict(span_info(span))
            start, end = char_bounds(span)
            info.pop("start", None)
            info.pop("end", None)
            source = str(info.pop("source", "unknown"))
            out.append(
                Candidate(
                    type=fact_type,
                    start=start + offset,
                    end=end + offset,
                    text=text[start:end],
                    source=source,
                    attrs=info,
                )
            )
    out.sort(key=lambda c: (c.start, -c.end, c.type))
    return out


def in_headline(text: str, pos: int) -> bool:
    """Whether ``pos`` sits on a short title-case line (headline, NER is unreliable there).
    An initial ("Donald J. Roe") is no sentence punctuation."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", line) if len(w) > 3]
    if (
        len(line) > 250
        or len(words) < 4
        or re.search(r"[.!?][\s\"”’]*$|(?<!\s[A-Z])\.\s", line.strip())
    ):
        return False  # headlines carry no sentence punctuation
    return sum(1 for w in words if w[0].isupper()) / len(words) >= 0.75


@cache
def org_head_words() -> frozenset[str]:
    """Head nouns of organization names (``org_heads.jsonl``): words no person name holds."""
    rows = load_jsonl("org_heads.jsonl", required=("head", "type"))
    return frozenset(r["head"] for r in rows)


@cache
def org_filter_words(kind: str) -> frozenset[str]:
    """One word class of ``org_filters.jsonl`` ("not_org_head", "generic_alone", ...)."""
    rows = load_jsonl("org_filters.jsonl", required=("kind", "words"))
    return frozenset(w for r in rows if r["kind"] == kind for w in r["words"])


@cache
def _org_head_types() -> dict[str, str]:
    rows = load_jsonl("org_heads.jsonl", required=("head", "type"))
    return {r["head"]: r["type"] for r in rows}


def org_head_type(word: str) -> str | None:
    """The organization type a head noun marks ("Ministry" -> government), else None."""
    return _org_head_types().get(word)
