"""Load and validate the JSONL data files that drive the rules.

Every line is one JSON object; a file declares which keys each line must carry
and which values a key may take. A bad line fails loudly at load time with the
file and line number, not later as a silent miss.
"""

from __future__ import annotations

import hashlib
import json
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
    return tuple(rows)


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
