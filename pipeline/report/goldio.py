"""``tradefacts gold import FILE --out GOLD_DIR``: reviewed releases from the page become gold.

The review page exports one JSON file (``format: tradefacts-review``): per release its
doc id, text_sha256 and, per fact type, every extracted fact with the analyst's
decision (accepted, edited, rejected, merged or still pending) and its fields, plus
facts added from a text selection. Gold (ANNOTATION.md, "Gold files") keeps accepted,
edited and added facts with the fields the gold schema allows; rejected facts are
left out; a fact merged into another becomes an alias of the survivor. Pending facts
are left out unless ``--accept-pending``. Every file is checked against
``schemas/gold.schema.json`` before anything is written, and existing gold files are
never overwritten without ``--force``: the command writes all files or none.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pipeline.ingest import safe_doc_id
from pipeline.record import FACT_LISTS
from pipeline.tables import fact_label, write_atomic
from pipeline.validate import errors as schema_errors
from pipeline.validate import load_schema

FORMAT = "tradefacts-review"
KEPT = frozenset({"accepted", "edited", "added"})


def gold_fields() -> dict[str, tuple[str, ...]]:
    """Per fact type, the entry fields the gold schema allows (bar the gold-only extras)."""
    defs = load_schema("gold.schema.json")["$defs"]
    names = {
        "officials": "official",
        "organizations": "organization",
        "locations": "location",
        "countries": "country",
        "dates": "date",
        "working_groups": "working_group",
        "dialogues": "dialogue",
        "events": "event",
        "agreements": "agreement",
    }
    extras = {"optional", "title_alts", "org_alts"}
    return {t: tuple(k for k in defs[d]["properties"] if k not in extras) for t, d in names.items()}


def _entry(fact_type: str, fields: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    """A gold entry: allowed fields with a value (a null enum or blank is left out)."""
    out: dict[str, Any] = {}
    for k in allowed:
        v = fields.get(k)
        if isinstance(v, str):
            v = v.strip()
        if v is None or v == "" or v == []:
            continue
        out[k] = [str(x) for x in v] if isinstance(v, list) else v
    for k in ("code", "country"):  # ISO codes typed in lower case are still codes
        if isinstance(out.get(k), str) and len(out[k]) == 2:
            out[k] = out[k].upper()
    return out


def release_gold(
    rel: dict[str, Any], accept_pending: bool = False
) -> tuple[dict[str, Any], dict[str, int]]:
    """One reviewed release as a gold record, and counts of what happened to its facts."""
    allowed = gold_fields()
    gold: dict[str, Any] = {"doc_id": rel["doc_id"]}
    for k in ("published", "title"):
        if rel.get(k) is not None:
            gold[k] = rel[k]
    counts = dict.fromkeys(("kept", "added", "rejected", "merged", "pending"), 0)
    keep = KEPT | ({"pending"} if accept_pending else set())
    facts = rel.get("facts") or {}
    # every fact by its page key ("type/i", "added/n"): decisions and merges point at these
    items: dict[str, tuple[str, dict[str, Any]]] = {}
    for fact_type in FACT_LISTS:
        for f in facts.get(fact_type) or []:
            items[f"{fact_type}/{f['index']}"] = (fact_type, f)
    for a in rel.get("added") or []:
        items[str(a.get("id"))] = (
            str(a.get("type")),
            {**a, "decision": a.get("decision", "added")},
        )
    entries: dict[str, dict[str, Any]] = {}
    for key, (fact_type, f) in items.items():
        decision = f.get("decision", "pending")
        if decision in keep:
            counts["added" if decision == "added" else "kept"] += 1
            entries[key] = _entry(fact_type, f.get("fields") or {}, allowed[fact_type])
        elif decision in counts:
            counts[decision] += 1
    for key, (fact_type, f) in items.items():
        if f.get("decision") != "merged":
            continue
        into = f.get("into")
        seen = {key}
        while into in items and items[into][1].get("decision") == "merged" and into not in seen:
            seen.add(into)
            into = items[into][1].get("into")
        target = entries.get(str(into))
        if target is None:
            continue
        names = [fact_label(fact_type, f.get("fields") or {})]
        names += [str(a) for a in (f.get("fields") or {}).get("aliases") or []]
        if "aliases" in allowed[fact_type]:
            have = {fact_label(fact_type, target), *target.get("aliases", [])}
            target["aliases"] = [
                *target.get("aliases", []),
                *(n for n in dict.fromkeys(names) if n and n not in have),
            ]
    for fact_type in FACT_LISTS:
        gold[fact_type] = [e for key, e in entries.items() if items[key][0] == fact_type]
    return gold, counts


def import_review(
    path: Path, out_dir: Path, force: bool = False, accept_pending: bool = False
) -> tuple[list[Path], list[str]]:
    """Write the gold files of an exported review; (files written, problems). All or none."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [], [f"{path}: cannot read the review file: {exc}"]
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return [], [f"{path}: not a review export (format {FORMAT!r} expected)"]
    problems: list[str] = []
    planned: list[tuple[Path, dict[str, Any]]] = []
    for rel in doc.get("releases") or []:
        doc_id = rel.get("doc_id") if isinstance(rel, dict) else None
        if not isinstance(doc_id, str) or not doc_id or safe_doc_id(doc_id) != doc_id:
            problems.append(f"{path}: a release without a usable doc_id ({doc_id!r})")
            continue
        gold, counts = release_gold(rel, accept_pending)
        bad = schema_errors(gold, "gold.schema.json")
        if bad:
            problems.append(f"{doc_id}: fails gold.schema.json: " + "; ".join(bad[:3]))
            continue
        if counts["pending"] and not accept_pending:
            print(
                f"tradefacts gold: {doc_id}: {counts['pending']} undecided fact(s) left out "
                "(--accept-pending keeps them)",
                file=sys.stderr,
            )
        target = Path(out_dir) / f"{doc_id}.json"
        if target.exists() and not force:
            problems.append(f"{target} exists (--force overwrites)")
            continue
        planned.append((target, gold))
    if problems:
        return [], problems
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    for target, gold in planned:
        body = json.dumps(gold, ensure_ascii=False, indent=1) + "\n"
        write_atomic(target, lambda p, b=body: p.write_text(b, encoding="utf-8"))
    return [t for t, _ in planned], []


