"""Probe set: how the rules carry over to governments the corpus does not cover (issue 10).

tests/probe/releases holds 16 short invented releases, each in the house style of a
government absent from the corpus (Canada, Australia, UK, Germany, France, Japan, Brazil,
Mexico, Indonesia, South Africa, Saudi Arabia, Türkiye, Viet Nam, Kenya, New Zealand,
Switzerland); tests/probe/gold was annotated by ANNOTATION.md before the pipeline ever ran
on them. People and companies are invented; bodies, places and countries are real. The
shared gold is an upper bound on accuracy; this set estimates the private one, so its
floors sit well below the shared gate and catch regressions on unseen house styles.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.score import load_gold, score_dirs
from pipeline.validate import errors
from tests.conftest import REPO, extract_dir

PROBE = REPO / "tests" / "probe"
RELEASES = PROBE / "releases"
GOLD = PROBE / "gold"

# Floors. Measured on this set on 2026-11-29: micro 0.921, organizations 0.898,
# locations 0.917, official.country 0.886 (39/44) at the first run; after the kinds of
# failure it showed were fixed as shapes: micro 0.985, organizations 0.982, locations
# 0.984, official.country 0.956 (43/45). The floors sit a little under the latest figures:
# they guard the carry-over to unseen governments against regressions; raise them as it
# improves.
PROBE_FLOORS: dict[str, float] = {
    "micro": 0.96,
    "organizations": 0.95,
    "locations": 0.95,
    "official.country": 0.91,
}


def manifest_ids() -> list[str]:
    return [json.loads(line)["id"] for line in (RELEASES / "manifest.jsonl").open(encoding="utf-8")]


@pytest.fixture(scope="module")
def probe_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return extract_dir(RELEASES, tmp_path_factory.mktemp("probe"), workers=1)


def test_probe_set_is_complete_and_gold_is_valid() -> None:
    """Every release has a manifest line and a schema-valid gold file, and nothing else."""
    ids = manifest_ids()
    assert len(ids) == len(set(ids)) >= 16
    assert {p.stem for p in RELEASES.glob("*.txt")} == set(ids)
    golds, bad = load_gold(GOLD)
    assert bad == []
    assert set(golds) == set(ids)
    countries = {json.loads(line)["country"] for line in (RELEASES / "manifest.jsonl").open()}
    assert len(countries) == len(ids), "one government per release"


def test_probe_records_are_valid_with_true_offsets(probe_run: Path) -> None:
    for doc_id in manifest_ids():
        record = json.loads((probe_run / f"{doc_id}.json").read_text())
        assert errors(record) == [], doc_id
        text = (RELEASES / f"{doc_id}.txt").read_text(encoding="utf-8")
        for key, value in record.items():
            if isinstance(value, list) and key != "boilerplate":
                for fact in value:
                    for m in fact.get("mentions", []):
                        assert text[m["start"] : m["end"]] == m["text"], (doc_id, key, m)


def test_probe_accuracy_floors(probe_run: Path) -> None:
    report, _ = score_dirs(probe_run, GOLD)
    assert not report.missing
    assert not report.bad_gold
    micro = report.micro_f1()
    assert micro >= PROBE_FLOORS["micro"], f"probe micro-F1 {micro:.3f} < {PROBE_FLOORS['micro']}"
    counts = report.counts()
    for fact_type in ("organizations", "locations"):
        f1 = counts[fact_type].f1 or 0.0
        floor = PROBE_FLOORS[fact_type]
        assert f1 >= floor, f"probe {fact_type} F1 {f1:.3f} < {floor}"
    right, judged = report.attributes()["official.country"]
    floor = PROBE_FLOORS["official.country"]
    assert judged and right / judged >= floor, f"probe official.country {right}/{judged} < {floor}"
