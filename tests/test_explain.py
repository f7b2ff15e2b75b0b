"""Evidence and reasons (issue 14): every candidate's fate, ``extract --explain``, and
``score -v`` telling a miss never proposed from one proposed and dropped.

Texts and names are invented; extraction runs the model-free pipeline.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.batch import ExtractOptions, candidates_path, run_extract
from pipeline.cli import main
from pipeline.record import FACT_LISTS, Candidate, candidate_fates, candidate_rows, new_record
from pipeline.score import NOT_PROPOSED, explain_miss

BLANK = "pipeline.nlp:build_blank"


def cand(type_: str, start: int, end: int, source: str = "test:rule", **attrs: Any) -> Candidate:
    return Candidate(type_, start, end, "x" * (end - start), source, dict(attrs))


def fact(*spans: tuple[int, int]) -> dict[str, Any]:
    return {"mentions": [{"start": s, "end": e, "text": "", "source": "t"} for s, e in spans]}


# -- fates: a pure function over candidates and facts -----------------------------------------


def test_fates_kept_vetoed_with_a_reason_and_generic() -> None:
    kept = cand("organizations", 0, 10)
    told = cand("organizations", 20, 30)
    told.reject("no head noun")
    silent = cand("organizations", 40, 50)
    facts = {"organizations": [fact((0, 10))]}
    assert candidate_fates([kept, told, silent], facts) == [
        ("kept", None),
        ("vetoed", "no head noun"),
        ("vetoed", "dropped by the organizations resolver"),
    ]


def test_fates_retyped_only_when_the_other_type_had_no_candidate_there() -> None:
    retyped = cand("organizations", 0, 10)
    beaten = cand("organizations", 20, 30)
    winner = cand("working_groups", 20, 30)
    facts = {"locations": [fact((0, 10))], "working_groups": [fact((20, 30))]}
    fates = candidate_fates([retyped, beaten, winner], facts)
    assert fates[0] == ("kept", "re-typed as locations")
    assert fates[1][0] == "vetoed" and "working_groups" in (fates[1][1] or "")
    assert fates[2] == ("kept", None)


def test_fates_boilerplate_and_trimmed_spans() -> None:
    footer = cand("boilerplate", 100, 200)
    inside = cand("officials", 120, 130)
    trimmed = cand("officials", 0, 20)  # the resolver kept only (9, 20)
    facts = {"officials": [fact((9, 20))]}
    fates = candidate_fates([footer, inside, trimmed], facts)
    assert fates[1] == ("vetoed", "inside boilerplate")
    assert fates[2] == ("kept", "kept as 9-20")


def test_evidence_is_the_rule_and_the_support_recorded() -> None:
    c = cand("organizations", 0, 5, "orgs:suffix", suffix="Ltd.", head=None, acronym="")
    assert c.evidence == ["orgs:suffix", "suffix"]
    assert cand("locations", 0, 5, "places:gazetteer", gazetteer=True).evidence == [
        "places:gazetteer",
        "gazetteer",
    ]


def test_rows_leave_out_boilerplate_and_say_each_fate() -> None:
    record = new_record("d", None, None, "0" * 64)
    record["dates"] = [fact((0, 4))]
    rows = candidate_rows([cand("boilerplate", 50, 60), cand("dates", 0, 4)], record)
    assert [(r["type"], r["fate"], r["reason"]) for r in rows] == [("dates", "kept", None)]
    assert set(rows[0]) == {
        "type",
        "start",
        "end",
        "text",
        "source",
        "evidence",
        "fate",
        "reason",
    }


# -- extract --explain --------------------------------------------------------------------------

TEXT = (
    "OSLO, 4 March 2031 - The Minister of Trade of Norway met the Secretary of Commerce "
    "of Canada in Bergen on 5 March 2031 to discuss fisheries exports."
)


def _extract(src: Path, out: Path, explain: bool) -> dict[str, Any]:
    opts = ExtractOptions(
        inputs=[str(src)],
        out=out,
        factory=BLANK,
        workers=1,
        tables=False,
        quiet=True,
        explain=explain,
    )
    status, summary = run_extract(opts, err=io.StringIO())
    assert status == 0
    return summary


def test_extract_explain_writes_candidates_and_leaves_the_record_alone(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "nordic.txt").write_text(TEXT, encoding="utf-8")
    plain = _extract(src, tmp_path / "plain", explain=False)
    explained = _extract(src, tmp_path / "explained", explain=True)
    record_path = tmp_path / "explained" / "nordic.json"
    assert record_path.read_bytes() == (tmp_path / "plain" / "nordic.json").read_bytes()
    assert plain["fingerprint"] == explained["fingerprint"]
    assert not candidates_path(tmp_path / "plain" / "nordic.json").exists()

    side = candidates_path(record_path)
    assert side.name == "nordic.candidates.jsonl"
    rows = [json.loads(line) for line in side.read_text(encoding="utf-8").splitlines()]
    assert rows, "the invented text has dates and countries to propose"
    record = json.loads(record_path.read_text(encoding="utf-8"))
    mentions = {
        (m["start"], m["end"]) for t in FACT_LISTS for f in record[t] for m in f["mentions"]
    }
    for row in rows:
        assert TEXT[row["start"] : row["end"]] == row["text"]
        assert row["evidence"][0] == row["source"]
        assert row["fate"] in ("kept", "vetoed")
        if row["fate"] == "kept" and row["reason"] is None:
            assert (row["start"], row["end"]) in mentions
        if row["fate"] == "vetoed":
            assert row["reason"]
    assert {"dates", "countries"} <= {r["type"] for r in rows if r["fate"] == "kept"}


def test_explain_rerun_adds_missing_candidates_files(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "nordic.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    _extract(src, out, explain=False)
    assert _extract(src, out, explain=False)["skipped"] == 1
    summary = _extract(src, out, explain=True)  # up to date, but its candidates are wanted
    assert summary["written"] == 1
    assert candidates_path(out / "nordic.json").is_file()
    assert _extract(src, out, explain=True)["skipped"] == 1


# -- score -v: why a gold fact was missed -------------------------------------------------------


def _org(name: str, aliases: list[str] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "type": "company",
        "country": None,
        "parent": None,
        "aliases": aliases or [],
        "mentions": [],
        "source": "test:rule",
    }


def _row(text: str, fate: str, reason: str | None, type_: str = "organizations") -> dict[str, Any]:
    return {
        "type": type_,
        "start": 0,
        "end": len(text),
        "text": text,
        "source": "orgs:capitalised",
        "evidence": ["orgs:capitalised"],
        "fate": fate,
        "reason": reason,
    }


def test_explain_miss_uses_the_scorer_name_key_and_aliases() -> None:
    gold = {"name": "Northwind Trading Ltd", "aliases": ["Northwind"]}
    vetoed = [_row("NORTHWIND", "vetoed", "no head noun")]
    assert explain_miss("organizations", gold, vetoed) == (
        "proposed, vetoed: no head noun (orgs:capitalised)"
    )
    assert explain_miss("organizations", gold, [_row("Southwind", "vetoed", "x")]) == NOT_PROPOSED
    other_type = [_row("Northwind", "vetoed", "x", type_="locations")]
    assert explain_miss("organizations", gold, other_type) == NOT_PROPOSED


@pytest.fixture
def scored(tmp_path: Path) -> tuple[Path, Path]:
    pred_dir, gold_dir = tmp_path / "pred", tmp_path / "gold"
    pred_dir.mkdir()
    gold_dir.mkdir()
    g: dict[str, Any] = {"doc_id": "d1", "published": "2031-03-04"}
    for name in FACT_LISTS:
        g[name] = []
    g["organizations"] = [
        {"name": n, "type": "company", "country": None}
        for n in ("Northwind Ltd.", "Bluefin Fisheries", "Lakeside Co.")
    ]
    (gold_dir / "d1.json").write_text(json.dumps(g), encoding="utf-8")
    rec = new_record("d1", "2031-03-04", None, hashlib.sha256(b"").hexdigest())
    rec["organizations"] = [_org("Lakeside Co.")]
    (pred_dir / "d1.json").write_text(json.dumps(rec), encoding="utf-8")
    return pred_dir, gold_dir


def test_score_verbose_without_candidates_prints_as_before(
    scored: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    pred_dir, gold_dir = scored
    assert main(["score", str(pred_dir), str(gold_dir), "-v"]) == 0
    out = capsys.readouterr().out
    assert "    d1: Northwind Ltd.\n" in out
    assert "not proposed" not in out and "vetoed" not in out


def test_score_verbose_tells_not_proposed_from_vetoed(
    scored: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pred_dir, gold_dir = scored
    rows = [
        _row("Bluefin Fisheries", "vetoed", "dropped by the organizations resolver"),
        _row("Lakeside Co.", "kept", None),
    ]
    side = pred_dir / "d1.candidates.jsonl"
    side.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    assert main(["score", str(pred_dir), str(gold_dir), "-v", "--errors", str(errors)]) == 0
    out = capsys.readouterr().out
    assert "d1: Northwind Ltd.  [not proposed]" in out
    assert (
        "d1: Bluefin Fisheries  [proposed, vetoed: dropped by the organizations resolver"
        " (orgs:capitalised)]"
    ) in out
    assert (
        "organizations: 2 missed = 1 not proposed + 1 vetoed"
        " (dropped by the organizations resolver 1)"
    ) in out
    issues = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    why = {i["name"]: i.get("explain") for i in issues if i["kind"] == "missed"}
    assert why["Northwind Ltd."] == NOT_PROPOSED
    assert (why["Bluefin Fisheries"] or "").startswith("proposed, vetoed: ")


def test_extractor_explain_gives_the_same_record_plus_candidates() -> None:
    from pipeline.api import Extractor
    from pipeline.document import SourceDoc
    from pipeline.nlp import build_blank

    sha = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    src = SourceDoc(
        doc_id="nordic",
        text=TEXT,
        published=None,
        title=None,
        path="<text>",
        format="text",
        input_sha256=sha,
    )
    plain = Extractor(nlp=build_blank()).extract(src)
    explained = Extractor(nlp=build_blank(), explain=True).extract(src)
    assert json.dumps(explained) == json.dumps(plain)
    assert not hasattr(plain, "candidates")
    rows = explained.candidates  # type: ignore[attr-defined]
    assert {r["fate"] for r in rows} <= {"kept", "vetoed"} and rows
