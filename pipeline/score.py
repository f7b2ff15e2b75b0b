"""Scoring extracted records against gold (ANNOTATION.md, "How gold is scored").

Matching: an extracted entry matches a gold entry of the same type when the
names agree after ``name_key`` normalisation, or the extracted name equals one
of the gold aliases; dates match on ``value``, countries on ``code``. Matching
is greedy in two passes (exact names first, then aliases) so an alias never
steals a gold entry another prediction names exactly; each gold entry is matched
once, so a second prediction of the same thing is spurious. Matching an
``optional`` gold entry drops the prediction (neither TP nor FP); an unmatched
optional entry is not missed.

Decisions the guide leaves open (README "Scoring"):
- agreements match on a name/alias, else on the kind's head noun
  ("memorandum", "agreement", ...) plus at least one shared party; they are
  reported but are not in the headline.
- a gold list that is absent from a gold file means "not annotated": that type
  is not scored for that document.
- official title, organization and country are judged even when gold is null
  (null is the right answer then: "fields not known are null, never guessed");
  organization and location country, and organization type, are not judged
  where gold is null.
- a gold date whose value is null matches on its text (or an alias).

Besides the totals, the report breaks the score down by source so a weakness on
one kind of release shows: per-type and micro P/R/F1 by the manifest's ``agency``
(documents without one under "unknown"), and precision per extraction rule (the
``source`` of every extracted fact: TP, FP, precision, worst first).

The module also provides ``tradefacts score`` (``register``) and never imports
the extraction pipeline nor spaCy (scoring must start fast and run where the
model is not installed); ``--baseline`` loads ``pipeline.baseline`` lazily.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.normalize.names import name_key
from pipeline.record import CORE_TYPES, FACT_LISTS
from pipeline.validate import errors as schema_errors

UNKNOWN_AGENCY = "unknown"
NO_SOURCE = "(no source)"

# Types matched by name (+ gold aliases); countries, dates and agreements have their own keys.
NAMED_TYPES: tuple[str, ...] = (
    "officials",
    "organizations",
    "locations",
    "working_groups",
    "dialogues",
    "events",
)
SCORED_TYPES: tuple[str, ...] = FACT_LISTS
# Attribute accuracy on matched entries: (type, field, judged when gold is null).
ATTRIBUTES: tuple[tuple[str, str, bool], ...] = (
    ("officials", "title", True),
    ("officials", "organization", True),
    ("officials", "country", True),
    ("organizations", "type", False),
    ("organizations", "country", False),
    ("locations", "country", False),
)
_ATTR_SINGULAR = {"officials": "official", "organizations": "organization", "locations": "location"}
_ALTS = {("officials", "title"): "title_alts", ("officials", "organization"): "org_alts"}
_KIND_ABBREVIATIONS = {"mou": "memorandum", "moc": "memorandum", "moa": "memorandum"}


def attr_label(fact_type: str, attr: str) -> str:
    """'official.title': how an attribute is named in output."""
    return f"{_ATTR_SINGULAR[fact_type]}.{attr}"


# -- counts ------------------------------------------------------------------------------


@dataclass(slots=True)
class Counts:
    """True positives, false positives, false negatives of one type."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float | None:
        """None when nothing was predicted: precision is undefined, not 0."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """None when there was nothing to find and nothing found."""
        denom = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denom if denom else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True, slots=True)
class Issue:
    """One scoring error for ``-v`` and ``--errors``: a miss, a spurious fact, a wrong attribute."""

    doc_id: str
    type: str
    kind: str  # missed | spurious | attribute
    name: str
    source: str | None = None
    attribute: str | None = None
    predicted: Any = None
    gold: Any = None
    explain: str | None = None  # a miss, when candidates were saved: "not proposed" | ...

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "doc_id": self.doc_id,
            "type": self.type,
            "kind": self.kind,
            "name": self.name,
            "source": self.source,
        }
        if self.kind == "attribute":
            out.update(attribute=self.attribute, predicted=self.predicted, gold=self.gold)
        if self.explain is not None:
            out["explain"] = self.explain
        return out


@dataclass(slots=True)
class DocScore:
    """The score of one document: counts per type, attribute tallies, issues, offset check."""

    doc_id: str
    counts: dict[str, Counts] = field(default_factory=dict)
    attrs: dict[str, list[int]] = field(default_factory=dict)  # label -> [right, judged]
    issues: list[Issue] = field(default_factory=list)
    mentions_checked: int | None = None  # None: no text to check offsets against
    mention_errors: int = 0
    rules: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # -> [tp, fp]

    def tally_rule(self, fact_type: str, source: str | None, tp: bool) -> None:
        """Count one extracted fact for the rule that made it (TP or FP)."""
        row = self.rules.setdefault((fact_type, source or NO_SOURCE), [0, 0])
        row[0 if tp else 1] += 1


# -- matching ----------------------------------------------------------------------------


def display_name(fact_type: str, entry: Mapping[str, Any]) -> str:
    """A readable identity of an entry for reports."""
    if fact_type == "countries":
        return str(entry.get("code") or entry.get("name") or "?")
    if fact_type == "dates":
        text = entry.get("text")
        value = entry.get("value")
        return f"{value} ({text})" if text else str(value)
    if fact_type == "agreements":
        name = entry.get("name")
        if name:
            return str(name)
        parties = ", ".join(str(p) for p in entry.get("parties") or [])
        return f"{entry.get('kind') or 'agreement'} [{parties}]"
    return str(entry.get("name") or "?")


def _key(text: Any) -> str | None:
    if not isinstance(text, str):
        return None
    key = name_key(text)
    return key or None


def _pred_key(fact_type: str, entry: Mapping[str, Any]) -> str | None:
    if fact_type == "countries":
        code = entry.get("code")
        return f"c:{code.upper()}" if isinstance(code, str) and code else None
    if fact_type == "dates":
        value = entry.get("value")
        if isinstance(value, str) and value:
            return f"v:{value}"
        text = _key(entry.get("text"))
        return f"t:{text}" if text else None
    return _key(entry.get("name"))


def _gold_keys(fact_type: str, entry: Mapping[str, Any]) -> tuple[set[str], set[str]]:
    """(exact keys, alias keys) a prediction's key is compared with."""
    if fact_type == "countries":
        code = entry.get("code")
        return ({f"c:{code.upper()}"} if isinstance(code, str) else set()), set()
    if fact_type == "dates":
        value = entry.get("value")
        if isinstance(value, str) and value:
            return {f"v:{value}"}, set()
        texts = {_key(entry.get("text"))} | {_key(a) for a in entry.get("aliases") or []}
        return {f"t:{t}" for t in texts if t}, set()
    exact = {k for k in [_key(entry.get("name"))] if k}
    aliases = {k for k in (_key(a) for a in entry.get("aliases") or []) if k}
    return exact, aliases - exact


