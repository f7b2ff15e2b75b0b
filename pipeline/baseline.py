"""The raw-model baseline: en_core_web_sm's own entities as records, no rules.

It exists to show what the rules add (``tradefacts score --baseline``). The model
runs with all its components; entities map onto record lists by a fixed table:

- PERSON -> officials (title, organization, country null)
- ORG -> organizations (type "other", country and parent null)
- GPE -> countries when the project's country table knows the whole text
  ("U.S.", "Korea"), else locations (type "other")
- NORP -> countries when that table knows it as a demonym ("Korean"), else dropped
- LOC -> locations (type "region"); FAC -> locations (type "site")
- DATE -> dates: a plain dateparser parse, relative to the published date, kept
  at day/month/year precision; anything else (weeks, failures) has value null.
  Without a published date only texts that carry a four-digit year get a value.
- every other label is dropped; there are no working groups, dialogues, events
  or agreements.

Entries are grouped by normalised name (by code for countries, by value for
dates); no coreference, no boilerplate removal, no compound splitting. Only the
names are cleaned as any record's are (a leading "the", a possessive).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from pipeline.normalize.countries import country_code, country_name
from pipeline.normalize.names import clean_name, name_key
from pipeline.record import new_record
from pipeline.settings import model_name
from pipeline.validate import check_record

_LOCATION_TYPES = {"GPE": "other", "LOC": "region", "FAC": "site"}
_GRANULARITY_FORMAT = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}


@cache
def _date_parser(published: str | None) -> Any:
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DAY_OF_MONTH": "first"}
    if published:
        settings["RELATIVE_BASE"] = datetime.strptime(published, "%Y-%m-%d")
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=4096)
def parse_date(text: str, published: str | None) -> tuple[str | None, str | None]:
    """``(value, granularity)`` from a plain dateparser parse, or ``(None, None)``."""
    if not published and not any(tok.isdigit() and len(tok) == 4 for tok in _tokens(text)):
        return None, None  # a relative date with no document date stays unresolved
    try:
        data = _date_parser(published).get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd strings
        return None, None
    fmt = _GRANULARITY_FORMAT.get(str(data.period))
    if data.date_obj is None or fmt is None:
        return None, None
    return data.date_obj.strftime(fmt), str(data.period)


def _tokens(text: str) -> list[str]:
    return "".join(ch if ch.isalnum() else " " for ch in text).split()


class Baseline:
    """A loaded raw model that turns texts into schema-valid records of its entities."""

    def __init__(self, model: str | None = None, nlp: Language | None = None) -> None:
        self.model = model or model_name()
        self.nlp = nlp if nlp is not None else spacy.load(self.model)
        self.source = f"model:{self.model}"

    def record(self, doc_id: str, text: str, published: str | None = None) -> dict[str, Any]:
        """The baseline record of one text."""
        return next(self.records([(doc_id, text, published)]))

    def records(
        self, items: Iterable[tuple[str, str, str | None]], batch_size: int = 16
    ) -> Iterator[dict[str, Any]]:
        """Records for ``(doc_id, text, published)`` items, in order."""
        stream = ((text, (doc_id, published)) for doc_id, text, published in items)
        for doc, (doc_id, published) in self.nlp.pipe(
            stream, as_tuples=True, batch_size=batch_size
        ):
            yield self._record(doc_id, doc.text, published, doc.ents)

    def _record(
        self, doc_id: str, text: str, published: str | None, ents: Sequence[Any]
    ) -> dict[str, Any]:
        sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        record = new_record(doc_id, published, None, sha)
        index: dict[tuple[str, str], dict[str, Any]] = {}
        for ent in ents:
            placed = self._place(ent.label_, ent.text, published)
            if placed is None:
                continue
            fact_type, key, fields = placed
            source = f"{self.source}:{ent.label_}"
            mention = {
                "start": ent.start_char,
                "end": ent.end_char,
                "text": ent.text,
                "source": source,
            }
            entry = index.get((fact_type, key))
            if entry is None:
                entry = {**fields, "source": source, "mentions": []}
                index[(fact_type, key)] = entry
                record[fact_type].append(entry)
            entry["mentions"].append(mention)
        check_record(record)
        return record

    @staticmethod
    def _place(
        label: str, text: str, published: str | None
    ) -> tuple[str, str, dict[str, Any]] | None:
        """``(list, grouping key, fields)`` for an entity, None when it maps to nothing."""
        if label in ("GPE", "NORP"):
            code = country_code(text)
            if code is not None:
                return "countries", code, {"code": code, "name": country_name(code)}
            if label == "NORP":
                return None
        if label == "DATE":
            value, granularity = parse_date(text, published)
            key = value or "t:" + name_key(text)
            return "dates", key, {"text": text, "value": value, "granularity": granularity}
        name = clean_name(text)
        key = name_key(name)
        if not key:
            return None
        if label == "PERSON":
            fields = {"name": name, "title": None, "organization": None, "country": None}
            return "officials", key, {**fields, "aliases": []}
        if label == "ORG":
            fields = {"name": name, "type": "other", "country": None, "parent": None}
            return "organizations", key, {**fields, "aliases": []}
        if label in _LOCATION_TYPES:
            fields = {"name": name, "type": _LOCATION_TYPES[label], "country": None}
            return "locations", key, {**fields, "aliases": []}
        return None


_DEFAULT: dict[str, Baseline] = {}


def default_baseline(model: str | None = None) -> Baseline:
    """One shared Baseline per model name: loading the model is most of its cost."""
    name = model or model_name()
    if name not in _DEFAULT:
        _DEFAULT[name] = Baseline(name)
    return _DEFAULT[name]


def _manifest_dates(text_dir: Path) -> dict[str, str]:
    path = text_dir / "manifest.jsonl"
    if not path.is_file():
        return {}
    out: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("id") and row.get("published"):
                out[str(row["id"])] = str(row["published"])
    return out


def find_texts(
    doc_ids: Iterable[str], text_dirs: Sequence[str | Path]
) -> tuple[list[tuple[str, str, str | None]], list[str]]:
    """``(doc_id, text, published)`` for each id found in the first dir that has it; and
    the ids no dir has. Published dates come from that dir's manifest.jsonl."""
    dirs = [Path(d) for d in text_dirs]
    manifests = {d: _manifest_dates(d) for d in dirs}
    found: list[tuple[str, str, str | None]] = []
    missing: list[str] = []
    for doc_id in doc_ids:
        for d in dirs:
            path = d / f"{doc_id}.txt"
            if path.is_file():
                text = path.read_text(encoding="utf-8")
                found.append((doc_id, text, manifests[d].get(doc_id)))
                break
        else:
            missing.append(doc_id)
    return found, missing


def baseline_records(
    doc_ids: Iterable[str],
    text_dirs: Sequence[str | Path],
    baseline: Baseline | None = None,
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Baseline records by doc_id for the ids whose text is found, and the ids without."""
    items, missing = find_texts(doc_ids, text_dirs)
    if not items:
        return {}, missing
    runner = baseline or default_baseline()
    records = {rec["doc_id"]: rec for rec in runner.records(items)}
    return records, missing


__all__ = ["Baseline", "baseline_records", "default_baseline", "find_texts", "parse_date"]
