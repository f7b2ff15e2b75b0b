"""The data model between spans and records: candidates with character intervals.

Components leave spans; ``components.base.candidates_from_doc`` turns them into
``Candidate``s with offsets into the whole text. Resolvers merge candidates into
facts, reading the rest of the document through ``Context``; ``new_record`` gives
the record every list the schema requires. No spaCy here: ``score``, ``tables``,
``show`` and ``report`` import this module and must stay light.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

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

    type: str  # a fact list name, or "boilerplate"
    start: int
    end: int
    text: str
    source: str
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def mention(self) -> Mention:
        return Mention(self.start, self.end, self.text, self.source)


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


Fact = dict[str, Any]


@dataclass
class Context:
    """What a resolver may read besides its own candidates."""

    text: str
    reference: str | None  # the document date (YYYY-MM-DD) that relative dates resolve against
    cands: list[Candidate]  # every candidate outside boilerplate, text order
    boilerplate: list[tuple[int, int]]
    facts: dict[str, list[Fact]] = field(default_factory=dict)

    def of(self, fact_type: str) -> list[Candidate]:
        return [c for c in self.cands if c.type == fact_type]

    def countries_in_order(self) -> list[str]:
        """Resolved country codes by first mention: a release names its own side first."""
        firsts = sorted(
            (min(m["start"] for m in f["mentions"]), f["code"])
            for f in self.facts.get("countries", [])
            if f["mentions"]
        )
        return [code for _, code in firsts]