def _kind_head(kind: Any) -> str | None:
    """'Memorandum of Understanding' -> 'memorandum'; 'free trade agreements' -> 'agreement'."""
    key = _key(kind)
    if not key:
        return None
    words = key.split(" of ")[0].split()
    if not words:
        return None
    head = _KIND_ABBREVIATIONS.get(words[-1], words[-1])
    return head[:-1] if head.endswith("s") and len(head) > 3 else head


def _party_overlap(pred_parties: Iterable[Any], gold_parties: Iterable[Any]) -> bool:
    """Some party names the same body: equal keys, or one's words a subset of the other's."""
    gold_sets = [set(k.split()) for k in (_key(g) for g in gold_parties) if k]
    for p in pred_parties:
        key = _key(p)
        if not key:
            continue
        words = set(key.split())
        if any(words <= g or g <= words for g in gold_sets):
            return True
    return False


def _agreement_passes(
    preds: list[Mapping[str, Any]], golds: list[Mapping[str, Any]]
) -> list[Callable[[int, int], bool]]:
    def by_name(pi: int, gi: int) -> bool:
        key = _key(preds[pi].get("name"))
        if not key:
            return False
        exact, aliases = _gold_keys("agreements", golds[gi])
        return key in exact or key in aliases

    def by_kind_and_parties(pi: int, gi: int) -> bool:
        p, g = preds[pi], golds[gi]
        head = _kind_head(p.get("kind"))
        return (
            head is not None
            and head == _kind_head(g.get("kind"))
            and _party_overlap(p.get("parties") or [], g.get("parties") or [])
        )

    return [by_name, by_kind_and_parties]


def _keyed_passes(
    fact_type: str, preds: list[Mapping[str, Any]], golds: list[Mapping[str, Any]]
) -> list[Callable[[int, int], bool]]:
    pkeys = [_pred_key(fact_type, p) for p in preds]
    gkeys = [_gold_keys(fact_type, g) for g in golds]

    def exact(pi: int, gi: int) -> bool:
        return pkeys[pi] is not None and pkeys[pi] in gkeys[gi][0]

    def alias(pi: int, gi: int) -> bool:
        return pkeys[pi] is not None and pkeys[pi] in gkeys[gi][1]

    return [exact, alias]


def match(
    fact_type: str, preds: list[Mapping[str, Any]], golds: list[Mapping[str, Any]]
) -> dict[int, int]:
    """``pred index -> gold index``: greedy, pass by pass, required gold before optional."""
    passes = (
        _agreement_passes(preds, golds)
        if fact_type == "agreements"
        else _keyed_passes(fact_type, preds, golds)
    )
    order = sorted(range(len(golds)), key=lambda gi: bool(golds[gi].get("optional")))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for test in passes:
        for pi in range(len(preds)):
            if pi in pairs:
                continue
            for gi in order:
                if gi not in used and test(pi, gi):
                    pairs[pi] = gi
                    used.add(gi)
                    break
    return pairs


# -- attributes --------------------------------------------------------------------------


def _attr_ok(fact_type: str, attr: str, pred: Any, gold: Mapping[str, Any]) -> bool:
    accepted = [gold.get(attr), *(gold.get(_ALTS.get((fact_type, attr), ""), None) or [])]
    if attr in ("country", "type"):
        return any(pred == a for a in accepted)
    if pred is None:
        return any(a is None for a in accepted)
    key = _key(pred)
    return any(a is not None and _key(a) == key for a in accepted)


