"""``tradefacts show RECORD.json``: a record as readable terminal tables (rich).

One table per non-empty fact type, a column per attribute, so a record can be
checked without opening the JSON. Cell values are wrapped in ``rich.text.Text``
so a "[bold]" or "[/]" in release data is shown as written, never read as markup.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.record import FACT_LISTS
from pipeline.tables import FIELDS, LIST_SEP, is_record

MAX_OFFSETS = 3  # mention offsets listed per fact; the rest are counted
PIPE_WIDTH = 160


def _cell(value: Any) -> Text:
    if value is None or value == []:
        return Text("–", style="dim")
    if isinstance(value, list):
        return Text(LIST_SEP.join(str(v) for v in value))
    return Text(str(value))


def _mentions(fact: dict[str, Any]) -> Text:
    ms = sorted(fact.get("mentions") or [], key=lambda m: m.get("start", 0))
    if not ms:
        return Text("0", style="dim")
    spans = ", ".join(f"{m.get('start')}-{m.get('end')}" for m in ms[:MAX_OFFSETS])
    more = f", +{len(ms) - MAX_OFFSETS}" if len(ms) > MAX_OFFSETS else ""
    return Text(f"{len(ms)} ({spans}{more})")


def fact_table(fact_type: str, facts: list[dict[str, Any]]) -> Table:
    """One fact type as a table: attributes, mention count with offsets, source."""
    table = Table(title=Text(f"{fact_type} ({len(facts)})", style="bold"), title_justify="left")
    table.add_column("#", justify="right", style="dim")
    for f in FIELDS[fact_type]:
        table.add_column(f)
    table.add_column("mentions")
    table.add_column("source", style="dim")
    for i, fact in enumerate(facts):
        cells = [_cell(fact.get(f)) for f in FIELDS[fact_type]]
        table.add_row(Text(str(i)), *cells, _mentions(fact), _cell(fact.get("source")))
    return table


def show_record(record: dict[str, Any], console: Console) -> None:
    """Print a record's header line and one table per non-empty fact type."""
    counts = {t: len(record.get(t) or []) for t in FACT_LISTS}
    head = Text()
    head.append(str(record.get("doc_id")), style="bold")
    if record.get("title"):
        head.append(f"  {record['title']}")
    console.print(head)
    summary = ", ".join(f"{t} {n}" for t, n in counts.items() if n) or "no facts"
    console.print(
        Text(f"published {record.get('published') or 'unknown'} · {summary}", style="dim")
    )
    for fact_type in FACT_LISTS:
        facts = record.get(fact_type) or []
        if facts:
            console.print(fact_table(fact_type, facts))


def load_record(path: Path) -> dict[str, Any]:
    """The record in ``path``; ValueError with a one-line reason otherwise."""
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8: {exc.reason}") from exc
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg} at line {exc.lineno}") from exc
    if not is_record(obj):
        raise ValueError("not a tradefacts record (no doc_id / officials)")
    return obj


def run(args: argparse.Namespace, console: Console | None = None) -> int:
    """Show each record; a file that is not a record is reported and skipped (exit 1)."""
    if console is None:
        console = Console()
        if not console.is_terminal and "COLUMNS" not in os.environ:
            console = Console(width=PIPE_WIDTH)  # rich's 80 columns crush a 9-column table
    failed = 0
    for raw in args.records:
        try:
            record = load_record(Path(raw))
        except ValueError as exc:
            print(f"tradefacts show: {raw}: {exc}", file=sys.stderr)
            failed += 1
            continue
        show_record(record, console)
    return 1 if failed else 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``show`` command."""
    p = subparsers.add_parser(
        "show",
        help="print a record as readable tables",
        description="Print OUT_DIR/<doc_id>.json records as one table per non-empty fact type.",
    )
    p.add_argument("records", nargs="+", metavar="RECORD", help="record JSON file(s)")
    p.set_defaults(func=run)
