"""``tradefacts gold import``: an exported review becomes gold files the scorer accepts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline import score
from pipeline.cli import main
from pipeline.report.goldio import release_gold
from pipeline.validate import errors as schema_errors


def export(releases: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": "tradefacts-review", "version": 1, "releases": releases}


def release(doc_id: str = "doc-1") -> dict[str, Any]:
    """A reviewed release with one fact of each decision."""
    officials = [
        {"name": "Jane Doe", "title": "Minister", "organization": None, "country": "GB",
         "aliases": ["Doe"]},
        {"name": "John Roe", "title": "Ambassador", "organization": None, "country": None,
         "aliases": []},
        {"name": "Minister Doe", "title": None, "organization": None, "country": None,
         "aliases": []},
        {"name": "Richard Poe", "title": None, "organization": None, "country": None,
         "aliases": []},
    ]  # fmt: skip
    return {
        "doc_id": doc_id,
        "text_sha256": "0" * 64,
        "published": "2024-03-12",
        "title": "A release",
        "facts": {
            "officials": [
                {"index": 0, "decision": "accepted", "fields": officials[0]},
                {"index": 1, "decision": "rejected", "fields": officials[1]},
                {"index": 2, "decision": "merged", "into": "officials/0", "fields": officials[2]},
                {"index": 3, "decision": "pending", "fields": officials[3]},
            ],
            "organizations": [
                {
                    "index": 0,
                    "decision": "edited",
                    "fields": {
                        "name": "Northwind Ltd.",
                        "type": "company",
                        "country": "gb",
                        "parent": None,
                        "aliases": [],
                    },
                },
            ],
            "locations": [],
        },
        "added": [
            {
                "id": "added/0",
                "decision": "added",
                "type": "countries",
                "start": 0,
                "end": 7,
                "text": "Britain",
                "fields": {"code": "GB", "name": "Britain"},
            },
            {
                "id": "added/1",
                "decision": "rejected",
                "type": "dates",
                "start": 9,
                "end": 13,
                "text": "2024",
                "fields": {"text": "2024", "value": "2024", "granularity": None},
            },
        ],
    }


def test_decisions_become_gold_entries() -> None:
    gold, counts = release_gold(release())
    assert schema_errors(gold, "gold.schema.json") == []
    assert [o["name"] for o in gold["officials"]] == ["Jane Doe"]  # rejected, merged, pending out
    assert gold["officials"][0]["aliases"] == ["Doe", "Minister Doe"]
    assert "organization" not in gold["officials"][0]  # no value, no key
    assert gold["organizations"] == [{"name": "Northwind Ltd.", "type": "company", "country": "GB"}]
    assert gold["countries"] == [{"code": "GB", "name": "Britain"}]
    assert gold["dates"] == [] and gold["locations"] == []  # reviewed: annotated as none
    assert counts == {"kept": 2, "added": 1, "rejected": 2, "merged": 1, "pending": 1}
    kept, _ = release_gold(release(), accept_pending=True)
    assert [o["name"] for o in kept["officials"]] == ["Jane Doe", "Richard Poe"]


def test_import_writes_valid_gold_that_score_reads(tmp_path: Path) -> None:
    src = tmp_path / "review.json"
    src.write_text(json.dumps(export([release("doc-1"), release("doc-2")])), encoding="utf-8")
    out = tmp_path / "gold"
    assert main(["gold", "import", str(src), "--out", str(out)]) == 0
    golds, bad = score.load_gold(out)
    assert bad == [] and sorted(golds) == ["doc-1", "doc-2"]


def test_existing_gold_is_kept_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "review.json"
    src.write_text(json.dumps(export([release("doc-1"), release("doc-2")])), encoding="utf-8")
    out = tmp_path / "gold"
    out.mkdir()
    (out / "doc-2.json").write_text('{"doc_id": "doc-2"}', encoding="utf-8")
    assert main(["gold", "import", str(src), "--out", str(out)]) == 1
    assert "doc-2.json exists" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["doc-2.json"]  # all or nothing
    assert json.loads((out / "doc-2.json").read_text()) == {"doc_id": "doc-2"}
    assert main(["gold", "import", str(src), "--out", str(out), "--force"]) == 0
    assert json.loads((out / "doc-2.json").read_text())["officials"][0]["name"] == "Jane Doe"


def test_invalid_edits_are_refused_by_the_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rel = release()
    rel["added"][0]["fields"]["code"] = "Britain"  # not an ISO code
    src = tmp_path / "review.json"
    src.write_text(json.dumps(export([rel])), encoding="utf-8")
    assert main(["gold", "import", str(src), "--out", str(tmp_path / "gold")]) == 1
    assert "gold.schema.json" in capsys.readouterr().err
    assert not (tmp_path / "gold").exists()
    rel = release("../escape")
    src.write_text(json.dumps(export([rel])), encoding="utf-8")
    assert main(["gold", "import", str(src), "--out", str(tmp_path / "gold")]) == 1
    assert "usable doc_id" in capsys.readouterr().err
    assert not (tmp_path / "escape.json").exists()
    (tmp_path / "other.json").write_text('{"releases": []}')
    assert main(["gold", "import", str(tmp_path / "other.json"), "--out", str(tmp_path)]) == 1