def _judge_attributes(
    doc: DocScore,
    fact_type: str,
    pred: Mapping[str, Any],
    gold: Mapping[str, Any],
) -> None:
    for t, attr, judge_null in ATTRIBUTES:
        if t != fact_type:
            continue
        if gold.get(attr) is None and not judge_null:
            continue
        label = attr_label(t, attr)
        tally = doc.attrs.setdefault(label, [0, 0])
        tally[1] += 1
        value = pred.get(attr)
        if _attr_ok(fact_type, attr, value, gold):
            tally[0] += 1
        else:
            doc.issues.append(
                Issue(
                    doc.doc_id,
                    fact_type,
                    "attribute",
                    display_name(fact_type, gold),
                    _source(pred),
                    attribute=label,
                    predicted=value,
                    gold=gold.get(attr),
                )
            )


def _source(entry: Mapping[str, Any]) -> str | None:
    source = entry.get("source")
    return str(source) if source else None


# -- mentions ----------------------------------------------------------------------------


def mention_errors(record: Mapping[str, Any], text: str) -> tuple[int, int]:
    """``(checked, wrong)``: mentions whose ``text[start:end]`` is not their ``text``."""
    checked = wrong = 0
    for fact_type in FACT_LISTS:
        for entry in record.get(fact_type) or []:
            for m in entry.get("mentions") or []:
                checked += 1
                start, end = m.get("start"), m.get("end")
                if not (
                    isinstance(start, int)
                    and isinstance(end, int)
                    and 0 <= start <= end <= len(text)
                    and text[start:end] == m.get("text")
                ):
                    wrong += 1
    return checked, wrong


