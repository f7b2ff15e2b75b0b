"""Golden tests: the full pipeline over the bundled corpus and the shared gold set.

The seed must score micro-F1 1.0 with every attribute right; the shared gold set must
stay above the accuracy floors the project promises (README); every shared release must
process into a schema-valid record whose mentions reproduce the text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.score import score_dirs
from pipeline.validate import errors
from tests.conftest import REPO, require_shared

CORE = ("officials", "organizations", "locations", "countries", "dates", "working_groups")


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed")
    rc = main(
        [
            "extract",
            str(REPO / "corpus" / "releases"),
            "--manifest",
            str(REPO / "corpus" / "releases" / "manifest.jsonl"),
            "--out",
            str(out),
            "--workers",
            "1",
            "--quiet",
            "--no-tables",
        ]
    )
    assert rc == 0
    return out


@pytest.fixture(scope="module")
def shared_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared releases with their manifest, plus the seed with the bundled manifest
    (the shared gold covers the seed, whose date lives in corpus/releases/manifest.jsonl)."""
    releases = require_shared("corpus", "releases")
    require_shared("seeds")
    out = tmp_path_factory.mktemp("shared")
    runs = [
        (releases, releases / "manifest.jsonl"),
        (REPO / "corpus" / "releases", REPO / "corpus" / "releases" / "manifest.jsonl"),
    ]
    for inputs, manifest in runs:
        rc = main(
            [
                "extract",
                str(inputs),
                "--manifest",
                str(manifest),
                "--out",
                str(out),
                "--workers",
                "2",
                "--quiet",
                "--no-tables",
            ]
        )
        summary = json.loads((out / "summary.json").read_text())
        assert summary["failed"] == 0, summary["errors"]
        assert rc == 0
    return out


def test_seed_scores_perfectly(seed_run: Path) -> None:
    report, _ = score_dirs(seed_run, REPO / "corpus" / "gold")
    assert not report.missing
    for t in CORE:
        c = report.counts()[t]
        assert (c.fp, c.fn) == (0, 0), f"{t}: {c.fp} spurious, {c.fn} missed"
    assert report.micro_f1() == 1.0
    for label, (right, judged) in report.attributes().items():
        assert right == judged, f"{label}: {right}/{judged}"


def test_seed_record_is_valid_and_grounded(seed_run: Path) -> None:
    record = json.loads((seed_run / "000_b60951ee979ae1a4.json").read_text())
    assert errors(record) == []
    text = (REPO / "corpus" / "releases" / "000_b60951ee979ae1a4.txt").read_text()
    for key in ("officials", "organizations", "locations", "countries", "dates"):
        for fact in record[key]:
            assert fact["mentions"], f"{key} {fact} has no mention"
            for m in fact["mentions"]:
                assert text[m["start"] : m["end"]] == m["text"]


def test_every_shared_release_is_valid_with_true_offsets(shared_run: Path) -> None:
    releases = require_shared("corpus", "releases")
    ids = [json.loads(line)["id"] for line in (releases / "manifest.jsonl").open()]
    for doc_id in ids:
        record = json.loads((shared_run / f"{doc_id}.json").read_text())
        assert errors(record) == [], doc_id
        text = (releases / f"{doc_id}.txt").read_text(encoding="utf-8")
        for key, value in record.items():
            if isinstance(value, list) and key != "boilerplate":
                for fact in value:
                    for m in fact.get("mentions", []):
                        assert text[m["start"] : m["end"]] == m["text"], (doc_id, key, m)


def test_shared_gold_accuracy_gate(shared_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The CI gate: `tradefacts score --fail-under 0.90` over the whole shared gold set."""
    gold = require_shared("corpus", "gold")
    rc = main(["score", str(shared_run), str(gold), "--fail-under", "0.90"])
    printed = capsys.readouterr().out
    assert rc == 0, printed
    report, _ = score_dirs(shared_run, gold)
    assert not report.missing
    for t in CORE:
        f1 = report.counts()[t].f1 or 0.0
        assert f1 >= 0.85, f"{t} F1 {f1:.3f} < 0.85"
    attrs = report.attributes()
    for label, floor in (
        ("official.title", 0.90),
        ("official.country", 0.90),
        ("organization.type", 0.85),
    ):
        right, judged = attrs[label]
        assert judged and right / judged >= floor, f"{label} {right}/{judged} < {floor}"
