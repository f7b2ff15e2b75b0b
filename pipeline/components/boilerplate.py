"""Boilerplate: syndication footers, hashtags, end markers, contact blocks yield no facts.

Markers are regular expressions in ``patterns/boilerplate.jsonl`` with a scope:
``line`` sets aside the matching line, ``inline`` only the match, ``tail`` the
matching line and everything after it. The fact assembly drops every candidate
inside a set-aside region, so other components need not know about boilerplate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.base import add_span, doc_text
from pipeline.patterns.load import load_jsonl


@dataclass(frozen=True, slots=True)
class Marker:
    id: str
    scope: str
    regex: re.Pattern[str]


def load_markers(name: str = "boilerplate.jsonl") -> tuple[Marker, ...]:
    """Compile the marker file; a bad regex fails at load time with its id."""
    rows = load_jsonl(
        name, required=("id", "scope", "pattern"), allowed=(("scope", ("line", "inline", "tail")),)
    )
    markers = []
    for row in rows:
        flags = re.M | (re.I if row.get("ignore_case") else 0)
        try:
            markers.append(Marker(row["id"], row["scope"], re.compile(row["pattern"], flags)))
        except re.error as exc:
            raise ValueError(f"{name}: marker {row['id']!r}: bad pattern ({exc})") from exc
    return tuple(markers)


def find_boilerplate(text: str, markers: tuple[Marker, ...]) -> list[tuple[int, int, str]]:
    """``(start, end, marker id)`` regions of ``text`` to set aside (pure; unit-testable)."""
    regions: list[tuple[int, int, str]] = []
    for marker in markers:
        for m in marker.regex.finditer(text):
            if m.end() == m.start():
                continue
            if marker.scope == "tail":
                regions.append((m.start(), len(text), marker.id))
            else:
                regions.append((m.start(), m.end(), marker.id))
    # a region inside a larger one adds nothing (hashtags inside a hashtag line)
    regions.sort(key=lambda r: (r[0], -r[1]))
    kept: list[tuple[int, int, str]] = []
    for region in regions:
        if not any(k[0] <= region[0] and region[1] <= k[1] for k in kept):
            kept.append(region)
    return kept


class BoilerplateComponent:
    """Marks set-aside regions in ``doc.spans["tf_boilerplate"]``."""

    def __init__(self, nlp: Language, name: str, patterns: str = "boilerplate.jsonl") -> None:
        self.name = name
        self.markers = load_markers(patterns)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        for start, end, marker_id in find_boilerplate(text, self.markers):
            # strip surrounding whitespace so the span is token-aligned and tight
            seg = text[start:end]
            lead = len(seg) - len(seg.lstrip())
            trail = len(seg) - len(seg.rstrip())
            if end - trail > start + lead:
                add_span(doc, "boilerplate", start + lead, end - trail, f"boilerplate:{marker_id}")
        return doc


@Language.factory(
    "tf_boilerplate",
    default_config={"patterns": "boilerplate.jsonl"},
    assigns=["doc.spans", "doc._.tf_boilerplate"],
)
def make_boilerplate(nlp: Language, name: str, patterns: str) -> BoilerplateComponent:
    return BoilerplateComponent(nlp, name, patterns)