def text_sha256(text: str) -> str:
    """The digest records carry (``SourceDoc.text_sha256``)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def record_text(record: Mapping[str, Any], text_dirs: Iterable[str | Path] = ()) -> str | None:
    """The text a record's offsets index: its own ``text``, else a file whose digest matches.

    Candidates: the record's ``input.path``, then ``<dir>/<doc_id>.txt`` in each of
    ``text_dirs``. A file is only used when its decoded text has the record's
    ``text_sha256``, so a changed file never produces false offset errors.
    """
    if isinstance(record.get("text"), str):
        return record["text"]
    want = record.get("text_sha256")
    if not want:
        return None
    candidates: list[Path] = []
    inp = record.get("input") or {}
    if isinstance(inp, Mapping) and inp.get("path"):
        candidates.append(Path(str(inp["path"])))
    doc_id = str(record.get("doc_id") or "")
    candidates.extend(Path(d) / f"{doc_id}.txt" for d in text_dirs if doc_id)
    encoding = inp.get("encoding") if isinstance(inp, Mapping) else None
    for path in candidates:
        try:
            text = path.read_bytes().decode(encoding or "utf-8")
        except (OSError, UnicodeDecodeError, LookupError):
            continue
        if text_sha256(text) == want:
            return text
    return None


# -- one document --------------------------------------------------------------------------


NOT_PROPOSED = "not proposed"


def explain_miss(
    fact_type: str, gold: Mapping[str, Any], candidates: Iterable[Mapping[str, Any]]
) -> str:
    """Why a gold fact was missed, from the candidates ``extract --explain`` saved.

    A candidate of the type whose ``name_key`` text equals the gold name, text or an
    alias proposed it: "proposed, vetoed: <reason> (<source>)" when every such
    candidate was dropped, "proposed, kept (<source>)" when one was kept but made a
    fact under another name; with no such candidate, "not proposed".
    """
    wanted = {
        k
        for k in (
            _key(t) for t in (gold.get("name"), gold.get("text"), *(gold.get("aliases") or []))
        )
        if k
    }
    hits = [c for c in candidates if c.get("type") == fact_type and _key(c.get("text")) in wanted]
    if not hits:
        return NOT_PROPOSED
    kept = [c for c in hits if c.get("fate") == "kept"]
    if kept:
        return f"proposed, kept ({kept[0].get('source')})"
    first = hits[0]
    return f"proposed, vetoed: {first.get('reason')} ({first.get('source')})"


def score_record(
    pred: Mapping[str, Any] | None,
    gold: Mapping[str, Any],
    text: str | None = None,
    candidates: list[Mapping[str, Any]] | None = None,
) -> DocScore:
    """Score one predicted record (None: no prediction) against its gold record.

    ``candidates``: the record's saved candidates (``extract --explain``); each miss
    then says whether it was never proposed or proposed and dropped (``explain_miss``).
    """
    doc = DocScore(str(gold.get("doc_id") or (pred or {}).get("doc_id") or "?"))
    for fact_type in SCORED_TYPES:
        if fact_type not in gold:  # not annotated
            continue
        golds = [g for g in gold.get(fact_type) or [] if isinstance(g, Mapping)]
        preds = [p for p in (pred or {}).get(fact_type) or [] if isinstance(p, Mapping)]
        pairs = match(fact_type, preds, golds)
        counts = Counts()
        for pi, p in enumerate(preds):
            gi = pairs.get(pi)
            if gi is None:
                counts.fp += 1
                doc.tally_rule(fact_type, _source(p), tp=False)
                doc.issues.append(
                    Issue(doc.doc_id, fact_type, "spurious", display_name(fact_type, p), _source(p))
                )
            elif not golds[gi].get("optional"):
                counts.tp += 1
                doc.tally_rule(fact_type, _source(p), tp=True)
                _judge_attributes(doc, fact_type, p, golds[gi])
        matched = set(pairs.values())
        for gi, g in enumerate(golds):
            if gi not in matched and not g.get("optional"):
                counts.fn += 1
                why = explain_miss(fact_type, g, candidates) if candidates is not None else None
                doc.issues.append(
                    Issue(doc.doc_id, fact_type, "missed", display_name(fact_type, g), explain=why)
                )
        doc.counts[fact_type] = counts
    if pred is not None and text is not None:
        doc.mentions_checked, doc.mention_errors = mention_errors(pred, text)
    return doc


# -- many documents ------------------------------------------------------------------------


@dataclass(slots=True)
class Report:
    """Scores of a set of documents plus what could not be scored."""

    docs: list[DocScore] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # gold doc_ids without a prediction
    bad_gold: list[str] = field(default_factory=list)  # "file: reason"
    bad_pred: list[str] = field(default_factory=list)  # "file: reason" (scored as missing)
    warnings: list[str] = field(default_factory=list)
    agencies: dict[str, str] = field(default_factory=dict)  # doc_id -> manifest agency

    def agency_of(self, doc_id: str) -> str:
        return self.agencies.get(doc_id) or UNKNOWN_AGENCY

    def by_agency(self) -> dict[str, tuple[int, dict[str, Counts]]]:
        """``agency -> (documents, counts per type)``, agencies by name, "unknown" last."""
        out: dict[str, tuple[int, dict[str, Counts]]] = {}
        for doc in self.docs:
            agency = self.agency_of(doc.doc_id)
            n, total = out.get(agency, (0, {t: Counts() for t in SCORED_TYPES}))
            for t, c in doc.counts.items():
                total[t].add(c)
            out[agency] = (n + 1, total)
        return dict(sorted(out.items(), key=lambda kv: (kv[0] == UNKNOWN_AGENCY, kv[0])))

    def rule_precision(self) -> list[tuple[str, str, int, int]]:
        """``(type, source, tp, fp)`` per extraction rule, worst precision first.

        Ties go to the rule with more false positives (it costs more), then by name.
        Facts matched to optional gold count for neither, as in the totals.
        """
        tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        for doc in self.docs:
            for key, (tp, fp) in doc.rules.items():
                tally[key][0] += tp
                tally[key][1] += fp
        rows = [(t, src, tp, fp) for (t, src), (tp, fp) in tally.items() if tp + fp]
        return sorted(rows, key=lambda r: (r[2] / (r[2] + r[3]), -r[3], r[0], r[1]))

    def counts(self) -> dict[str, Counts]:
        total = {t: Counts() for t in SCORED_TYPES}
        for doc in self.docs:
            for t, c in doc.counts.items():
                total[t].add(c)
        return total

    def micro(self, types: Iterable[str] = CORE_TYPES) -> Counts:
        """Pooled counts over ``types`` (the core six by default)."""
        return _pooled(self.counts(), types)

    def micro_f1(self) -> float:
        """The headline: micro-F1 over the core types (0.0 when there is nothing at all)."""
        return self.micro().f1 or 0.0

    def attributes(self) -> dict[str, tuple[int, int]]:
        """``label -> (right, judged)`` in ATTRIBUTES order."""
        out = {attr_label(t, a): [0, 0] for t, a, _ in ATTRIBUTES}
        for doc in self.docs:
            for label, (right, judged) in doc.attrs.items():
                out[label][0] += right
                out[label][1] += judged
        return {k: (v[0], v[1]) for k, v in out.items()}

    def issues(self) -> list[Issue]:
        return [i for doc in self.docs for i in doc.issues]

    def mention_check(self) -> tuple[int, int, int]:
        """``(mentions checked, offset errors, records without text)``."""
        checked = wrong = unchecked = 0
        for doc in self.docs:
            if doc.mentions_checked is None:
                unchecked += doc.doc_id not in self.missing
            else:
                checked += doc.mentions_checked
                wrong += doc.mention_errors
        return checked, wrong, unchecked

    def as_dict(self) -> dict[str, Any]:
        checked, wrong, unchecked = self.mention_check()
        return {
            "documents": len(self.docs),
            "types": {t: c.as_dict() for t, c in self.counts().items()},
            "micro_core": self.micro().as_dict(),
            "micro_f1_core": self.micro_f1(),
            "attributes": {
                k: {"right": r, "judged": n, "accuracy": r / n if n else None}
                for k, (r, n) in self.attributes().items()
            },
            "mentions": {
                "checked": checked,
                "offset_errors": wrong,
                "records_without_text": unchecked,
            },
            "by_agency": {
                agency: {
                    "documents": n,
                    "types": {t: c.as_dict() for t, c in counts.items()},
                    "micro_core": _pooled(counts).as_dict(),
                }
                for agency, (n, counts) in self.by_agency().items()
            },
            "rules": [
                {"type": t, "source": src, "tp": tp, "fp": fp, "precision": tp / (tp + fp)}
                for t, src, tp, fp in self.rule_precision()
            ],
            "missing_predictions": self.missing,
            "bad_gold": self.bad_gold,
            "bad_predictions": self.bad_pred,
        }


def _pooled(counts: Mapping[str, Counts], types: Iterable[str] = CORE_TYPES) -> Counts:
    total = Counts()
    for t in types:
        total.add(counts[t])
    return total


def _read_json(path: Path) -> tuple[Any, str | None]:
    try:
        return json.loads(path.read_text(encoding="utf-8")), None
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"cannot read: {exc}"
    except json.JSONDecodeError as exc:
        return None, f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"


def load_gold(gold_dir: str | Path) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Valid gold records by doc_id, and one line per bad gold file (schema, JSON, name)."""
    golds: dict[str, dict[str, Any]] = {}
    bad: list[str] = []
    for path in sorted(Path(gold_dir).glob("*.json")):
        obj, err = _read_json(path)
        if err is None:
            problems = schema_errors(obj, "gold.schema.json")
            if problems:
                more = f" (+{len(problems) - 3} more)" if len(problems) > 3 else ""
                err = "fails gold.schema.json: " + "; ".join(problems[:3]) + more
            elif obj["doc_id"] != path.stem:
                err = f"doc_id {obj['doc_id']!r} does not match the file name"
        if err is not None:
            bad.append(f"{path}: {err}")
        else:
            golds[path.stem] = obj
    return golds, bad