def run(args: argparse.Namespace) -> int:
    """``tradefacts gold import FILE --out GOLD_DIR [--force] [--accept-pending]``."""
    written, problems = import_review(
        Path(args.file), Path(args.out), force=args.force, accept_pending=args.accept_pending
    )
    for p in problems:
        print(f"tradefacts gold: {p}", file=sys.stderr)
    if problems:
        print("tradefacts gold: nothing written", file=sys.stderr)
        return 1
    print(f"wrote {len(written)} gold file(s) to {args.out}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``gold`` command (``gold import``)."""
    p = subparsers.add_parser(
        "gold",
        help="turn a review exported from the report page into gold files",
        description="Gold files from the review page's export.",
    )
    sub = p.add_subparsers(dest="gold_command", required=True, metavar="ACTION")
    imp = sub.add_parser(
        "import",
        help="write GOLD_DIR/<doc_id>.json for each reviewed release",
        description="Accepted, edited and added facts become gold (ANNOTATION.md format, "
        "checked against schemas/gold.schema.json); rejected ones are left out, merged ones "
        "become aliases. Existing files are kept unless --force; all files or none are written.",
    )
    imp.add_argument("file", metavar="FILE", help="the review file the page exported")
    imp.add_argument("--out", required=True, metavar="GOLD_DIR", help="where to write gold files")
    imp.add_argument("--force", action="store_true", help="overwrite existing gold files")
    imp.add_argument(
        "--accept-pending", action="store_true", help="keep facts the review left undecided"
    )
    imp.set_defaults(func=run)
