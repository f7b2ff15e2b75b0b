"""Every data file row says where it comes from (issue 10: no row whose only source is a
release; every gazetteer names its source)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PATTERNS = Path(__file__).resolve().parents[1] / "pipeline" / "patterns"
FILES = sorted(PATTERNS.rglob("*.jsonl"))


def test_there_are_data_files() -> None:
    assert len(FILES) >= 15


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_row_names_its_source(path: Path) -> None:
    missing = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        source = row.get("source")
        if not (isinstance(source, str) and source.strip()):
            missing.append(n)
    assert missing == [], f"{path.name}: rows without a source at lines {missing[:10]}"
