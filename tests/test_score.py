"""The scorer: matching rules of ANNOTATION.md on hand-made records, and ``tradefacts score``."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from pipeline.record import FACT_LISTS, new_record
from pipeline.score import (
    Counts,
    load_agencies,
    load_gold,
    load_predictions,
    match,
    record_text,
    score_dirs,
    score_record,
    score_records,
)
from pipeline.validate import errors

SRC = "test:rule"

# -- builders ------------------------------------------------------------------------------


def official(
    name: str,
    title: str | None = None,
    organization: str | None = None,
    country: str | None = None,
    source: str = SRC,
) -> dict[str, Any]:
    return {
        "name": name,
        "title": title,
        "organization": organization,
        "country": country,
        "aliases": [],
        "mentions": [],
        "source": source,
    }


def org(
    name: str, type_: str = "other", country: str | None = None, source: str = SRC
) -> dict[str, Any]:
    return {
        "name": name,
        "type": type_,
        "country": country,
        "parent": None,
        "aliases": [],
        "mentions": [],
        "source": source,
    }


def loc(name: str, country: str | None = None, source: str = SRC) -> dict[str, Any]:
    return {
        "name": name,
        "type": "city",
        "country": country,
        "aliases": [],
        "mentions": [],
        "source": source,
    }


def country(code: str, name: str = "", source: str = SRC) -> dict[str, Any]:
    return {"code": code, "name": name or code, "mentions": [], "source": source}


def date(text: str, value: str | None, source: str = SRC) -> dict[str, Any]:
    gran = {4: "year", 7: "month", 10: "day"}.get(len(value or ""))
    return {"text": text, "value": value, "granularity": gran, "mentions": [], "source": source}


def agreement(kind: str, parties: list[str], source: str = SRC) -> dict[str, Any]:
    return {
        "kind": kind,
        "parties": parties,
        "subject": None,
        "location": None,
        "date": None,
        "status": None,
        "mentions": [],
        "source": source,
    }


def event(name: str, source: str = SRC) -> dict[str, Any]:
    return {
        "name": name,
        "kind": None,
        "date": None,
        "location": None,
        "participants": [],
        "aliases": [],
        "mentions": [],
        "source": source,
    }


def pred(doc_id: str = "d1", text: str = "", **lists: list[dict[str, Any]]) -> dict[str, Any]:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    rec = new_record(doc_id, "2024-06-27", None, sha)
    rec.update(lists)
    assert errors(rec) == [], errors(rec)  # the builders make schema-valid records
    return rec


def gold(doc_id: str = "d1", **lists: list[dict[str, Any]]) -> dict[str, Any]:
    rec: dict[str, Any] = {"doc_id": doc_id, "published": "2024-06-27"}
    for name in FACT_LISTS:
        rec[name] = lists.get(name, [])
    assert errors(rec, "gold.schema.json") == [], errors(rec, "gold.schema.json")
    return rec


def counts(p: dict[str, Any], g: dict[str, Any], fact_type: str) -> tuple[int, int, int]:
    c = score_record(p, g).counts[fact_type]
    return c.tp, c.fp, c.fn


# -- matching ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("predicted", "annotated"),
    [
        ("the U.S. Department of Commerce", "U.S. Department of Commerce"),
        ("Ministry of Trade Industry and Energy", "Ministry of Trade, Industry and Energy"),
        ("research & development agency", "Research and Development Agency"),
        ("THE WORLD TRADE ORGANIZATION", "World Trade Organization"),
    ],
)
def test_names_match_after_normalisation(predicted: str, annotated: str) -> None:
    g = gold(organizations=[{"name": annotated}])
    assert counts(pred(organizations=[org(predicted)]), g, "organizations") == (1, 0, 0)


def test_different_names_do_not_match() -> None:
    g = gold(organizations=[{"name": "Department of Commerce"}])
    p = pred(organizations=[org("Department of Energy")])
    assert counts(p, g, "organizations") == (0, 1, 1)


def test_extracted_name_matches_a_gold_alias_but_extracted_aliases_do_not_count() -> None:
    g = gold(organizations=[{"name": "U.S. Department of Commerce", "aliases": ["Commerce"]}])
    assert counts(pred(organizations=[org("Commerce")]), g, "organizations") == (1, 0, 0)
    # the spec compares the extracted *name* only: an extracted alias equal to gold's name
    wrong_name = org("DOC")
    wrong_name["aliases"] = ["U.S. Department of Commerce"]
    assert counts(pred(organizations=[wrong_name]), g, "organizations") == (0, 1, 1)


def test_each_gold_entry_is_matched_once() -> None:
    g = gold(officials=[{"name": "Gina Raimondo", "aliases": ["Raimondo"]}])
    p = pred(officials=[official("Gina Raimondo"), official("Raimondo")])
    assert counts(p, g, "officials") == (1, 1, 0)


def test_exact_names_are_matched_before_aliases() -> None:
    # "Commerce" is an alias of the first gold entry but the exact name of the second;
    # the prediction listed first must not take the first entry through its alias.
    g = gold(
        organizations=[
            {"name": "U.S. Department of Commerce", "aliases": ["Commerce"]},
            {"name": "Commerce"},
        ]
    )
    p = pred(organizations=[org("Commerce"), org("U.S. Department of Commerce")])
    assert match("organizations", p["organizations"], g["organizations"]) == {0: 1, 1: 0}
    assert counts(p, g, "organizations") == (2, 0, 0)


def test_optional_gold_is_neither_rewarded_nor_punished() -> None:
    g = gold(
        locations=[
            {"name": "San Diego"},
            {"name": "Texas", "optional": True},
            {"name": "Tennessee", "optional": True},
        ]
    )
    p = pred(locations=[loc("San Diego"), loc("Texas")])
    assert counts(p, g, "locations") == (1, 0, 0)  # Texas dropped, Tennessee not missed
    doc = score_record(p, g)
    assert not [i for i in doc.issues if i.name in ("Texas", "Tennessee")]


def test_optional_matched_through_an_alias_is_dropped_too() -> None:
    g = gold(organizations=[{"name": "Ministry of Trade", "aliases": ["MOT"], "optional": True}])
    assert counts(pred(organizations=[org("MOT")]), g, "organizations") == (0, 0, 0)


def test_required_gold_wins_over_an_optional_one_with_the_same_name() -> None:
    g = gold(locations=[{"name": "Georgia", "optional": True}, {"name": "Georgia"}])
    assert counts(pred(locations=[loc("Georgia")]), g, "locations") == (1, 0, 0)


def test_dates_match_on_value_not_text() -> None:
    g = gold(dates=[{"text": "Today", "value": "2024-06-27"}, {"text": "May", "value": "2024-05"}])
    p = pred(dates=[date("June 27", "2024-06-27"), date("May", "2024-05-01")])
    assert counts(p, g, "dates") == (1, 1, 1)


def test_a_gold_date_without_value_matches_on_text() -> None:
    g = gold(dates=[{"text": "today", "value": None}])
    assert counts(pred(dates=[date("Today", None)]), g, "dates") == (1, 0, 0)
    assert counts(pred(dates=[date("Today", "2024-06-27")]), g, "dates") == (0, 1, 1)


def test_countries_match_on_code_not_name() -> None:
    g = gold(countries=[{"code": "KR", "name": "Korea"}])
    assert counts(pred(countries=[country("KR", "South Korea")]), g, "countries") == (1, 0, 0)
    assert counts(pred(countries=[country("KP", "Korea")]), g, "countries") == (0, 1, 1)


def test_types_never_cross() -> None:
    g = gold(locations=[{"name": "Georgia"}])
    p = pred(organizations=[org("Georgia")])
    doc = score_record(p, g)
    assert (doc.counts["organizations"].fp, doc.counts["locations"].fn) == (1, 1)


def test_agreements_match_on_kind_head_and_a_shared_party() -> None:
    g = gold(
        agreements=[
            {
                "kind": "preliminary memorandum",
                "parties": ["U.S. Department of Commerce", "Samsung Electronics"],
            }
        ]
    )
    same = agreement("memorandum of understanding", ["Department of Commerce", "Samsung"])
    assert counts(pred(agreements=[same]), g, "agreements") == (1, 0, 0)
    other_kind = agreement("joint statement", ["Samsung Electronics"])
    assert counts(pred(agreements=[other_kind]), g, "agreements") == (0, 1, 1)
    no_party = agreement("MoU", ["Absolics"])
    assert counts(pred(agreements=[no_party]), g, "agreements") == (0, 1, 1)


def test_a_missing_prediction_misses_all_required_gold() -> None:
    g = gold(
        officials=[{"name": "A B"}],
        countries=[{"code": "US"}, {"code": "KR", "optional": True}],
    )
    doc = score_record(None, g)
    assert (doc.counts["officials"].fn, doc.counts["countries"].fn) == (1, 1)
    assert {i.kind for i in doc.issues} == {"missed"}


def test_a_list_absent_from_gold_is_not_scored() -> None:
    g = {"doc_id": "d1", "officials": [{"name": "A B"}]}
    doc = score_record(pred(events=[event("Summit")]), g)
    assert "events" not in doc.counts
    assert doc.counts["officials"].fn == 1


# -- attributes ----------------------------------------------------------------------------


def attrs(p: dict[str, Any], g: dict[str, Any]) -> dict[str, list[int]]:
    return score_record(p, g).attrs


def test_official_title_and_organization_accept_alternatives() -> None:
    g = gold(
        officials=[
            {
                "name": "Gina Raimondo",
                "title": "Secretary",
                "title_alts": ["Secretary of Commerce"],
                "organization": "U.S. Department of Commerce",
                "org_alts": ["Commerce Department"],
                "country": "US",
            }
        ]
    )
    p = pred(officials=[official("Gina Raimondo", "secretary of commerce", "Commerce Department")])
    a = attrs(p, g)
    assert a["official.title"] == [1, 1]
    assert a["official.organization"] == [1, 1]
    assert a["official.country"] == [0, 1]  # predicted null, gold US


def test_a_wrong_title_is_an_attribute_error_with_both_values() -> None:
    g = gold(officials=[{"name": "Ahn Duk-geun", "title": "Minister", "country": "KR"}])
    p = pred(officials=[official("Ahn Duk-geun", "Ambassador", None, "KR", source="off:x")])
    doc = score_record(p, g)
    assert doc.attrs["official.title"] == [0, 1]
    errs = [i for i in doc.issues if i.kind == "attribute"]
    assert [(e.attribute, e.predicted, e.gold, e.source) for e in errs] == [
        ("official.title", "Ambassador", "Minister", "off:x")
    ]


def test_official_null_organization_is_judged_null_is_right() -> None:
    g = gold(officials=[{"name": "Biden", "title": "President", "organization": None}])
    assert attrs(pred(officials=[official("Biden", "President")]), g)["official.organization"] == [
        1,
        1,
    ]
    guessed = pred(officials=[official("Biden", "President", "White House")])
    assert attrs(guessed, g)["official.organization"] == [0, 1]


def test_organization_and_location_country_not_judged_when_gold_is_null() -> None:
    g = gold(
        organizations=[
            {"name": "Samsung Electronics", "type": "company", "country": None},
            {"name": "SKC", "type": "company", "country": "KR"},
        ],
        locations=[
            {"name": "Central Texas", "country": None},
            {"name": "San Diego", "country": "US"},
        ],
    )
    p = pred(
        organizations=[org("Samsung Electronics", "company", "KR"), org("SKC", "company", None)],
        locations=[loc("Central Texas", "US"), loc("San Diego", "US")],
    )
    a = attrs(p, g)
    assert a["organization.country"] == [0, 1]  # only SKC judged, and it is wrong
    assert a["location.country"] == [1, 1]  # only San Diego judged
    assert a["organization.type"] == [2, 2]


def test_organization_type_not_judged_when_gold_is_null() -> None:
    g = gold(
        organizations=[{"name": "X Council", "type": None}, {"name": "Y Corp", "type": "company"}]
    )
    p = pred(organizations=[org("X Council", "government"), org("Y Corp", "government")])
    assert attrs(p, g)["organization.type"] == [0, 1]


def test_optional_matches_are_not_judged() -> None:
    g = gold(organizations=[{"name": "EU", "type": "international", "optional": True}])
    assert attrs(pred(organizations=[org("EU", "other")]), g) == {}


# -- mentions ------------------------------------------------------------------------------


def test_mention_offsets_are_checked_against_the_text() -> None:
    text = "Secretary Gina Raimondo met Minister Ahn."
    good = official("Gina Raimondo")
    good["mentions"] = [{"start": 10, "end": 23, "text": "Gina Raimondo", "source": SRC}]
    bad = official("Ahn")
    bad["mentions"] = [{"start": 36, "end": 39, "text": "Ahn", "source": SRC}]  # off by one
    p = pred(text=text, officials=[good, bad])
    doc = score_record(p, gold(officials=[{"name": "Gina Raimondo"}, {"name": "Ahn"}]), text)
    assert (doc.mentions_checked, doc.mention_errors) == (2, 1)


def test_record_text_is_found_by_digest(tmp_path: Path) -> None:
    text = "Washington – Today the ministers met.\n"
    path = tmp_path / "d1.txt"
    path.write_text(text, encoding="utf-8")
    p = pred(text=text)
    assert record_text(p) is None  # no text, no input path
    p["input"] = {"path": str(path), "format": "txt", "encoding": "utf-8"}
    assert record_text(p) == text
    assert record_text({**p, "input": {}}, [tmp_path]) == text  # found in a text dir
    path.write_text(text + "changed", encoding="utf-8")
    assert record_text(p) is None  # a changed file is never used
    assert record_text({**p, "text": "inline"}) == "inline"


# -- totals --------------------------------------------------------------------------------


def test_micro_f1_pools_the_core_types_only() -> None:
    g = gold(officials=[{"name": "A B"}, {"name": "C D"}], countries=[{"code": "US"}])
    p = pred(
        officials=[official("A B"), official("E F")],
        countries=[country("US")],
        events=[event("Summit"), event("Forum")],  # spurious, but not in the headline
    )
    report = score_records({"d1": g}, {"d1": p})
    m = report.micro()
    assert (m.tp, m.fp, m.fn) == (2, 1, 1)
    assert report.micro_f1() == pytest.approx(2 * 2 / (2 * 2 + 1 + 1))
    assert report.counts()["events"].fp == 2


def test_counts_are_undefined_without_data() -> None:
    assert Counts().f1 is None and Counts().precision is None
    assert Counts(tp=0, fp=0, fn=3).f1 == 0.0


def test_bad_gold_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / "good.json").write_text(json.dumps(gold("good")), encoding="utf-8")
    (tmp_path / "schema.json").write_text(
        json.dumps({"doc_id": "schema", "officials": [{"title": "no name"}]}), encoding="utf-8"
    )
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "renamed.json").write_text(json.dumps(gold("other")), encoding="utf-8")
    golds, bad = load_gold(tmp_path)
    assert list(golds) == ["good"]
    assert len(bad) == 3
    joined = "\n".join(bad)
    assert "schema.json: fails gold.schema.json" in joined and "name" in joined
    assert "broken.json: not JSON" in joined
    assert "renamed.json: doc_id 'other'" in joined


def test_only_records_named_after_gold_are_read(tmp_path: Path) -> None:
    (tmp_path / "summary.json").write_text("[1, 2]", encoding="utf-8")  # never read
    (tmp_path / "a.json").write_text(json.dumps(pred("not-a")), encoding="utf-8")
    (tmp_path / "b.json").write_text("{broken", encoding="utf-8")
    (tmp_path / "c.json").write_text("[]", encoding="utf-8")
    preds, bad, warnings = load_predictions(tmp_path, ["a", "b", "c", "d"])
    assert list(preds) == ["a"]
    assert [Path(line.split(":")[0]).name for line in bad] == ["b.json", "c.json"]
    assert len(warnings) == 1 and "doc_id 'not-a' differs" in warnings[0]


# -- the command ---------------------------------------------------------------------------


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    """An extract-like output dir (records + summary.json + extras) and a gold dir.

    d1: officials 2 TP + 1 FP (source "officials:spurious"), 1 title error; d2 has no
    prediction (1 official missed). Core totals: TP 2, FP 1, FN 1 -> micro-F1 0.667.
    """
    pred_dir, gold_dir = tmp_path / "out", tmp_path / "gold"
    pred_dir.mkdir()
    gold_dir.mkdir()
    g1 = gold(
        "d1",
        officials=[
            {"name": "Gina Raimondo", "title": "Secretary", "organization": None, "country": None},
            {"name": "Ahn Duk-geun", "title": None, "organization": None, "country": None},
        ],
    )
    g2 = gold("d2", officials=[{"name": "Jane Roe"}])
    (gold_dir / "d1.json").write_text(json.dumps(g1), encoding="utf-8")
    (gold_dir / "d2.json").write_text(json.dumps(g2), encoding="utf-8")
    p1 = pred(
        "d1",
        officials=[
            official("Gina Raimondo", "Minister"),
            official("Ahn Duk-geun"),
            official("Semiconductor Forum", source="officials:spurious"),
        ],
    )
    (pred_dir / "d1.json").write_text(json.dumps(p1), encoding="utf-8")
    (pred_dir / "summary.json").write_text(json.dumps({"documents": 2, "failed": 0}))
    (pred_dir / "errors.jsonl").write_text("")
    (pred_dir / "report.html").write_text("<html></html>")
    (pred_dir / "tables").mkdir()
    (pred_dir / "unrelated.json").write_text(json.dumps(pred("unrelated")))
    return pred_dir, gold_dir


def test_cli_prints_the_table(dirs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    pred_dir, gold_dir = dirs
    assert main(["score", str(pred_dir), str(gold_dir)]) == 0
    out = capsys.readouterr().out
    assert "micro-F1 (core) 0.667" in out
    line = next(ln for ln in out.splitlines() if ln.startswith("officials"))
    assert line.split()[-3:] == ["2", "1", "1"]
    assert "official.title" in out and "(1/2)" in out
    assert "mention offset errors 0" in out
    assert "missing predictions: 1" in out and "d2" in out
    assert "summary" not in out and "unrelated" not in out


@pytest.mark.parametrize(("threshold", "status"), [(0.6, 0), (0.7, 1)])
def test_cli_fail_under(
    dirs: tuple[Path, Path], capsys: pytest.CaptureFixture[str], threshold: float, status: int
) -> None:
    pred_dir, gold_dir = dirs
    assert main(["score", str(pred_dir), str(gold_dir), "--fail-under", str(threshold)]) == status
    err = capsys.readouterr().err
    assert ("is under --fail-under" in err) == bool(status)


def test_cli_errors_jsonl(dirs: tuple[Path, Path], tmp_path: Path) -> None:
    pred_dir, gold_dir = dirs
    target = tmp_path / "errs" / "errors.jsonl"
    assert main(["score", str(pred_dir), str(gold_dir), "--errors", str(target)]) == 0
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    by_kind = {r["kind"]: r for r in rows}
    assert sorted(r["kind"] for r in rows) == ["attribute", "missed", "spurious"]
    assert by_kind["spurious"] == {
        "doc_id": "d1",
        "type": "officials",
        "kind": "spurious",
        "name": "Semiconductor Forum",
        "source": "officials:spurious",
    }
    assert by_kind["missed"]["doc_id"] == "d2" and by_kind["missed"]["name"] == "Jane Roe"
    attr = by_kind["attribute"]
    assert (attr["attribute"], attr["predicted"], attr["gold"]) == (
        "official.title",
        "Minister",
        "Secretary",
    )
    assert not list(target.parent.glob("*.tmp"))


def test_cli_verbose_names_the_source_of_spurious_facts(
    dirs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pred_dir, gold_dir = dirs
    assert main(["score", str(pred_dir), str(gold_dir), "-v"]) == 0
    out = capsys.readouterr().out
    spurious = out[out.index("spurious (extracted") :]
    assert "source officials:spurious (1)" in spurious
    assert "d1: Semiconductor Forum" in spurious
    assert "spurious by source" in out and "missed by type" in out
    assert "d2: Jane Roe" in out[out.index("missed (in gold") : out.index("spurious (extracted")]


def test_cli_json(dirs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    pred_dir, gold_dir = dirs
    assert main(["score", str(pred_dir), str(gold_dir), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["micro_f1_core"] == pytest.approx(2 / 3)
    assert data["types"]["officials"]["fp"] == 1
    assert data["attributes"]["official.title"] == {"right": 1, "judged": 2, "accuracy": 0.5}
    assert data["missing_predictions"] == ["d2"]


def test_cli_bad_gold_fails_clearly(
    dirs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pred_dir, gold_dir = dirs
    (gold_dir / "d3.json").write_text(json.dumps({"doc_id": "d3", "dates": [{"text": "x"}]}))
    assert main(["score", str(pred_dir), str(gold_dir)]) == 1
    err = capsys.readouterr().err
    assert "bad gold file" in err and "d3.json" in err and "value" in err


def test_cli_usage_error_for_a_missing_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["score", str(tmp_path / "nope"), str(tmp_path)]) == 2
    assert "not a directory" in capsys.readouterr().err


# -- breakdown by agency and by rule ---------------------------------------------------------


def test_score_imports_no_spacy() -> None:
    """Scoring starts without the model stack."""
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    code = "import sys, pipeline.score; print(sorted(sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=repo,
        env={"PYTHONPATH": str(repo), "PATH": ""},
        check=True,
    )
    loaded = set(done.stdout.strip().strip("[]").replace("'", "").split(", "))
    assert "pipeline.score" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("spacy", "thinc")}


def write_agency_case(tmp_path: Path, with_input_paths: bool) -> tuple[Path, Path, Path]:
    """Three documents: a (Agency A), b (Agency B), c (no agency in the manifest).

    a: 2 TP countries, 1 FP country; b: 1 TP date, 1 missed date; c: 1 TP country.
    Returns (pred_dir, gold_dir, manifest).
    """
    pred_dir, gold_dir, texts = tmp_path / "out", tmp_path / "gold", tmp_path / "texts"
    for d in (pred_dir, gold_dir, texts):
        d.mkdir(parents=True)
    manifest = texts / "manifest.jsonl"
    manifest.write_text(
        "\n".join(
            json.dumps(row)
            for row in (
                {"id": "a", "published": "2025-04-02", "agency": "Agency A"},
                {"id": "b", "published": "2025-04-02", "agency": "Agency B"},
                {"id": "c", "published": "2025-04-02"},
            )
        )
        + "\n",
        encoding="utf-8",
    )
    golds = {
        "a": gold("a", countries=[{"code": "US", "name": "US"}, {"code": "KR", "name": "KR"}]),
        "b": gold(
            "b",
            dates=[
                {"text": "2024", "value": "2024", "granularity": "year"},
                {"text": "May 2024", "value": "2024-05", "granularity": "month"},
            ],
        ),
        "c": gold("c", countries=[{"code": "JP", "name": "JP"}]),
    }
    preds = {
        "a": pred(
            "a",
            countries=[
                country("US", source="countries:name"),
                country("KR", source="countries:name"),
                country("FR", source="countries:demonym"),
            ],
        ),
        "b": pred("b", dates=[date("2024", "2024", source="dates:year")]),
        "c": pred("c", countries=[country("JP", source="countries:name")]),
    }
    for doc_id in golds:
        (gold_dir / f"{doc_id}.json").write_text(json.dumps(golds[doc_id]), encoding="utf-8")
        rec = preds[doc_id]
        if with_input_paths:
            rec["input"] = {"path": str(texts / f"{doc_id}.txt"), "format": "txt"}
        (pred_dir / f"{doc_id}.json").write_text(json.dumps(rec), encoding="utf-8")
    return pred_dir, gold_dir, manifest


def test_breakdown_by_agency_from_an_explicit_manifest(tmp_path: Path) -> None:
    pred_dir, gold_dir, manifest = write_agency_case(tmp_path, with_input_paths=False)
    report, _ = score_dirs(pred_dir, gold_dir, manifests=[manifest])
    by = report.by_agency()
    assert list(by) == ["Agency A", "Agency B", "unknown"]
    n_a, a = by["Agency A"]
    assert n_a == 1
    assert (a["countries"].tp, a["countries"].fp, a["countries"].fn) == (2, 1, 0)
    assert a["countries"].precision == pytest.approx(2 / 3)
    _, b = by["Agency B"]
    assert (b["dates"].tp, b["dates"].fn, b["dates"].recall) == (1, 1, 0.5)
    _, c = by["unknown"]
    assert c["countries"].f1 == 1.0
    # the breakdown adds up to the totals
    assert (
        sum(counts["countries"].tp for _, counts in by.values()) == report.counts()["countries"].tp
    )


def test_breakdown_finds_the_manifest_beside_the_inputs(tmp_path: Path) -> None:
    pred_dir, gold_dir, _ = write_agency_case(tmp_path, with_input_paths=True)
    report, _ = score_dirs(pred_dir, gold_dir)
    assert report.agency_of("a") == "Agency A" and report.agency_of("b") == "Agency B"
    assert report.agency_of("c") == "unknown"
    # without input paths and without --manifest nothing is known: all under "unknown"
    pred_dir2, gold_dir2, _ = write_agency_case(tmp_path / "bare", with_input_paths=False)
    report2, _ = score_dirs(pred_dir2, gold_dir2)
    assert list(report2.by_agency()) == ["unknown"]
    assert report2.by_agency()["unknown"][0] == 3


def test_bad_manifest_lines_are_warnings_not_failures(tmp_path: Path) -> None:
    good = tmp_path / "m1.jsonl"
    good.write_text('{"id": "a", "agency": "Agency A"}\n{broken\n["no object"]\n', "utf-8")
    other = tmp_path / "m2.jsonl"
    other.write_text(
        '{"id": "a", "agency": "Agency Z"}\n{"id": 7, "agency": "Agency N"}\n', "utf-8"
    )
    agencies, warnings = load_agencies([good, other, tmp_path / "missing.jsonl"])
    assert agencies == {"a": "Agency A", "7": "Agency N"}  # the first manifest naming an id wins
    assert len(warnings) == 3
    assert any("missing.jsonl" in w for w in warnings)


def test_rule_precision_is_sorted_worst_first() -> None:
    g = gold(
        "d1",
        countries=[
            {"code": "US", "name": "US"},
            {"code": "KR", "name": "KR"},
            {"code": "JP", "name": "JP", "optional": True},
        ],
        dates=[{"text": "2024", "value": "2024", "granularity": "year"}],
    )
    p = pred(
        "d1",
        countries=[
            country("US", source="countries:name"),
            country("KR", source="countries:demonym"),
            country("FR", source="countries:demonym"),
            country("JP", source="countries:optional"),  # matches optional gold: not counted
        ],
        dates=[
            date("2024", "2024", source="dates:year"),
            date("1999", "1999", source="dates:year"),
        ],
    )
    q = pred("d2", countries=[country("DE", source="countries:guess")])
    report = score_records({"d1": g, "d2": gold("d2", countries=[])}, {"d1": p, "d2": q})
    rows = report.rule_precision()
    assert rows == [
        ("countries", "countries:guess", 0, 1),
        ("countries", "countries:demonym", 1, 1),
        ("dates", "dates:year", 1, 1),
        ("countries", "countries:name", 1, 0),
    ]
    assert all("countries:optional" not in r for r in rows)


def test_cli_prints_and_json_includes_the_breakdowns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pred_dir, gold_dir, manifest = write_agency_case(tmp_path, with_input_paths=False)
    extra = tmp_path / "more.jsonl"
    extra.write_text('{"id": "c", "agency": "Agency C"}\n', encoding="utf-8")
    args = ["score", str(pred_dir), str(gold_dir), "--manifest", str(manifest)]
    assert main([*args, "--manifest", str(extra)]) == 0
    out = capsys.readouterr().out
    block = out[out.index("by agency") : out.index("precision by rule")]
    assert "Agency A (1 document)" in block and "Agency C (1 document)" in block
    assert "unknown" not in block.split("\n", 1)[1]
    a_block = block[block.index("Agency A") : block.index("Agency B")]
    countries_row = next(ln for ln in a_block.splitlines() if ln.strip().startswith("countries"))
    assert countries_row.split()[1:4] == ["0.667", "1.000", "0.800"]
    rules = out[out.index("precision by rule") :].splitlines()[2:]
    assert rules[0].split()[:2] == ["countries", "countries:demonym"]
    assert rules[-1].split()[-1] == "1.000"

    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["by_agency"]) == {"Agency A", "Agency B", "unknown"}
    assert data["by_agency"]["Agency A"]["documents"] == 1
    assert data["by_agency"]["Agency A"]["micro_core"]["precision"] == pytest.approx(2 / 3)
    assert data["by_agency"]["Agency B"]["types"]["dates"]["recall"] == 0.5
    assert data["rules"][0] == {
        "type": "countries",
        "source": "countries:demonym",
        "tp": 0,
        "fp": 1,
        "precision": 0.0,
    }