def load_predictions(
    pred_dir: str | Path, doc_ids: Iterable[str]
) -> tuple[dict[str, dict[str, Any]], list[str], list[str]]:
    """Predicted records for ``doc_ids`` only (so summary.json etc. are never read).

    Returns ``(records, bad files, warnings)``; a record that fails the record schema
    is still scored (a warning), one that is not a JSON object is not.
    """
    preds: dict[str, dict[str, Any]] = {}
    bad: list[str] = []
    warnings: list[str] = []
    for doc_id in doc_ids:
        path = Path(pred_dir) / f"{doc_id}.json"
        if not path.is_file():
            continue
        obj, err = _read_json(path)
        if err is None and not isinstance(obj, dict):
            err = "not a record (expected a JSON object)"
        if err is not None:
            bad.append(f"{path}: {err}")
            continue
        problems = schema_errors(obj)
        if problems:
            warnings.append(f"{path}: fails record.schema.json: {problems[0]}")
        if obj.get("doc_id") != doc_id:
            warnings.append(f"{path}: doc_id {obj.get('doc_id')!r} differs from the file name")
        preds[doc_id] = obj
    return preds, bad, warnings


# -- manifests: which agency published each document -----------------------------------------


def default_manifests(preds: Iterable[Mapping[str, Any]]) -> list[Path]:
    """``manifest.jsonl`` files beside the records' inputs (``input.path``), first seen first."""
    out: dict[Path, None] = {}
    for record in preds:
        inp = record.get("input")
        if isinstance(inp, Mapping) and inp.get("path"):
            candidate = Path(str(inp["path"])).parent / "manifest.jsonl"
            if candidate not in out and candidate.is_file():
                out[candidate] = None
    return list(out)


def load_agencies(paths: Iterable[str | Path]) -> tuple[dict[str, str], list[str]]:
    """``doc_id -> agency`` from JSONL manifests (``id``, ``agency``), and warnings.

    Lenient, unlike extraction's manifest reading: a breakdown is a report, so an
    unreadable file or a bad line is a warning and its documents go under "unknown".
    The first manifest that names an id wins.
    """
    agencies: dict[str, str] = {}
    warnings: list[str] = []
    for path in paths:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            warnings.append(f"manifest {path}: cannot read: {exc}")
            continue
        for lineno, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                warnings.append(f"manifest {path}:{lineno}: not JSON ({exc.msg})")
                continue
            if not isinstance(row, dict) or row.get("id") in (None, ""):
                warnings.append(f"manifest {path}:{lineno}: no 'id'")
                continue
            agency = row.get("agency")
            if isinstance(agency, str) and agency.strip():
                agencies.setdefault(str(row["id"]), agency.strip())
    return agencies, warnings


def score_records(
    golds: Mapping[str, Mapping[str, Any]],
    preds: Mapping[str, Mapping[str, Any]],
    text_dirs: Iterable[str | Path] = (),
    candidates: Mapping[str, list[Mapping[str, Any]]] | None = None,
) -> Report:
    """Score every gold document; a missing prediction counts all its gold as missed.

    ``candidates``: ``doc_id -> saved candidates`` for the documents that have them.
    """
    report = Report()
    dirs = list(text_dirs)
    cands = candidates or {}
    for doc_id in sorted(golds):
        pred = preds.get(doc_id)
        if pred is None:
            report.missing.append(doc_id)
        text = record_text(pred, dirs) if pred is not None else None
        report.docs.append(score_record(pred, golds[doc_id], text, cands.get(doc_id)))
    return report


