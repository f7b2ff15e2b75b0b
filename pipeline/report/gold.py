"""Per-document gold comparison for the review report, taken from ``pipeline.score``.

The report needs, per release and fact type, which extracted facts matched gold,
which are spurious, which gold facts were missed and which attributes the scorer
judged wrong. That is the scorer's job (ANNOTATION.md, "How gold is scored"), so
this module only adapts ``score.score_record`` / ``score.match`` to ``DocMatch``:
the page's numbers are the numbers ``tradefacts score`` prints. The scorer is
imported lazily; if it is missing or lacks that API the report says so and shows
no scores rather than running a second matcher that could disagree.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.record import CORE_TYPES

SCORER_API: tuple[str, ...] = ("score_record", "match", "display_name", "load_gold")


@dataclass(slots=True)
class TypeMatch:
    """One fact type of one release as the scorer saw it."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    status: dict[int, str] = field(default_factory=dict)  # pred index -> matched|optional|spurious
    gold_for: dict[int, dict[str, Any]] = field(default_factory=dict)  # pred index -> gold entry
    missed: list[dict[str, Any]] = field(default_factory=list)  # required gold never matched
    wrong: dict[int, dict[str, Any]] = field(default_factory=dict)  # pred index -> {attr: gold}


@dataclass(slots=True)
class DocMatch:
    """A release against its gold: only the types gold annotates are present."""

    types: dict[str, TypeMatch] = field(default_factory=dict)

    def counts(self, types: tuple[str, ...] = CORE_TYPES) -> tuple[int, int, int]:
        """(tp, fp, fn) summed over ``types`` (the headline's core six by default)."""
        tm = [self.types[t] for t in types if t in self.types]
        return sum(m.tp for m in tm), sum(m.fp for m in tm), sum(m.fn for m in tm)


Matcher = Callable[[dict[str, Any], dict[str, Any]], DocMatch]


def prf(tp: int, fp: int, fn: int) -> tuple[float | None, float | None, float | None]:
    """Precision, recall, F1 as the scorer defines them (None where undefined)."""
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    denom = 2 * tp + fp + fn
    return p, r, (2 * tp / denom if denom else None)


def _scorer() -> tuple[Any, str | None]:
    try:
        score = importlib.import_module("pipeline.score")
    except Exception as exc:  # not written yet, or broken: the report still renders
        return None, f"no scores: pipeline.score cannot be imported ({type(exc).__name__}: {exc})"
    missing = [name for name in SCORER_API if not callable(getattr(score, name, None))]
    if missing:
        return None, "no scores: pipeline.score lacks " + ", ".join(missing)
    return score, None


def _entries(obj: Mapping[str, Any] | None, fact_type: str) -> list[tuple[int, Mapping[str, Any]]]:
    """(index in the record, entry) for the entries the scorer looks at (JSON objects)."""
    items = (obj or {}).get(fact_type) or []
    return [(i, e) for i, e in enumerate(items) if isinstance(e, Mapping)]


def doc_match(score: Any, record: dict[str, Any], gold: dict[str, Any]) -> DocMatch:
    """Counts from ``score.score_record``; per-fact status from ``score.match`` (same pairs)."""
    doc = score.score_record(record, gold)
    wrong_by_gold: dict[tuple[str, str], dict[str, Any]] = {}
    for issue in doc.issues:
        if issue.kind == "attribute" and issue.attribute:
            attr = issue.attribute.split(".", 1)[-1]
            wrong_by_gold.setdefault((issue.type, issue.name), {})[attr] = issue.gold
    out = DocMatch()
    for fact_type, counts in doc.counts.items():
        preds = _entries(record, fact_type)
        golds = _entries(gold, fact_type)
        pairs = score.match(fact_type, [p for _, p in preds], [g for _, g in golds])
        tm = TypeMatch(tp=counts.tp, fp=counts.fp, fn=counts.fn)
        for k, (pi, _pred) in enumerate(preds):
            gk = pairs.get(k)
            if gk is None:
                tm.status[pi] = "spurious"
                continue
            g = dict(golds[gk][1])
            tm.gold_for[pi] = g
            if g.get("optional"):
                tm.status[pi] = "optional"
                continue
            tm.status[pi] = "matched"
            wrong = wrong_by_gold.get((fact_type, score.display_name(fact_type, g)))
            if wrong:
                tm.wrong[pi] = wrong
        matched = set(pairs.values())
        tm.missed = [
            dict(g)
            for gk, (_, g) in enumerate(golds)
            if gk not in matched and not g.get("optional")
        ]
        out.types[fact_type] = tm
    return out


def load_gold_for(
    gold_dir: Path, doc_ids: list[str]
) -> tuple[dict[str, dict[str, Any]], Matcher | None, list[str]]:
    """Gold records for ``doc_ids``, the matcher to compare with, and notes for the page.

    With the scorer, its ``load_gold`` decides what a valid gold file is; without it
    the gold files are still read (so the page can say how many there are) but not used.
    """
    score, why = _scorer()
    notes: list[str] = []
    wanted = set(doc_ids)
    if score is None:
        notes.append(str(why))
        found = sum(1 for d in wanted if (gold_dir / f"{d}.json").is_file())
        notes.append(f"{found} gold files in {gold_dir} match a release but cannot be compared")
        return {}, None, notes
    golds, bad = score.load_gold(gold_dir)
    notes.extend(f"bad gold file {line}" for line in bad)
    gold = {d: g for d, g in golds.items() if d in wanted}

    def matcher(record: dict[str, Any], gold_record: dict[str, Any]) -> DocMatch:
        return doc_match(score, record, gold_record)

    return gold, matcher, notes
