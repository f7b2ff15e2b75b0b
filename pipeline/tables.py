"""Records -> pandas DataFrames -> CSV and Parquet: the analyst's view of a run.

Per fact type one row per fact, a mentions table with one row per mention, and
corpus roll-ups across releases (officials, organizations, a dated timeline).
Rows are built as lists of dicts and handed to ``pd.DataFrame`` once (json_normalize
is 3-5x slower, PERFORMANCE.md). Roll-ups group facts by ``name_key`` so "the U.S.
Department of Commerce" and "U.S. Department of Commerce" count as one. Every file
is written to a temp name and moved into place, so a reader never sees half a table.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.normalize.names import name_key, strip_the
from pipeline.record import FACT_LISTS

TABLES_DIR = "tables"
LIST_SEP = "; "

# Attribute columns per fact type, in schema order (schemas/record.schema.json $defs).
# ``mentions`` and ``source`` are summarised separately.
FIELDS: dict[str, tuple[str, ...]] = {
    "officials": ("name", "title", "organization", "country", "aliases"),
    "organizations": ("name", "type", "country", "parent", "aliases"),
    "locations": ("name", "type", "country", "aliases"),
    "countries": ("code", "name"),
    "dates": ("text", "value", "granularity"),
    "working_groups": ("name", "kind", "dialogue", "focus", "aliases"),
    "dialogues": ("name", "acronym", "countries", "aliases"),
    "events": ("name", "kind", "date", "location", "participants", "aliases"),
    "agreements": ("name", "kind", "parties", "subject", "location", "date", "status", "aliases"),
}
FACT_COLUMNS: dict[str, list[str]] = {
    t: ["doc_id", "published", "fact_index", *f, "mentions", "first_start", "first_end", "source"]
    for t, f in FIELDS.items()
}
MENTION_COLUMNS = ["doc_id", "type", "fact_index", "fact", "start", "end", "text", "source"]
OFFICIAL_ROLLUP_COLUMNS = [
    "name", "titles", "bodies", "countries", "releases", "mentions",
    "first_date", "last_date", "doc_ids",
]  # fmt: skip
ORG_ROLLUP_COLUMNS = ["name", "type", "country", "releases", "mentions", "aliases", "doc_ids"]
TIMELINE_COLUMNS = ["date", "type", "name", "kind", "doc_id", "published"]


# -- reading ---------------------------------------------------------------------------


def is_record(obj: object) -> bool:
    """A document record (not summary.json or another JSON file): has doc_id and officials."""
    return isinstance(obj, dict) and "doc_id" in obj and "officials" in obj


def load_records(out_dir: Path, problems: list[str] | None = None) -> list[dict[str, Any]]:
    """Every record in ``out_dir/*.json``, by file name; unreadable files noted in ``problems``."""
    records: list[dict[str, Any]] = []
    for path in sorted(Path(out_dir).glob("*.json")):
        if path.name == "summary.json":
            continue
        try:
            obj = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            if problems is not None:
                problems.append(f"{path.name}: not readable JSON ({exc})")
            continue
        if is_record(obj):
            records.append(obj)
    return records


# -- one row per fact / mention --------------------------------------------------------


def cell(value: Any) -> Any:
    """A table cell: lists joined with "; " (CSV and Parquet both keep one scalar type)."""
    if isinstance(value, list):
        return LIST_SEP.join(str(v) for v in value)
    return value


def fact_label(fact_type: str, fact: dict[str, Any]) -> str:
    """The short human name of a fact: its name, a date's value, a country's code."""
    if fact_type == "dates":
        return str(fact.get("value") or fact.get("text") or "")
    if fact_type == "countries":
        return str(fact.get("code") or fact.get("name") or "")
    if fact_type == "agreements" and not fact.get("name"):
        parties = LIST_SEP.join(fact.get("parties") or [])
        kind = str(fact.get("kind") or "agreement")
        return f"{kind}: {parties}" if parties else kind
    return str(fact.get("name") or "")


def fact_rows(records: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Rows for each fact type table and for ``mentions``, in record order."""
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in FACT_LISTS}
    rows["mentions"] = []
    mention_rows = rows["mentions"]
    for rec in records:
        doc_id, published = rec.get("doc_id"), rec.get("published")
        for fact_type in FACT_LISTS:
            fields = FIELDS[fact_type]
            out = rows[fact_type]
            for i, fact in enumerate(rec.get(fact_type) or []):
                mentions = fact.get("mentions") or []
                first = min(mentions, key=lambda m: m.get("start", 0)) if mentions else None
                row: dict[str, Any] = {"doc_id": doc_id, "published": published, "fact_index": i}
                for f in fields:
                    row[f] = cell(fact.get(f))
                row["mentions"] = len(mentions)
                row["first_start"] = first.get("start") if first else None
                row["first_end"] = first.get("end") if first else None
                row["source"] = fact.get("source")
                out.append(row)
                label = fact_label(fact_type, fact)
                for m in mentions:
                    mention_rows.append(
                        {
                            "doc_id": doc_id,
                            "type": fact_type,
                            "fact_index": i,
                            "fact": label,
                            "start": m.get("start"),
                            "end": m.get("end"),
                            "text": m.get("text"),
                            "source": m.get("source") or fact.get("source"),
                        }
                    )
    return rows


# -- corpus roll-ups -------------------------------------------------------------------


def _display_name(names: Counter[str]) -> str:
    """The form used most; ties go to the longer form, then to mixed case over all-lower/upper."""

    def rank(kv: tuple[str, int]) -> tuple[int, int, bool, str]:
        name, count = kv
        return count, len(name), not (name.islower() or name.isupper()), name

    return max(names.items(), key=rank)[0]


def _distinct(values: Iterable[Any]) -> list[str]:
    """Distinct non-empty values in first-seen order."""
    seen: dict[str, None] = {}
    for v in values:
        if v:
            seen.setdefault(str(v), None)
    return list(seen)


def _ordered(values: Iterable[Any]) -> str:
    """Distinct non-empty values in first-seen order, joined."""
    return LIST_SEP.join(_distinct(values))


def _group(
    records: Iterable[dict[str, Any]], fact_type: str
) -> dict[str, list[tuple[dict[str, Any], dict[str, Any]]]]:
    """``name_key -> [(record, fact), ...]`` for one fact type."""
    groups: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    for rec in records:
        for fact in rec.get(fact_type) or []:
            key = name_key(str(fact.get("name") or ""))
            if key:
                groups.setdefault(key, []).append((rec, fact))
    return groups


def _most_common(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def official_rollup(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per person across releases: titles and bodies seen, countries, date span."""
    rows = []
    for members in _group(records, "officials").values():
        docs = _distinct(r.get("doc_id") for r, _ in members)
        dates = sorted(str(r["published"]) for r, _ in members if r.get("published"))
        rows.append(
            {
                "name": _display_name(Counter(strip_the(str(f["name"])) for _, f in members)),
                "titles": _ordered(f.get("title") for _, f in members),
                "bodies": _ordered(f.get("organization") for _, f in members),
                "countries": _ordered(f.get("country") for _, f in members),
                "releases": len(docs),
                "mentions": sum(len(f.get("mentions") or []) for _, f in members),
                "first_date": dates[0] if dates else None,
                "last_date": dates[-1] if dates else None,
                "doc_ids": LIST_SEP.join(docs),
            }
        )
    rows.sort(key=lambda r: (-r["releases"], r["name"].lower()))
    return rows


def organization_rollup(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per organization across releases: its usual type and country, its releases."""
    rows = []
    for members in _group(records, "organizations").values():
        docs = _distinct(r.get("doc_id") for r, _ in members)
        aliases = [a for _, f in members for a in (f.get("aliases") or [])]
        rows.append(
            {
                "name": _display_name(Counter(strip_the(str(f["name"])) for _, f in members)),
                "type": _most_common(f.get("type") for _, f in members),
                "country": _most_common(f.get("country") for _, f in members),
                "releases": len(docs),
                "mentions": sum(len(f.get("mentions") or []) for _, f in members),
                "aliases": _ordered(aliases),
                "doc_ids": LIST_SEP.join(docs),
            }
        )
    rows.sort(key=lambda r: (-r["releases"], r["name"].lower()))
    return rows


def timeline(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dated events and agreements across the corpus, oldest first."""
    rows = []
    for rec in records:
        for fact_type, kind_of in (("events", "event"), ("agreements", "agreement")):
            for fact in rec.get(fact_type) or []:
                if not fact.get("date"):
                    continue
                rows.append(
                    {
                        "date": fact["date"],
                        "type": kind_of,
                        "name": fact_label(fact_type, fact),
                        "kind": fact.get("kind"),
                        "doc_id": rec.get("doc_id"),
                        "published": rec.get("published"),
                    }
                )
    rows.sort(key=lambda r: (str(r["date"]), str(r["doc_id"]), r["name"]))
    return rows


# -- DataFrames ------------------------------------------------------------------------

_INT_COLUMNS = {"fact_index", "mentions", "first_start", "first_end", "start", "end", "releases"}


def frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """A DataFrame with fixed columns (so empty tables keep their schema), nullable ints."""
    df = pd.DataFrame(rows, columns=columns)
    for col in columns:
        if col in _INT_COLUMNS:
            df[col] = df[col].astype("Int64")
        elif df[col].dtype != object:
            df[col] = df[col].astype(object)
    return df


def build_tables(records: list[dict[str, Any]]) -> dict[str, pd.DataFrame]:
    """Every table by name: the nine fact types, ``mentions`` and the corpus roll-ups."""
    rows = fact_rows(records)
    tables = {t: frame(rows[t], FACT_COLUMNS[t]) for t in FACT_LISTS}
    tables["mentions"] = frame(rows["mentions"], MENTION_COLUMNS)
    tables["corpus_officials"] = frame(official_rollup(records), OFFICIAL_ROLLUP_COLUMNS)
    tables["corpus_organizations"] = frame(organization_rollup(records), ORG_ROLLUP_COLUMNS)
    tables["timeline"] = frame(timeline(records), TIMELINE_COLUMNS)
    return tables


# -- writing ---------------------------------------------------------------------------


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # what open() would give; mkstemp's 0600 would hide outputs


def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temp file beside ``path``, then move it into place."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def save_tables(tables: dict[str, pd.DataFrame], dest: Path) -> dict[str, Path]:
    """Each table as ``<name>.csv`` and ``<name>.parquet`` under ``dest``; file name -> path."""
    dest.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, df in tables.items():
        csv_path = dest / f"{name}.csv"
        pq_path = dest / f"{name}.parquet"
        write_atomic(csv_path, lambda p, df=df: df.to_csv(p, index=False))
        write_atomic(pq_path, lambda p, df=df: df.to_parquet(p, index=False, engine="pyarrow"))
        written[csv_path.name] = csv_path
        written[pq_path.name] = pq_path
    return written


def write_tables(out_dir: Path) -> dict[str, Path]:
    """Build the tables from the records in ``out_dir`` and write them to ``out_dir/tables``.

    Returns file name ("officials.csv", "officials.parquet", ...) -> written path.
    """
    out_dir = Path(out_dir)
    return save_tables(build_tables(load_records(out_dir)), out_dir / TABLES_DIR)


# -- command ---------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    """``tradefacts tables OUT_DIR``."""
    out_dir = Path(args.out_dir)
    if not out_dir.is_dir():
        print(f"tradefacts tables: {out_dir}: not a directory", file=sys.stderr)
        return 2
    problems: list[str] = []
    records = load_records(out_dir, problems)
    for p in problems:
        print(f"tradefacts tables: skipped {p}", file=sys.stderr)
    tables = build_tables(records)
    written = save_tables(tables, out_dir / TABLES_DIR)
    sizes = ", ".join(f"{name} {len(df)}" for name, df in tables.items())
    print(f"{len(records)} records -> {len(written)} files in {out_dir / TABLES_DIR} ({sizes})")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``tables`` command."""
    p = subparsers.add_parser(
        "tables",
        help="write fact, mention and corpus tables (CSV + Parquet) from a run's records",
        description="Build per-type fact tables, a mentions table and corpus roll-ups from "
        "OUT_DIR/*.json records; write them as CSV and Parquet under OUT_DIR/tables/.",
    )
    p.add_argument("out_dir", metavar="OUT_DIR", help="directory holding the record JSON files")
    p.set_defaults(func=run)
