"""Compiled JSON Schema validators for records and gold files.

Building a validator costs ~15 ms, checking with a prebuilt one ~1.7 ms
(PERFORMANCE.md), so each schema is compiled once per process. Records are
checked first by a fastjsonschema-generated function (~0.2 ms, 10x faster); only a
record it rejects goes through jsonschema, whose messages name every problem.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker

_HERE = Path(__file__).resolve().parent
# An installed wheel carries the schemas in the package (setup.py copies them there);
# a source tree or an editable install has them at the top level, beside the package.
SCHEMA_DIRS: tuple[Path, ...] = (_HERE / "schemas", _HERE.parent / "schemas")


def schema_dir() -> Path:
    """The directory holding ``record.schema.json`` (the package's copy first)."""
    for path in SCHEMA_DIRS:
        if (path / "record.schema.json").is_file():
            return path
    raise FileNotFoundError(
        "record.schema.json not found in " + " or ".join(str(p) for p in SCHEMA_DIRS)
    )


SCHEMA_DIR = schema_dir()


class RecordInvalid(ValueError):
    """A record does not satisfy the schema; the message names the first problems."""


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A schema from ``schemas/`` by file name."""
    path = SCHEMA_DIR / name
    with path.open(encoding="utf-8") as fh:
        schema = json.load(fh)
    Draft202012Validator.check_schema(schema)
    return schema


@cache
def validator(name: str = "record.schema.json") -> Draft202012Validator:
    """The compiled validator for a schema, built once."""
    return Draft202012Validator(load_schema(name), format_checker=FormatChecker())


@cache
def fast_check(name: str = "record.schema.json") -> Callable[[Any], Any]:
    """A generated checker for a schema: raises ``JsonSchemaException`` when invalid.

    The record and gold schemas use only keywords that draft 7 and 2020-12 read alike
    (type, properties, required, additionalProperties, items, enum, pattern, minLength,
    minimum, $ref into $defs); a test holds both validators to the same verdicts.
    """
    schema = {k: v for k, v in load_schema(name).items() if k != "$schema"}
    return fastjsonschema.compile(schema)


def errors(obj: Any, name: str = "record.schema.json") -> list[str]:
    """Readable schema errors ("$.officials[0].name: ..."), empty when valid."""
    return [
        f"{e.json_path}: {e.message}"
        for e in sorted(validator(name).iter_errors(obj), key=lambda e: list(e.path))
    ]


def check_record(record: dict[str, Any]) -> None:
    """Raise ``RecordInvalid`` naming up to three problems when a record is invalid."""
    try:
        fast_check()(record)
        return
    except fastjsonschema.JsonSchemaException:
        pass
    problems = errors(record) or ["rejected by the compiled check"]
    more = f" (+{len(problems) - 3} more)" if len(problems) > 3 else ""
    raise RecordInvalid("record fails schema: " + "; ".join(problems[:3]) + more)
