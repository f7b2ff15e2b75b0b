"""``tradefacts report``: an HTML page for reviewing and correcting a run's records.

The page (render.py + report.html/.css/*.js package data) needs no network: an index
of releases with fact counts and, given gold, scores; failed documents; charts; the
corpus roll-ups; and per release the text with every mention highlighted beside a
table of its facts, with review actions whose export ``gold import`` (goldio.py)
turns into gold. Texts are decoded again from the inputs (texts.py); gold comparison
comes from ``pipeline.score`` (gold.py). Above INLINE_MAX releases the release views
go to files beside the page, loaded on demand.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.report.gold import load_gold_for
from pipeline.report.render import (
    INLINE_MAX,
    Pages,
    esc,
    highlight,
    now_stamp,
    render_pages,
    render_report,
    script_json,
)
from pipeline.report.texts import TextFinder, release_text
from pipeline.tables import load_records, write_atomic

__all__ = [
    "build_pages",
    "build_report",
    "esc",
    "highlight",
    "load_failures",
    "register",
    "release_text",
    "render_pages",
    "render_report",
    "script_json",
    "write_report",
]


def load_failures(out_dir: Path, notes: list[str] | None = None) -> list[dict[str, Any]]:
    """Documents the run could not process: ``errors.jsonl``, else ``summary.json``'s errors."""
    errors_path = out_dir / "errors.jsonl"
    rows: list[dict[str, Any]] = []
    try:
        if errors_path.is_file():
            for line in errors_path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    obj = json.loads(line)
                    if isinstance(obj, dict):
                        rows.append(obj)
            return rows
        summary_path = out_dir / "summary.json"
        if summary_path.is_file():
            summary = json.loads(summary_path.read_text(encoding="utf-8"))
            errors = summary.get("errors") if isinstance(summary, dict) else None
            rows = [e for e in errors or [] if isinstance(e, dict)]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        if notes is not None:
            notes.append(f"failed documents not listed: {exc}")
    return rows


def build_pages(
    out_dir: Path,
    gold_dir: Path | None = None,
    generated: str | None = None,
    files_dir: str | None = None,
    split: bool | None = None,
    sink: Callable[[str, str], None] | None = None,
) -> tuple[Pages, list[str]]:
    """The page for the records in ``out_dir`` (compared with ``gold_dir``), and its notes.

    ``split``: release views in files under ``files_dir`` (None: when there are more
    than INLINE_MAX releases); otherwise one self-contained page.
    """
    out_dir = Path(out_dir)
    notes: list[str] = []
    records = load_records(out_dir, notes)
    if not records:
        notes.append(f"no records found in {out_dir}")
    gold: dict[str, dict[str, Any]] | None = None
    matcher = None
    if gold_dir is not None:
        doc_ids = [str(r.get("doc_id")) for r in records]
        gold, matcher, gold_notes = load_gold_for(Path(gold_dir), doc_ids)
        notes.extend(gold_notes)
    failures = load_failures(out_dir, notes)
    if split is None:
        split = len(records) > INLINE_MAX
    pages = render_pages(
        records,
        gold=gold,
        matcher=matcher,
        notes=notes,
        generated=generated,
        failures=failures,
        texts=TextFinder([Path.cwd(), out_dir, out_dir.parent]),
        files_dir=(files_dir or "report_files") if split else None,
        sink=sink,
    )
    return pages, notes


def build_report(
    out_dir: Path, gold_dir: Path | None = None, generated: str | None = None
) -> tuple[str, list[str]]:
    """The one-file page for the records in ``out_dir``, and its notes."""
    pages, notes = build_pages(out_dir, gold_dir, generated, split=False)
    return pages.html, notes


def write_report(
    out_dir: Path, gold_dir: Path | None, dest: Path, split: bool | None = None
) -> list[str]:
    """Render and write the page atomically to ``dest``; returns the notes shown on it.

    A split page's release files go to ``<dest stem>_files/`` beside it (written first,
    stale ones removed), so the page never points at files that are not there yet.
    """
    files_dir = f"{dest.stem}_files"
    target = dest.parent / files_dir

    def sink(name: str, content: str) -> None:
        target.mkdir(parents=True, exist_ok=True)
        write_atomic(target / name, lambda p: p.write_text(content, encoding="utf-8"))

    pages, notes = build_pages(out_dir, gold_dir, now_stamp(), files_dir, split, sink)
    dest.parent.mkdir(parents=True, exist_ok=True)
    for name, content in pages.files.items():
        if content:
            sink(name, content)
    if target.is_dir():
        for old in target.glob("b*.js"):
            if old.name not in pages.files:
                old.unlink()
    write_atomic(dest, lambda p: p.write_text(pages.html, encoding="utf-8"))
    return notes


def run(args: argparse.Namespace) -> int:
    """``tradefacts report OUT_DIR [--gold DIR] [-o FILE]``."""
    out_dir = Path(args.out_dir)
    if not out_dir.is_dir():
        print(f"tradefacts report: {out_dir}: not a directory", file=sys.stderr)
        return 2
    gold_dir = Path(args.gold) if args.gold else None
    if gold_dir is not None and not gold_dir.is_dir():
        print(f"tradefacts report: --gold {gold_dir}: not a directory", file=sys.stderr)
        return 2
    dest = Path(args.output) if args.output else out_dir / "report.html"
    notes = write_report(out_dir, gold_dir, dest, args.split)
    for note in notes:
        print(f"tradefacts report: {note}", file=sys.stderr)
    print(f"wrote {dest}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``report`` command."""
    p = subparsers.add_parser(
        "report",
        help="write a self-contained HTML review page of a run's records",
        description="Render OUT_DIR/*.json records as an HTML review page (no network): release "
        "index, failed documents, charts, corpus tables, highlighted texts with review actions "
        "(export for `tradefacts gold import`); with --gold, scores and missed/spurious facts. "
        "Large runs put release views in FILE's _files directory.",
    )
    p.add_argument("out_dir", metavar="OUT_DIR", help="directory holding the record JSON files")
    p.add_argument("--gold", metavar="DIR", help="gold directory (<doc_id>.json) to compare with")
    p.add_argument(
        "-o", "--output", metavar="FILE", help="where to write the page (OUT_DIR/report.html)"
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--split",
        dest="split",
        action="store_true",
        default=None,
        help=f"release views in FILE's _files directory, loaded on demand (default above "
        f"{INLINE_MAX} releases)",
    )
    mode.add_argument(
        "--single-file", dest="split", action="store_false", help="always one self-contained file"
    )
    p.set_defaults(func=run)
