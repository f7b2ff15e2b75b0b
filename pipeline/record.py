"""The data model between spans and records: candidates with character intervals.

Components leave spans; ``components.base.candidates_from_doc`` turns them into
``Candidate``s with offsets into the whole text. Resolvers merge candidates into
facts, reading the rest of the document through ``Context``; ``new_record`` gives
the record every list the schema requires. No spaCy here: ``score``, ``tables``,
``show`` and ``report`` import this module and must stay light.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
    # what supports it (its source rule, then the support its component recorded);
    # filled from ``source`` and ``attrs`` when not given
    evidence: list[str] = field(default_factory=list)
    # why a resolver dropped it, when one said (``reject``); None: kept, or dropped silently
    veto: str | None = None

    def __post_init__(self) -> None:
        if not self.evidence:
            self.evidence = evidence_of(self)

    @property
    def mention(self) -> Mention:
        return Mention(self.start, self.end, self.text, self.source)

    def reject(self, reason: str) -> None:
        """Say why this candidate makes no fact, so ``--explain`` can tell a reviewer."""
        self.veto = reason


# attrs keys a component sets when something supports a span (rule 3 of the house rules)
EVIDENCE_ATTRS: tuple[str, ...] = (
    "model_label",
    "gazetteer",
    "head",
    "suffix",
    "acronym",
    "acronym_of",
    "title_slot",
    "title",
    "context",
    "company_context",
    "canonical",
)


def evidence_of(c: Candidate) -> list[str]:
    """The source rule, any evidence already listed, and the supporting ``attrs`` keys set."""
    out = [c.source, *c.evidence]
    out.extend(k for k in EVIDENCE_ATTRS if c.attrs.get(k) not in (None, False, "", [], {}))
    return list(dict.fromkeys(out))


KEPT = "kept"
VETOED = "vetoed"


def candidate_fates(
    cands: Iterable[Candidate], facts: Mapping[str, Iterable[Mapping[str, Any]]]
) -> list[tuple[str, str | None]]:
    """``(fate, reason)`` of each candidate after resolution, in the order given.

    "kept" (reason None) when a fact of its type has a mention at its (start, end);
    "kept", "re-typed as <type>" when only a fact of another type has, and that type
    had no candidate of its own there. Otherwise "vetoed": "inside boilerplate";
    ``c.veto`` when a resolver gave one; "dropped by the <type> resolver: <other>
    took the span" when another type's candidate won it. A candidate that overlaps
    a mention of its type is "kept", "kept as <start>-<end>" (a resolver trimmed or
    widened it); the rest are "dropped by the <type> resolver".
    Boilerplate candidates themselves are kept. Pure: testable without spaCy.
    """
    cands = list(cands)
    spans: dict[str, set[tuple[int, int]]] = {}
    for fact_type in FACT_LISTS:  # ``facts`` may be a whole record: other keys are ignored
        spans[fact_type] = {
            (m["start"], m["end"])
            for f in facts.get(fact_type) or []
            for m in f.get("mentions") or []
            if isinstance(m, Mapping) and "start" in m and "end" in m
        }
    boiler = [(c.start, c.end) for c in cands if c.type == "boilerplate"]
    proposed = {(c.type, (c.start, c.end)) for c in cands}
    out: list[tuple[str, str | None]] = []
    for c in cands:
        if c.type == "boilerplate":
            out.append((KEPT, None))
            continue
        key = (c.start, c.end)
        if key in spans.get(c.type, ()):
            out.append((KEPT, None))
            continue
        other = next((t for t in FACT_LISTS if t != c.type and key in spans.get(t, ())), None)
        if other is not None and (other, key) not in proposed:
            out.append((KEPT, f"re-typed as {other}"))
            continue
        if any(s <= c.start and c.end <= e for s, e in boiler):
            out.append((VETOED, "inside boilerplate"))
            continue
        if c.veto:
            out.append((VETOED, c.veto))
            continue
        if other is not None:  # another type's own candidate won the span
            out.append((VETOED, f"dropped by the {c.type} resolver: {other} took the span"))
            continue
        near = sorted((s, e) for s, e in spans.get(c.type, ()) if s < c.end and c.start < e)
        if near:
            out.append((KEPT, f"kept as {near[0][0]}-{near[0][1]}"))
            continue
        out.append((VETOED, f"dropped by the {c.type} resolver"))
    return out


def candidate_rows(
    cands: Iterable[Candidate], facts: Mapping[str, Iterable[Mapping[str, Any]]]
) -> list[dict[str, Any]]:
    """The ``<doc_id>.candidates.jsonl`` lines: every candidate outside the boilerplate
    list itself, in text order, with its evidence and fate."""
    cands = sorted(cands, key=lambda c: (c.start, -c.end, c.type))
    rows = []
    for c, (fate, reason) in zip(cands, candidate_fates(cands, facts), strict=True):
        if c.type == "boilerplate":
            continue
        rows.append(
            {
                "type": c.type,
                "start": c.start,
                "end": c.end,
                "text": c.text,
                "source": c.source,
                "evidence": evidence_of(c),
                "fate": fate,
                "reason": reason,
            }
        )
    return rows


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
