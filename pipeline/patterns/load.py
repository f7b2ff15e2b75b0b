"""Load and validate the JSONL data files that drive the rules.

Every line is one JSON object; a file declares which keys each line must carry
and which values a key may take. A bad line fails loudly at load time with the
file and line number, not later as a silent miss.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

PACKAGE = "pipeline.patterns"


class PatternError(ValueError):
    """A pattern file is malformed."""


def _lines(name: str) -> list[tuple[int, str]]:
    try:
        text = resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PatternError(f"pattern file {name!r} not found in {PACKAGE}") from exc
    return [(i, line) for i, line in enumerate(text.splitlines(), 1) if line.strip()]


@cache
def load_jsonl(
    name: str,
    required: tuple[str, ...] = (),
    allowed: tuple[tuple[str, tuple[Any, ...]], ...] = (),
) -> tuple[dict[str, Any], ...]:
    """Rows of ``pipeline/patterns/<name>``, each checked for ``required`` keys.

    ``allowed`` maps a key to the values it may take, e.g. (("type", ("state", "city")),).
    Cached: data files are read once per process.
    """
    rows: list[dict[str, Any]] = []
    linenos: list[int] = []
    allowed_map = dict(allowed)
    for lineno, line in _lines(name):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PatternError(f"{name}:{lineno}: not JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise PatternError(f"{name}:{lineno}: a line must be a JSON object")
        missing = [k for k in required if k not in row]
        if missing:
            raise PatternError(f"{name}:{lineno}: missing {', '.join(missing)}")
        for key, values in allowed_map.items():
            if key in row and row[key] not in values:
                raise PatternError(f"{name}:{lineno}: {key}={row[key]!r} not one of {values}")
        rows.append(row)
        linenos.append(lineno)
    check = CHECKS.get(name)
    if check is not None:
        check(name, rows, linenos)
    return tuple(rows)


# -- per-file checks: closed-class data must say where it comes from -------------------

Check = Callable[[str, list[dict[str, Any]], list[int]], None]


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes of ``countries.jsonl``, plus ``EU`` (allowed by the spec)."""
    rows = load_jsonl("countries.jsonl", required=("code",))
    return frozenset({r["code"] for r in rows} | {"EU"})


def _need_source(name: str, lineno: int, row: dict[str, Any]) -> None:
    src = row.get("source")
    if not isinstance(src, str) or not src.strip():
        raise PatternError(f"{name}:{lineno}: missing source (the listing this row comes from)")


def _need_country(name: str, lineno: int, row: dict[str, Any], nullable: Any) -> None:
    code = row.get("country")
    if code is None and nullable:
        return
    if code not in country_codes():
        raise PatternError(f"{name}:{lineno}: country={code!r} is not an ISO alpha-2 code or EU")


def _need_strings(name: str, lineno: int, row: dict[str, Any], *keys: str) -> None:
    for key in keys:
        value = row.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise PatternError(f"{name}:{lineno}: {key} must be a list of non-empty strings")


def check_bodies(name: str, rows: list[dict[str, Any]], linenos: list[int]) -> None:
    """Every body names its source and a valid country (international bodies and forms shared
    by several countries' bodies may have none); one row per (name, country).

    Fields: name (official English name), type, country, aliases (short forms), acronyms,
    head_titles (the head's title forms), source (the listing the row comes from), cabinet
    (true for the members of a country's cabinet listing; their number per country is checked
    against ``cabinets.jsonl`` by the tests), shared_by (a form several countries' bodies use,
    listed first with country null so a release naming none of them inherits no country).
    """
    first: dict[tuple[str, str | None], int] = {}
    for row, lineno in zip(rows, linenos, strict=True):
        _need_source(name, lineno, row)
        shared = row.get("shared_by")
        if shared is not None:
            # a form several countries' bodies use: no country of its own, the codes it stands for
            if row.get("country") is not None or not shared:
                raise PatternError(f"{name}:{lineno}: a shared form has country null and shared_by")
            for code in shared:
                _need_country(name, lineno, {"country": code}, nullable=False)
        _need_country(name, lineno, row, nullable=row.get("type") == "international" or shared)
        _need_strings(name, lineno, row, "aliases", "acronyms", "head_titles")
        key = (row["name"], row.get("country"))
        if key in first:
            raise PatternError(
                f"{name}:{lineno}: duplicate name {row['name']!r} for country "
                f"{row.get('country')!r} (first at line {first[key]})"
            )
        first[key] = lineno


def check_titles(name: str, rows: list[dict[str, Any]], linenos: list[int]) -> None:
    """Every title names its source and a valid country or none; one row per title."""
    first: dict[str, int] = {}
    for row, lineno in zip(rows, linenos, strict=True):
        _need_source(name, lineno, row)
        _need_country(name, lineno, row, nullable=True)
        if row["title"] in first:
            where = first[row["title"]]
            raise PatternError(
                f"{name}:{lineno}: duplicate title {row['title']!r} (first at line {where})"
            )
        first[row["title"]] = lineno


def check_cabinets(name: str, rows: list[dict[str, Any]], linenos: list[int]) -> None:
    """Each recorded cabinet size names its listing; one row per country."""
    seen: set[str] = set()
    for row, lineno in zip(rows, linenos, strict=True):
        _need_source(name, lineno, row)
        _need_country(name, lineno, row, nullable=False)
        if not isinstance(row.get("count"), int) or row["count"] <= 0:
            raise PatternError(f"{name}:{lineno}: count must be a positive integer")
        if row["country"] in seen:
            raise PatternError(f"{name}:{lineno}: duplicate country {row['country']!r}")
        seen.add(row["country"])


CHECKS: dict[str, Check] = {
    "gov_bodies.jsonl": check_bodies,
    "titles.jsonl": check_titles,
    "cabinets.jsonl": check_cabinets,
}


def pattern_files() -> list[str]:
    """Names of every data file in the package, sorted."""
    return sorted(p.name for p in resources.files(PACKAGE).iterdir() if p.name.endswith(".jsonl"))


@cache
def ruleset_hash() -> str:
    """Hash of every data file and the rule code: part of the pipeline fingerprint."""
    h = hashlib.sha256()
    for name in pattern_files():
        h.update(name.encode())
        h.update(resources.files(PACKAGE).joinpath(name).read_bytes())
    for pkg in ("pipeline.components", "pipeline.normalize"):
        for p in sorted(resources.files(pkg).iterdir(), key=lambda p: p.name):
            if p.name.endswith(".py"):
                h.update(p.name.encode())
                h.update(p.read_bytes())
    for mod in ("record.py", "resolve.py"):
        p = resources.files("pipeline").joinpath(mod)
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()[:16]
