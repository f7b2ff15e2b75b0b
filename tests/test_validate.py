"""The fast compiled check and jsonschema give the same verdicts on records."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest

from pipeline.validate import RecordInvalid, check_record, errors, fast_check

SEED_GOLD = Path(__file__).resolve().parents[1] / "corpus" / "gold"


def fast_ok(obj: Any) -> bool:
    try:
        fast_check()(obj)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def mutations(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Records broken in one place each, one per kind of schema keyword."""
    out = []
    for path, value in (
        (("doc_id",), ""),  # minLength
        (("doc_id",), 7),  # type
        (("officials",), None),  # type
        (("dates", 0, "granularity"), "week"),  # enum
        (("dates", 0, "mentions", 0, "start"), -1),  # minimum
        (("countries", 0, "code"), "usa"),  # pattern
        (("officials", 0, "surprise"), 1),  # additionalProperties
    ):
        broken = copy.deepcopy(record)
        node: Any = broken
        try:
            for key in path[:-1]:
                node = node[key]
        except (IndexError, KeyError):
            continue
        node[path[-1]] = value
        out.append(broken)
    broken = copy.deepcopy(record)
    del broken["officials"]  # required
    out.append(broken)
    return out


def test_fast_and_full_validators_agree(extractor: Any) -> None:
    from tests.conftest import make_src

    text = (
        "WASHINGTON - Today Secretary Jane Doe met Canadian Minister John Roe in Ottawa "
        "on May 3, 2024, and the United States and Canada signed a memorandum."
    )
    record = json.loads(json.dumps(extractor.extract(make_src(text, "2024-05-03"))))
    assert record["dates"] and record["officials"] and record["countries"]
    assert fast_ok(record) and errors(record) == []
    broken = mutations(record)
    assert len(broken) == 8
    for bad in broken:
        assert not fast_ok(bad)
        assert errors(bad)
        with pytest.raises(RecordInvalid, match="record fails schema: \\$"):
            check_record(bad)
