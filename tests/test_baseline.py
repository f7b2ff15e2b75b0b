"""The raw-model baseline: fixed entity-label mapping, valid records, and ``score --baseline``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, Span

from pipeline.baseline import Baseline, baseline_records, default_baseline, find_texts, parse_date
from pipeline.cli import main
from pipeline.score import load_gold, score_records
from pipeline.validate import errors

REPO = Path(__file__).resolve().parents[1]
SEED_ID = "000_b60951ee979ae1a4"


@pytest.fixture(scope="module")
def model() -> Baseline:
    """The real model, loaded once per module (the CLI reuses the same cached instance)."""
    return default_baseline()


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("May 2024", "2024-06-27", ("2024-05", "month")),
        ("Today", "2024-06-27", ("2024-06-27", "day")),
        ("2024", "2024-06-27", ("2024", "year")),
        ("June 27, 2024", None, ("2024-06-27", "day")),
        ("today", None, (None, None)),  # relative, no document date: unresolved
        ("this week", "2024-06-27", (None, None)),  # week precision is not kept
    ],
)
def test_parse_date(
    text: str, published: str | None, expected: tuple[str | None, str | None]
) -> None:
    assert parse_date(text, published) == expected


def _doc_with_ents(text: str, ents: list[tuple[str, str]]) -> Doc:
    """A blank-pipeline Doc whose entities are set by hand: (surface, label), in order."""
    doc = spacy.blank("en")(text)
    spans: list[Span] = []
    pos = 0
    for surface, label in ents:
        start = text.index(surface, pos)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
        pos = start + len(surface)
    doc.ents = spans
    return doc


def test_entity_labels_map_onto_record_lists() -> None:
    text = (
        "Helen Marsh of the Department of Commerce met Korean officials from Korea in "
        "Austin and the Indo-Pacific on June 27, 2024. Helen Marsh spoke to 300 Republicans."
    )
    ents = [
        ("Helen Marsh", "PERSON"),
        ("the Department of Commerce", "ORG"),
        ("Korean", "NORP"),
        ("Korea", "GPE"),
        ("Austin", "GPE"),
        ("Indo-Pacific", "LOC"),
        ("June 27, 2024", "DATE"),
        ("Helen Marsh", "PERSON"),
        ("300", "CARDINAL"),
        ("Republicans", "NORP"),
    ]
    doc = _doc_with_ents(text, ents)
    base = Baseline(model="test_model", nlp=spacy.blank("en"))
    rec = base._record("d1", text, "2024-06-27", doc.ents)
    assert errors(rec) == []
    assert [o["name"] for o in rec["officials"]] == ["Helen Marsh"]
    assert len(rec["officials"][0]["mentions"]) == 2  # one entry per name
    assert rec["officials"][0]["title"] is None
    assert [(o["name"], o["type"]) for o in rec["organizations"]] == [
        ("Department of Commerce", "other")
    ]
    # "Korean" (NORP) and "Korea" (GPE) are one country; "Republicans" maps to nothing
    assert [(c["code"], len(c["mentions"])) for c in rec["countries"]] == [("KR", 2)]
    assert [(x["name"], x["type"]) for x in rec["locations"]] == [
        ("Austin", "other"),
        ("Indo-Pacific", "region"),
    ]
    assert [(d["value"], d["granularity"]) for d in rec["dates"]] == [("2024-06-27", "day")]
    for name in ("working_groups", "dialogues", "events", "agreements"):
        assert rec[name] == []
    for name in ("officials", "organizations", "locations", "countries", "dates"):
        for entry in rec[name]:
            assert entry["source"].startswith("model:test_model:")
            for m in entry["mentions"]:
                assert text[m["start"] : m["end"]] == m["text"]


def test_find_texts_reads_published_from_the_manifest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Text A.", encoding="utf-8")
    (tmp_path / "manifest.jsonl").write_text(
        json.dumps({"id": "a", "published": "2024-01-02"}) + "\n", encoding="utf-8"
    )
    other = tmp_path / "other"
    other.mkdir()
    (other / "b.txt").write_text("Text B.", encoding="utf-8")
    found, missing = find_texts(["a", "b", "c"], [tmp_path, other])
    assert found == [("a", "Text A.", "2024-01-02"), ("b", "Text B.", None)]
    assert missing == ["c"]


def test_real_model_record_is_valid_and_grounded(model: Baseline) -> None:
    text = (
        "Today, U.S. Secretary Helen Marsh met Korean Minister Joo Tae-rim in "
        "Washington on June 27, 2024."
    )
    rec = model.record("d1", text, "2024-06-27")
    assert errors(rec) == []
    assert "Helen Marsh" in [o["name"] for o in rec["officials"]]
    assert "US" in [c["code"] for c in rec["countries"]]
    assert "2024-06-27" in [d["value"] for d in rec["dates"]]
    assert rec["working_groups"] == []
    for name in ("officials", "organizations", "locations", "countries", "dates"):
        for entry in rec[name]:
            for m in entry["mentions"]:
                assert text[m["start"] : m["end"]] == m["text"]


def test_baseline_on_the_seed_finds_entities_but_no_working_groups(model: Baseline) -> None:
    golds, bad = load_gold(REPO / "corpus" / "gold")
    assert bad == [] and SEED_ID in golds
    records, missing = baseline_records([SEED_ID], [REPO / "corpus" / "releases"], model)
    assert missing == []
    assert records[SEED_ID]["published"] == "2024-06-27"  # from the manifest
    report = score_records({SEED_ID: golds[SEED_ID]}, records, [REPO / "corpus" / "releases"])
    counts = report.counts()
    assert counts["officials"].tp >= 1 and counts["countries"].tp >= 1
    required_wgs = sum(1 for w in golds[SEED_ID]["working_groups"] if not w.get("optional"))
    assert counts["working_groups"].fn == required_wgs > 0
    checked, wrong, _ = report.mention_check()
    assert checked > 0 and wrong == 0  # offsets are the model's own: all true
    assert 0.0 < report.micro_f1() < 1.0


def test_cli_baseline_columns(
    model: Baseline, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts, gold_dir, pred_dir = tmp_path / "texts", tmp_path / "gold", tmp_path / "out"
    for d in (texts, gold_dir, pred_dir):
        d.mkdir()
    text = "Secretary Helen Marsh visited Korea on June 27, 2024."
    (texts / "d1.txt").write_text(text, encoding="utf-8")
    gold = {
        "doc_id": "d1",
        "officials": [{"name": "Helen Marsh"}],
        "countries": [{"code": "KR"}],
        "dates": [{"text": "June 27, 2024", "value": "2024-06-27"}],
    }
    (gold_dir / "d1.json").write_text(json.dumps(gold), encoding="utf-8")
    assert main(["score", str(pred_dir), str(gold_dir), "--baseline", str(texts)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "raw model F1" in line)
    assert "rules F1" in lines[at] and "delta" in lines[at]
    # no predictions at all: rules F1 0 for officials, the raw model finds the person
    row = next(line for line in lines[at:] if line.startswith("officials"))
    rules_f1, raw_f1, delta = (float(x) for x in row.split()[1:4])
    assert rules_f1 == 0.0 and raw_f1 > 0.0 and delta == pytest.approx(-raw_f1, abs=1e-3)
