"""``tradefacts show``: one readable table per non-empty fact type; data never read as markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from report_samples import fact, make_record, seed_like
from rich.console import Console

from pipeline.cli import main
from pipeline.record import FACT_LISTS
from pipeline.show import show_record


def rendered(record: dict) -> str:
    console = Console(record=True, width=220, color_system=None)
    show_record(record, console)
    return console.export_text()


def test_one_table_per_non_empty_type() -> None:
    rec = seed_like()
    out = rendered(rec)
    for t in FACT_LISTS:
        title = f"{t} ({len(rec[t])})"
        assert (title in out) == bool(rec[t]), t
    assert "dialogues" not in out  # empty: no table, not even a header
    assert "Helen Marsh" in out and "Secretary of Commerce" in out
    assert "U.S. Department of Commerce; Kestrel Electronics" in out  # list attribute joined
    first = rec["officials"][0]["mentions"][0]
    assert f"2 ({first['start']}-{first['end']}," in out  # count and offsets


def test_release_data_is_not_rich_markup() -> None:
    t = "Minister [bold]Evil[/bold] and [/] met."
    rec = make_record(
        "m",
        t,
        {
            "officials": [
                fact("officials", t, ["[bold]Evil[/bold]"], name="[bold]Evil[/bold]"),
                fact("officials", t, ["[/]"], name="[/]"),
            ]
        },
    )
    out = rendered(rec)
    assert "[bold]Evil[/bold]" in out and "[/]" in out


def test_show_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rel-a.json"
    path.write_text(json.dumps(seed_like()), encoding="utf-8")
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out
    assert "rel-a" in out and "officials (2)" in out


def test_show_bad_files_get_one_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "ok.json"
    good.write_text(json.dumps(seed_like()), encoding="utf-8")
    (tmp_path / "bad.json").write_text("{nope")
    (tmp_path / "summary.json").write_text(json.dumps({"documents": 3}))
    paths = [tmp_path / "bad.json", tmp_path / "missing.json", tmp_path / "summary.json", good]
    assert main(["show", *map(str, paths)]) == 1
    captured = capsys.readouterr()
    errs = captured.err.strip().splitlines()
    assert len(errs) == 3
    assert "bad.json: not JSON" in errs[0]
    assert "missing.json: cannot read" in errs[1]
    assert "summary.json: not a tradefacts record" in errs[2]
    assert "officials (2)" in captured.out  # the good one is still shown