CANDIDATES_SUFFIX = ".candidates.jsonl"  # written beside records by ``extract --explain``


def load_candidates(
    pred_dir: str | Path, doc_ids: Iterable[str]
) -> tuple[dict[str, list[Mapping[str, Any]]], list[str]]:
    """``doc_id -> candidate rows`` from ``<doc_id>.candidates.jsonl`` files, and warnings.

    Lenient like manifests: a line that is not a JSON object is a warning and skipped.
    """
    out: dict[str, list[Mapping[str, Any]]] = {}
    warnings: list[str] = []
    for doc_id in doc_ids:
        path = Path(pred_dir) / f"{doc_id}{CANDIDATES_SUFFIX}"
        if not path.is_file():
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            warnings.append(f"{path}: cannot read: {exc}")
            continue
        rows: list[Mapping[str, Any]] = []
        for lineno, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                warnings.append(f"{path}:{lineno}: not JSON ({exc.msg})")
                continue
            if isinstance(row, dict):
                rows.append(row)
        out[doc_id] = rows
    return out, warnings


def score_dirs(
    pred_dir: str | Path,
    gold_dir: str | Path,
    text_dirs: Iterable[str | Path] = (),
    manifests: Iterable[str | Path] | None = None,
) -> tuple[Report, dict[str, dict[str, Any]]]:
    """Score ``<doc_id>.json`` records in ``pred_dir`` against gold; also return the gold.

    ``manifests`` give each document's agency for the breakdown; None looks for
    ``manifest.jsonl`` beside the records' input files.
    """
    golds, bad_gold = load_gold(gold_dir)
    preds, bad_pred, warnings = load_predictions(pred_dir, golds)
    candidates, cand_warnings = load_candidates(pred_dir, preds)
    warnings = warnings + cand_warnings
    report = score_records(golds, preds, text_dirs, candidates)
    paths = list(manifests) if manifests is not None else default_manifests(preds.values())
    report.agencies, manifest_warnings = load_agencies(paths)
    for doc_id, pred in preds.items():  # an id made safe for a file name: its input's stem
        inp = pred.get("input")
        if doc_id not in report.agencies and isinstance(inp, Mapping) and inp.get("path"):
            stem = Path(str(inp["path"])).stem
            if stem in report.agencies:
                report.agencies[doc_id] = report.agencies[stem]
    report.bad_gold, report.bad_pred = bad_gold, bad_pred
    report.warnings = warnings + manifest_warnings
    return report, golds


# -- output --------------------------------------------------------------------------------


def _fmt(x: float | None, width: int = 6) -> str:
    return f"{x:{width}.3f}" if x is not None else f"{'-':>{width}}"


def format_table(report: Report) -> str:
    """Per-type P / R / F1 / TP / FP / FN, the headline, attribute accuracy, offsets."""
    lines = [f"{'type':<16}{'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}"]
    counts = report.counts()
    for t in SCORED_TYPES:
        c = counts[t]
        core = "" if t in CORE_TYPES else "  (not in headline)"
        lines.append(
            f"{t:<16}{_fmt(c.precision)} {_fmt(c.recall)} {_fmt(c.f1)} "
            f"{c.tp:>5} {c.fp:>5} {c.fn:>5}{core}"
        )
    m = report.micro()
    lines.append(
        f"{'micro (core)':<16}{_fmt(m.precision)} {_fmt(m.recall)} {_fmt(m.f1)} "
        f"{m.tp:>5} {m.fp:>5} {m.fn:>5}"
    )
    lines.append("")
    lines.append(f"micro-F1 (core) {report.micro_f1():.3f}")
    lines.append("")
    lines.append("attribute accuracy (matched entries)")
    for label, (right, judged) in report.attributes().items():
        acc = f"{right / judged:.3f}" if judged else "  -  "
        lines.append(f"  {label:<24}{acc} ({right}/{judged})")
    checked, wrong, unchecked = report.mention_check()
    lines.append("")
    lines.append(
        f"mention offset errors {wrong} ({checked} mentions checked"
        + (f"; {unchecked} records without text, not checked" if unchecked else "")
        + ")"
    )
    return "\n".join(lines)


def _counts_row(label: str, c: Counts, width: int = 16) -> str:
    return (
        f"{label:<{width}}{_fmt(c.precision)} {_fmt(c.recall)} {_fmt(c.f1)} "
        f"{c.tp:>5} {c.fp:>5} {c.fn:>5}"
    )


