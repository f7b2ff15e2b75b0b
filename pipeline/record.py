"""The data model between spans and records: candidates with character intervals.

Components leave spans; ``candidates_from_doc`` turns them into ``Candidate``s
with offsets into the whole text (a chunk's base offset added), so long texts can
be processed in pieces. ``pipeline.resolve`` merges candidates into facts and
``new_record`` gives the record every list the schema requires.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from pipeline.components.base import SPAN_KEYS, char_bounds, span_info

FACT_LISTS: tuple[str, ...] = (
    "officials",
    "organizations",
    "locations",
    "countries",
    "dates",
    "working_groups",
    "dialogues",
    "events",
    "agreements",
)
# The six types the headline micro-F1 is computed over (ANNOTATION.md).
CORE_TYPES: tuple[str, ...] = FACT_LISTS[:6]


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence: ``text == document[start:end]``; ``source`` says what found it."""

    start: int
    end: int
    text: str
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "source": self.source}


@dataclass(slots=True)
class Candidate:
    """A typed mention with the attributes its component read off the text."""

    type: str  # a key of SPAN_KEYS
    start: int
    end: int
    text: str
    source: str
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def mention(self) -> Mention:
        return Mention(self.start, self.end, self.text, self.source)


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


def new_record(
    doc_id: str, published: str | None, title: str | None, text_sha256: str
) -> dict[str, Any]:
    """A record with every required key and empty fact lists."""
    record: dict[str, Any] = {
        "doc_id": doc_id,
        "published": published,
        "title": title,
        "text_sha256": text_sha256,
    }
    for name in FACT_LISTS:
        record[name] = []
    return record


def mentions_json(mentions: Iterable[Mention]) -> list[dict[str, Any]]:
    """Mentions sorted and de-duplicated by offsets, as record JSON."""
    seen: dict[tuple[int, int], Mention] = {}
    for m in mentions:
        seen.setdefault((m.start, m.end), m)
    return [seen[k].as_dict() for k in sorted(seen)]


def mentions_of(cands: Iterable[Candidate]) -> list[dict[str, Any]]:
    """The record mentions of a fact's candidates."""
    return mentions_json(c.mention for c in cands)
