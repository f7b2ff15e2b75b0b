"""SIGKILL ``tradefacts extract`` mid-run, resume, and get what an uninterrupted run gets.

120 documents (the bundled releases copied under distinct names), the real model, two
worker processes. Kill points are chosen by progress, not by the clock: each kill
comes as soon as a number of records (drawn from a fixed seed) are on disk. After
every kill: no record file is partial, and no worker outlives its parent. After the
final run: no temp files, and the same record files, byte for byte, as a reference
run made in one go (with another batch size, so batch composition is checked not to
matter). ``TF_INTERRUPT_SEED`` replays another seed.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

RELEASES = Path(__file__).resolve().parents[1] / "corpus" / "releases"
N_DOCS = 120
KILLS = 3
SEED = 20261129  # fixed: the same kill points every run


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = sorted(RELEASES.glob("*.txt"))
    assert files, f"bundled corpus missing at {RELEASES}"
    root = tmp_path_factory.mktemp("interrupt-corpus")
    for i in range(N_DOCS):
        src = files[i % len(files)]
        shutil.copyfile(src, root / f"{i:03d}-{src.stem}.txt")
    return root


def command(src: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pipeline",
        "extract",
        str(src),
        "--out",
        str(out),
        "--workers",
        "2",
        "--quiet",
        "--no-tables",
        *extra,
    ]


def record_files(out: Path) -> list[Path]:
    return [p for p in out.glob("*.json") if p.name != "summary.json"]


def group_alive(pgid: int) -> list[int]:
    """Live (non-zombie) processes in a process group, from /proc."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        state, pgrp = fields[0], int(fields[2])
        if pgrp == pgid and state != "Z":
            alive.append(int(stat.parent.name))
    return alive


def wait_group_gone(pgid: int, timeout: float = 60.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = group_alive(pgid)
        if not left:
            return []
        time.sleep(0.1)
    return group_alive(pgid)


def assert_no_partial_records(out: Path, context: str = "") -> None:
    for path in record_files(out):
        try:
            rec = json.loads(path.read_bytes())
        except ValueError as exc:
            pytest.fail(f"{context}: partial record {path.name}: {exc}")
        assert rec["doc_id"] == path.stem, context


def run_to_end(cmd: list[str], log: Path) -> dict:
    with log.open("ab") as fh:
        proc = subprocess.run(cmd, stdout=fh, stderr=fh, timeout=600, check=False)
    assert proc.returncode == 0, log.read_text(errors="replace")[-2000:]
    summary_path = Path(cmd[cmd.index("--out") + 1]) / "summary.json"
    return json.loads(summary_path.read_bytes())


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_sigkill_and_resume_equals_an_uninterrupted_run(corpus: Path, tmp_path: Path) -> None:
    seed = int(os.environ.get("TF_INTERRUPT_SEED", SEED))
    rng = random.Random(seed)
    log = tmp_path / "stderr.log"

    ref = tmp_path / "ref"
    ref_summary = run_to_end(command(corpus, ref, "--batch-size", "16"), log)
    assert (ref_summary["written"], ref_summary["failed"]) == (N_DOCS, 0)

    out = tmp_path / "out"
    for kill in range(KILLS):
        context = f"seed {seed}, kill {kill + 1}"
        before = len(record_files(out)) if out.exists() else 0
        want = before + rng.randint(1, 25)  # kill once this many records are on disk
        with log.open("ab") as fh:
            proc = subprocess.Popen(
                command(corpus, out), stdout=fh, stderr=fh, start_new_session=True
            )
        try:
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline and proc.poll() is None:
                if out.exists() and len(record_files(out)) >= want:
                    break
                time.sleep(0.01)
            assert proc.poll() is None, f"{context}: the run ended before it could be killed"
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            left = wait_group_gone(proc.pid)
            assert not left, f"{context}: worker processes outlived the killed parent: {left}"
        finally:  # never leave a run behind, whatever failed above
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        assert_no_partial_records(out, context)

    final = run_to_end(command(corpus, out), log)
    context = f"seed {seed}, final run"
    assert final["inputs"] == N_DOCS and final["failed"] == 0, context
    assert final["skipped"] > 0 and final["written"] + final["skipped"] == N_DOCS, context
    assert final["fingerprint"] == ref_summary["fingerprint"], context
    assert [p.name for p in out.iterdir() if ".tmp-" in p.name] == [], context
    assert_no_partial_records(out, context)
    got = {p.name: p.read_bytes() for p in record_files(out)}
    want_bytes = {p.name: p.read_bytes() for p in record_files(ref)}
    assert sorted(got) == sorted(want_bytes), context
    differing = sorted(name for name in got if got[name] != want_bytes[name])
    assert not differing, f"{context}: records differ from the uninterrupted run: {differing[:5]}"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigterm_stops_cleanly_with_a_summary(corpus: Path, tmp_path: Path, workers: str) -> None:
    """SIGTERM (and Ctrl-C) stop the run: workers gone, summary written, exit 130."""
    out = tmp_path / "out"
    cmd = command(corpus, out, "--pipeline", "pipeline.nlp:build_blank")
    cmd[cmd.index("--workers") + 1] = workers
    log = tmp_path / "stderr.log"
    with log.open("ab") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=fh, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if out.exists() and len(record_files(out)) >= 3:
                break
            time.sleep(0.02)
        assert proc.poll() is None, log.read_text(errors="replace")[-2000:]
        os.kill(proc.pid, signal.SIGTERM)
        assert proc.wait(timeout=180) == 130, log.read_text(errors="replace")[-2000:]
        assert not wait_group_gone(proc.pid)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    summary = json.loads((out / "summary.json").read_bytes())
    assert summary["stopped"] == "interrupted"
    assert summary["inputs"] == summary["written"] + summary["skipped"] + summary["failed"]
    assert 3 <= summary["written"] < N_DOCS and summary["failed"] == 0
    assert summary["written"] == len(record_files(out))
    assert [p.name for p in out.iterdir() if ".tmp-" in p.name] == []
    assert_no_partial_records(out)
    assert summary["remaining"] == N_DOCS - summary["inputs"]
    assert "rerun the same command" in summary["resume"]
    assert "[stopped: interrupted; " in log.read_text(errors="replace")