def format_by_agency(report: Report) -> str:
    """Per-type and micro (core) P / R / F1 for each agency's documents.

    Types with nothing to find and nothing found in an agency's documents are left out.
    """
    lines = ["by agency (manifest 'agency'; documents without one under 'unknown')"]
    for agency, (n, counts) in report.by_agency().items():
        lines.append(f"{agency} ({n} document{'s' if n != 1 else ''})")
        lines.append(f"  {'type':<16}{'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}")
        for t in SCORED_TYPES:
            c = counts[t]
            if c.tp + c.fp + c.fn:
                lines.append("  " + _counts_row(t, c))
        lines.append("  " + _counts_row("micro (core)", _pooled(counts)))
    return "\n".join(lines)


def format_rules(report: Report) -> str:
    """Precision of every extraction rule (fact ``source``), worst first."""
    rows = report.rule_precision()
    width = max([len(f"{t} {src}") for t, src, _, _ in rows] + [20]) + 2
    lines = [
        "precision by rule (extracted facts' source; worst first)",
        f"  {'type source':<{width}}{'TP':>5} {'FP':>5} {'P':>6}",
    ]
    lines.extend(
        f"  {f'{t} {src}':<{width}}{tp:>5} {fp:>5} {_fmt(tp / (tp + fp))}"
        for t, src, tp, fp in rows
    )
    return "\n".join(lines)


def format_comparison(rules: Report, baseline: Report) -> str:
    """Per-type F1 of the pipeline beside the raw model's: what the rules add."""
    lines = [f"{'type':<16}{'rules F1':>9} {'raw model F1':>13} {'delta':>7}"]
    rc, bc = rules.counts(), baseline.counts()

    def row(label: str, a: float | None, b: float | None) -> str:
        delta = f"{a - b:+7.3f}" if a is not None and b is not None else f"{'-':>7}"
        return f"{label:<16}{_fmt(a, 9)} {_fmt(b, 13)} {delta}"

    for t in SCORED_TYPES:
        lines.append(row(t, rc[t].f1, bc[t].f1))
    lines.append(row("micro (core)", rules.micro_f1(), baseline.micro_f1()))
    return "\n".join(lines)


def format_verbose(report: Report) -> str:
    """Every miss and spurious fact (spurious grouped by source), attribute errors, tallies."""
    issues = report.issues()
    out: list[str] = []
    missed: dict[str, list[Issue]] = defaultdict(list)
    spurious: dict[str, dict[str, list[Issue]]] = defaultdict(lambda: defaultdict(list))
    attrs: dict[str, list[Issue]] = defaultdict(list)
    for i in issues:
        if i.kind == "missed":
            missed[i.type].append(i)
        elif i.kind == "spurious":
            spurious[i.type][i.source or "(no source)"].append(i)
        else:
            attrs[i.attribute or "?"].append(i)
    out.append("missed (in gold, not extracted)")
    for t in SCORED_TYPES:
        if missed[t]:
            out.append(f"  {t} ({len(missed[t])})")
            out.extend(
                f"    {i.doc_id}: {i.name}" + (f"  [{i.explain}]" if i.explain else "")
                for i in missed[t]
            )
    out.append("spurious (extracted, not in gold)")
    for t in SCORED_TYPES:
        if t in spurious:
            out.append(f"  {t} ({sum(len(v) for v in spurious[t].values())})")
            for source in sorted(spurious[t]):
                out.append(f"    source {source} ({len(spurious[t][source])})")
                out.extend(f"      {i.doc_id}: {i.name}" for i in spurious[t][source])
    out.append("attribute errors")
    for label in sorted(attrs):
        out.append(f"  {label} ({len(attrs[label])})")
        out.extend(
            f"    {i.doc_id}: {i.name}: predicted {i.predicted!r}, gold {i.gold!r}"
            f" [source {i.source}]"
            for i in attrs[label]
        )
    by_source = Counter(i.source or "(no source)" for i in issues if i.kind == "spurious")
    out.append("")
    out.append(f"{'spurious by source':<48}{'count':>6}")
    out.extend(f"  {s:<46}{n:>6}" for s, n in by_source.most_common())
    by_type = Counter(i.type for i in issues if i.kind == "missed")
    out.append(f"{'missed by type':<48}{'count':>6}")
    out.extend(f"  {t:<46}{by_type[t]:>6}" for t in SCORED_TYPES if by_type[t])
    explained = format_miss_reasons(issues)
    if explained:
        out.append("missed, by what became of them (candidates files of extract --explain)")
        out.extend(f"  {line}" for line in explained)
    return "\n".join(out)


