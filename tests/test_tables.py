"""Fact, mention and corpus tables: right rows, right columns, CSV and Parquet agree, atomic."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from report_samples import fact, make_record, seed_like

from pipeline.cli import main
from pipeline.record import FACT_LISTS
from pipeline.tables import (
    FACT_COLUMNS,
    build_tables,
    load_records,
    write_atomic,
    write_tables,
)


def write_records(out: Path, records: list[dict[str, Any]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for rec in records:
        (out / f"{rec['doc_id']}.json").write_text(json.dumps(rec), encoding="utf-8")


def other_release(doc_id: str = "rel-c", published: str = "2025-03-01") -> dict[str, Any]:
    """The same official and body named differently in a later release."""
    t = "The Secretary of Commerce helen marsh met the u.s. department of commerce staff in May."
    return make_record(
        doc_id,
        t,
        {
            "officials": [
                fact("officials", t, ["helen marsh"], name="helen marsh", title="Secretary")
            ],
            "organizations": [
                fact(
                    "organizations",
                    t,
                    ["u.s. department of commerce"],
                    name="The U.S. Department of Commerce",
                    type="government",
                )
            ],
            "events": [fact("events", t, ["met"], name="staff meeting", date="2025-05")],
        },
        published=published,
    )


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    write_records(out, [seed_like("rel-a", "2024-06-27"), other_release()])
    (out / "summary.json").write_text(json.dumps({"doc_id": "x", "officials": []}))
    (out / "notes.json").write_text(json.dumps({"hello": "not a record"}))
    (out / "broken.json").write_text("{not json")
    return out


def test_load_records_skips_summary_and_non_records(run_dir: Path) -> None:
    problems: list[str] = []
    records = load_records(run_dir, problems)
    assert [r["doc_id"] for r in records] == ["rel-a", "rel-c"]
    assert len(problems) == 1 and problems[0].startswith("broken.json:")


def test_fact_tables_one_row_per_fact_with_attributes(run_dir: Path) -> None:
    records = load_records(run_dir)
    tables = build_tables(records)
    for t in FACT_LISTS:
        assert list(tables[t].columns) == FACT_COLUMNS[t]
        assert len(tables[t]) == sum(len(r[t]) for r in records)
    off = tables["officials"].set_index(["doc_id", "name"])
    helen = off.loc[("rel-a", "Helen Marsh")]
    assert helen["title"] == "Secretary of Commerce"
    assert helen["aliases"] == "Marsh"  # lists joined with "; "
    assert helen["mentions"] == 2
    first = min(records[0]["officials"][0]["mentions"], key=lambda m: m["start"])
    assert (helen["first_start"], helen["first_end"]) == (first["start"], first["end"])
    assert helen["source"] == "test:rule" and helen["published"] == "2024-06-27"
    agr = tables["agreements"].iloc[0]
    assert agr["parties"] == "U.S. Department of Commerce; Kestrel Electronics"
    dates = tables["dates"]
    assert set(dates["value"]) == {"2024-06-27", "2024-05", "2024"}


def test_mentions_table_indexes_the_text(run_dir: Path) -> None:
    records = {r["doc_id"]: r for r in load_records(run_dir)}
    mentions = build_tables(list(records.values()))["mentions"]
    total = sum(len(f["mentions"]) for r in records.values() for t in FACT_LISTS for f in r[t])
    assert len(mentions) == total
    for row in mentions.itertuples():
        text = records[row.doc_id]["text"]
        assert text[row.start : row.end] == row.text
        fact_entry = records[row.doc_id][row.type][row.fact_index]
        assert any(m["start"] == row.start for m in fact_entry["mentions"])
    dated = mentions[(mentions["type"] == "dates") & (mentions["doc_id"] == "rel-a")]
    assert set(dated["fact"]) == {"2024-06-27", "2024-05", "2024"}


def test_rollups_group_names_across_releases(run_dir: Path) -> None:
    tables = build_tables(load_records(run_dir))
    off = tables["corpus_officials"].set_index("name")
    helen = off.loc["Helen Marsh"]  # mixed case wins a tie with "helen marsh"
    assert helen["releases"] == 2
    assert helen["titles"] == "Secretary of Commerce; Secretary"
    assert helen["bodies"] == "U.S. Department of Commerce"
    assert (helen["first_date"], helen["last_date"]) == ("2024-06-27", "2025-03-01")
    assert helen["doc_ids"] == "rel-a; rel-c"
    assert off.loc["Joo Tae-rim"]["releases"] == 1
    assert list(tables["corpus_officials"]["releases"]) == sorted(
        tables["corpus_officials"]["releases"], reverse=True
    )
    org = tables["corpus_organizations"].set_index("name")
    doc = org.loc["U.S. Department of Commerce"]  # "The U.S. ..." folds into the same key
    assert (doc["releases"], doc["type"], doc["country"]) == (2, "government", "US")
    tl = tables["timeline"]
    assert list(tl["date"]) == sorted(tl["date"])
    assert set(tl["type"]) == {"event", "agreement"}
    assert "staff meeting" in set(tl["name"])
    assert len(tl) == 4  # 2 dated events + 1 agreement in rel-a, 1 event in rel-c


def test_write_tables_csv_and_parquet_agree(run_dir: Path) -> None:
    written = write_tables(run_dir)
    names = [*FACT_LISTS, "mentions", "corpus_officials", "corpus_organizations", "timeline"]
    assert set(written) == {f"{n}.{ext}" for n in names for ext in ("csv", "parquet")}
    for name in names:
        csv = pd.read_csv(written[f"{name}.csv"], dtype=str, keep_default_na=False)
        pq = pd.read_parquet(written[f"{name}.parquet"])
        assert list(csv.columns) == list(pq.columns)
        assert len(csv) == len(pq)
    pq = pd.read_parquet(written["officials.parquet"])
    assert str(pq["mentions"].dtype) == "Int64"
    leftovers = [p.name for p in (run_dir / "tables").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_empty_run_keeps_table_schemas(tmp_path: Path) -> None:
    written = write_tables(tmp_path)
    df = pd.read_parquet(written["officials.parquet"])
    assert df.empty and list(df.columns) == FACT_COLUMNS["officials"]


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    target.write_text("old")

    def boom(p: Path) -> None:
        p.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(target, boom)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_tables_command(run_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tables", str(run_dir)]) == 0
    out = capsys.readouterr()
    assert "2 records" in out.out and "broken.json" in out.err
    assert (run_dir / "tables" / "timeline.parquet").is_file()
    assert main(["tables", str(tmp_path / "nope")]) == 2
