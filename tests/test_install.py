"""The package as users get it: build the wheel, install it into a fresh venv (no extras,
not editable, outside the repository) and run every command on every input format.

This is what catches an undeclared dependency (HTML needs ``lxml_html_clean``), data a
wheel does not carry (schemas, patterns, report assets) or code that reads files
beside the repository. pip resolves the dependencies as it normally does (its
configured index and wheel cache), so after the first run it is quick.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

SEED_ID = "000_b60951ee979ae1a4"
BODY = (
    "WASHINGTON, March 3, 2024 - The Secretary of Commerce met the Minister of Trade of "
    "Japan in Tokyo to discuss semiconductor supply chains with Northwind Ltd."
)


def _env() -> dict[str, str]:
    """The caller's environment without anything pointing at the source tree."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _run(cmd: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        cmd, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=900, check=False
    )
    assert proc.returncode in ok, f"{cmd}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed (plain ``pip install <wheel>``, no extras)."""
    root = tmp_path_factory.mktemp("install")
    dist = root / "dist"
    build = [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(dist)]
    _run(build, root)
    (wheel,) = dist.glob("tradefacts-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        for schema in sorted((REPO / "schemas").glob("*.json")):
            packaged = f"pipeline/schemas/{schema.name}"
            assert packaged in names, f"{packaged} missing from the wheel"
            assert zf.read(packaged) == schema.read_bytes(), f"{packaged} differs from schemas/"
        for data in sorted((REPO / "pipeline").rglob("*")):
            if data.suffix in (".jsonl", ".css", ".js", ".html"):
                assert data.relative_to(REPO).as_posix() in names, f"{data} missing from the wheel"
    env_dir = root / "venv"
    _run([sys.executable, "-m", "venv", str(env_dir)], root)
    py = env_dir / "bin" / "python"
    _run([str(py), "-m", "pip", "install", "-q", str(wheel)], root)
    where = _run([str(py), "-c", "import pipeline; print(pipeline.__file__)"], root).stdout
    assert str(env_dir) in where and str(REPO) not in where
    return env_dir


def _mixed_inputs(root: Path) -> Path:
    """One directory holding every format, good and bad inputs side by side."""
    src = root / "inputs"
    src.mkdir()
    shutil.copyfile(REPO / "corpus" / "releases" / f"{SEED_ID}.txt", src / f"{SEED_ID}.txt")
    (src / "note.md").write_text(f"# A Note On Trade\n\n{BODY}\n", "utf-8")
    (src / "page.html").write_text(
        "<!doctype html><html><head><title>Trade Talks</title></head><body><nav>Home</nav>"
        f"<article><h1>Trade Talks</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>",
        "utf-8",
    )
    (src / "one.json").write_text(json.dumps({"id": "one", "text": BODY}), "utf-8")
    (src / "batch.jsonl").write_text(
        json.dumps({"id": "line-ok", "text": BODY}) + "\n{not json\n", "utf-8"
    )
    (src / "table.csv").write_text(f'id,text\nrow-ok,"{BODY}"\n', "utf-8")
    (src / "zipped.txt.gz").write_bytes(gzip.compress(BODY.encode()))
    (src / "empty.txt").write_bytes(b"")
    return src


def test_the_wheel_runs_every_command_on_every_format(venv: Path, tmp_path: Path) -> None:
    bin_dir = venv / "bin"
    src = _mixed_inputs(tmp_path)
    out = src / "facts"  # its own output folder, inside the input
    manifest = tmp_path / "manifest.jsonl"
    rows = (REPO / "corpus" / "releases" / "manifest.jsonl").read_text("utf-8").splitlines()
    manifest.write_text("".join(r + "\n" for r in rows if SEED_ID in r), "utf-8")
    extract = [str(bin_dir / "tradefacts"), "extract", str(src), "--out", str(out)]
    extract += ["--manifest", str(manifest), "--workers", "1", "--quiet"]
    good = {SEED_ID, "note", "page", "one", "line-ok", "row-ok", "zipped"}

    for attempt in ("first", "second"):
        proc = _run(extract, tmp_path, ok=(1,))
        summary = json.loads((out / "summary.json").read_text("utf-8"))
        assert summary["inputs"] == 9, (attempt, summary)
        assert summary["inputs"] == summary["written"] + summary["skipped"] + summary["failed"]
        assert {e["doc"] for e in summary["errors"]} == {"batch-2", "empty"}, attempt
        assert "line 2: invalid JSON" in proc.stderr and "empty file" in proc.stderr
        assert {p.stem for p in out.glob("*.json")} - {"summary"} == good, attempt
    assert summary["skipped"] == 7  # the second run: nothing redone, nothing read twice
    assert [i["path"] for i in summary["ignored"]] == [str(out)]

    page = json.loads((out / "page.json").read_text("utf-8"))
    assert page["title"] == "Trade Talks" and "JP" in {c["code"] for c in page["countries"]}
    assert (out / "tables").is_dir()

    gold = tmp_path / "gold"
    gold.mkdir()
    shutil.copyfile(REPO / "corpus" / "gold" / f"{SEED_ID}.json", gold / f"{SEED_ID}.json")
    scored = _run([str(bin_dir / "tradefacts"), "score", str(out), str(gold)], tmp_path)
    assert "micro" in scored.stdout
    _run([str(bin_dir / "tradefacts"), "tables", str(out)], tmp_path)
    report = tmp_path / "report.html"
    cmd = [str(bin_dir / "tradefacts"), "report", str(out), "--gold", str(gold), "-o", str(report)]
    _run(cmd, tmp_path)
    assert report.stat().st_size > 1000 and "Trade Talks" in report.read_text("utf-8")
    shown = _run([str(bin_dir / "tradefacts"), "show", str(out / "page.json")], tmp_path)
    assert "Japan" in shown.stdout or "JP" in shown.stdout