def format_miss_reasons(issues: Iterable[Issue]) -> list[str]:
    """Per type: "organizations: 12 missed = 7 not proposed + 5 vetoed (<reason> 4, ...)".

    Only types with a miss in a document that has a candidates file; misses in
    documents without one are counted as "unexplained".
    """
    missed: dict[str, list[Issue]] = defaultdict(list)
    for i in issues:
        if i.kind == "missed":
            missed[i.type].append(i)
    lines = []
    for t in SCORED_TYPES:
        items = missed.get(t) or []
        if not any(i.explain for i in items):
            continue
        vetoed: Counter[str] = Counter()
        kept = not_proposed = unexplained = 0
        for i in items:
            if i.explain is None:
                unexplained += 1
            elif i.explain == NOT_PROPOSED:
                not_proposed += 1
            elif i.explain.startswith("proposed, vetoed: "):
                reason = i.explain.removeprefix("proposed, vetoed: ").rsplit(" (", 1)[0]
                vetoed[reason] += 1
            else:
                kept += 1
        parts = [f"{not_proposed} not proposed"]
        n_vetoed = sum(vetoed.values())
        reasons = ", ".join(f"{r} {n}" for r, n in vetoed.most_common())
        parts.append(f"{n_vetoed} vetoed" + (f" ({reasons})" if reasons else ""))
        if kept:
            parts.append(f"{kept} proposed and kept under another name")
        if unexplained:
            parts.append(f"{unexplained} unexplained (no candidates file)")
        lines.append(f"{t}: {len(items)} missed = " + " + ".join(parts))
    return lines


def write_issues(path: str | Path, issues: Iterable[Issue]) -> None:
    """All issues as JSONL, written whole or not at all (temp file + os.replace)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for issue in issues:
                fh.write(json.dumps(issue.as_dict(), ensure_ascii=False) + "\n")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- command -------------------------------------------------------------------------------


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``tradefacts score``."""
    p = subparsers.add_parser(
        "score",
        help="score extracted records against gold",
        description=(
            "Score <doc_id>.json records in PRED_DIR against the gold files in GOLD_DIR "
            "(ANNOTATION.md, 'How gold is scored'). Other files in PRED_DIR are ignored."
        ),
    )
    p.add_argument("pred_dir", metavar="PRED_DIR", help="output directory of tradefacts extract")
    p.add_argument("gold_dir", metavar="GOLD_DIR", help="directory of <doc_id>.json gold files")
    p.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="list every miss and spurious fact; with extract --explain's candidates files,"
        " each miss says whether it was proposed and why it was dropped",
    )
    p.add_argument(
        "--fail-under",
        type=float,
        metavar="X",
        help="exit 1 when micro-F1 (core) is under X",
    )
    p.add_argument("--errors", metavar="FILE", help="write every error as JSONL to FILE")
    p.add_argument(
        "--baseline",
        metavar="TEXT_DIR",
        action="append",
        help=(
            "also score the raw model (no rules) on <doc_id>.txt texts in TEXT_DIR "
            "(manifest.jsonl there gives published dates); repeatable"
        ),
    )
    p.add_argument(
        "--manifest",
        metavar="FILE",
        action="append",
        help=(
            "JSONL manifest (id, agency) for the per-agency breakdown; repeatable. "
            "Default: manifest.jsonl beside the records' input files"
        ),
    )
    p.add_argument("--json", action="store_true", help="print machine-readable totals")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Score, print, and return the exit status (1: bad gold/prediction file or under X)."""
    for label, d in (("PRED_DIR", args.pred_dir), ("GOLD_DIR", args.gold_dir)):
        if not Path(d).is_dir():
            print(f"tradefacts score: {label} {d} is not a directory", file=sys.stderr)
            return 2
    text_dirs = list(args.baseline or [])
    report, golds = score_dirs(args.pred_dir, args.gold_dir, text_dirs, args.manifest)
    for line in report.bad_gold:
        print(f"bad gold file {line}", file=sys.stderr)
    for line in report.bad_pred:
        print(f"bad prediction file {line} (scored as missing)", file=sys.stderr)
    for line in report.warnings:
        print(f"warning: {line}", file=sys.stderr)
    if not golds:
        print(f"tradefacts score: no valid gold files in {args.gold_dir}", file=sys.stderr)
        return 2 if not report.bad_gold else 1

    baseline: Report | None = None
    if text_dirs:
        from pipeline.baseline import baseline_records

        records, missing_texts = baseline_records(sorted(golds), text_dirs)
        for doc_id in missing_texts:
            print(f"baseline: no text for {doc_id}; its gold counts as missed", file=sys.stderr)
        baseline = score_records(golds, records, text_dirs)

    if args.errors:
        write_issues(args.errors, report.issues())

    if args.json:
        out = report.as_dict()
        if baseline is not None:
            out["baseline"] = baseline.as_dict()
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(f"scored {len(report.docs)} documents: {args.pred_dir} against {args.gold_dir}")
        if report.missing:
            print(
                f"missing predictions: {len(report.missing)} (all their gold counts as missed): "
                + ", ".join(report.missing)
            )
        print(format_table(report))
        print("")
        print(format_by_agency(report))
        print("")
        print(format_rules(report))
        if baseline is not None:
            print("")
            print("rules vs raw model (en_core_web_sm entities, no rules)")
            print(format_comparison(report, baseline))
        if args.verbose:
            print("")
            print(format_verbose(report))

    status = 0
    if report.bad_gold or report.bad_pred:
        status = 1
    if args.fail_under is not None and report.micro_f1() < args.fail_under:
        print(
            f"tradefacts score: micro-F1 (core) {report.micro_f1():.3f} is under "
            f"--fail-under {args.fail_under}",
            file=sys.stderr,
        )
        status = 1
    return status
