"""``tradefacts extract`` mechanics: accounting, resume, atomicity, safety, exit codes.

The model is not the point here: runs use the model-free pipeline
(``pipeline.nlp:build_blank``) and small synthetic releases built in tmp_path.
"""

from __future__ import annotations

import fcntl
import io
import json
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from pipeline import batch
from pipeline.batch import ExtractOptions, UsageError, closing_line, run_extract, up_to_date
from pipeline.cli import main
from pipeline.document import SourceDoc
from pipeline.nlp import build_blank

BLANK = "pipeline.nlp:build_blank"
EXPLODING = "test_batch:exploding_blank"

RELEASES = {
    "alpha": "WASHINGTON, March 3, 2024 - The Secretary of Commerce met the Minister of Trade "
    "of Japan in Tokyo to discuss semiconductor supply chains.\nThey signed a memorandum.",
    "beta": "NEW DELHI, 5 June 2023 - The Ministry of Commerce and Industry announced a new "
    "export promotion scheme for textiles with the Federation of Indian Export Organisations.",
    "gamma": "The United States and the European Union held the inaugural meeting of the "
    "Trade and Technology Council in Pittsburgh on September 29, 2021.",
    "delta": "SINGAPORE - The Minister for Trade and Industry attended the IPEF ministerial "
    "meeting and welcomed the Clean Economy Agreement.",
}


@Language.component("tf_test_explode")
def _explode(doc: Doc) -> Doc:
    """Fails on purpose for documents that ask for it, to test per-document errors."""
    if "EXPLODE" in doc.text:
        raise ValueError("component failed on purpose")
    return doc


def exploding_blank() -> Language:
    """The blank pipeline plus a component that raises on texts containing EXPLODE."""
    nlp = build_blank()
    nlp.add_pipe("tf_test_explode", first=True)
    return nlp


def corpus(root: Path, texts: dict[str, str] = RELEASES) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    return root


def opts(inputs: Path | list[Path], out: Path, **kw: object) -> ExtractOptions:
    paths = inputs if isinstance(inputs, list) else [inputs]
    base: dict[str, object] = {"factory": BLANK, "workers": 1, "tables": False, "quiet": True}
    base.update(kw)
    return ExtractOptions(inputs=[str(p) for p in paths], out=out, **base)  # type: ignore[arg-type]


def run(o: ExtractOptions) -> tuple[int, dict, str]:
    err = io.StringIO()
    status, summary = run_extract(o, err=err)
    return status, summary, err.getvalue()


def records(out: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes() for p in sorted(out.glob("*.json")) if p.name != batch.SUMMARY_NAME
    }


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if ".tmp-" in p.name)


def invariant(summary: dict) -> None:
    assert summary["inputs"] == summary["written"] + summary["skipped"] + summary["failed"]
    assert len(summary["errors"]) == summary["failed"]


# -- a plain run -------------------------------------------------------------------------


def test_run_writes_a_record_per_document_and_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "out"
    status, summary, err = run(opts(corpus(tmp_path / "in"), out))
    assert status == 0
    assert (summary["inputs"], summary["written"], summary["skipped"], summary["failed"]) == (
        4,
        4,
        0,
        0,
    )
    invariant(summary)
    recs = records(out)
    assert sorted(recs) == [f"{n}.json" for n in sorted(RELEASES)]
    for name, data in recs.items():
        rec = json.loads(data)
        assert rec["doc_id"] == name.removesuffix(".json")
        assert rec["provenance"]["fingerprint"] == summary["fingerprint"]
    on_disk = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert on_disk == summary
    for key in ("inputs", "written", "skipped", "failed", "workers"):
        assert isinstance(summary[key], int)
    assert summary["words"] > 0 and summary["words_per_s"] > 0 and summary["wall_s"] > 0
    assert summary["executor"] == "local" and summary["workers"] == 1
    assert summary["started"] <= summary["finished"]
    assert (out / "errors.jsonl").read_text(encoding="utf-8") == ""
    assert leftovers(out) == []
    assert err.strip().splitlines()[-1] == closing_line(summary)


def test_closing_line_reads_like_the_issue() -> None:
    line = closing_line(
        {"inputs": 68, "written": 60, "skipped": 8, "failed": 0, "wall_s": 12.34,
         "words_per_s": 5400.4, "stopped": None}
    )  # fmt: skip
    assert line == "68 inputs: 60 written, 8 skipped, 0 failed in 12.3 s (5,400 words/s)"


def test_records_are_byte_identical_across_runs(tmp_path: Path) -> None:
    src = corpus(tmp_path / "in")
    run(opts(src, tmp_path / "a"))
    run(opts(src, tmp_path / "b"))
    a, b = records(tmp_path / "a"), records(tmp_path / "b")
    assert a and a == b


def test_record_keeps_text_only_when_asked(tmp_path: Path) -> None:
    src = corpus(tmp_path / "in")
    run(opts(src, tmp_path / "plain"))
    run(opts(src, tmp_path / "kept", keep_text=True))
    plain = json.loads((tmp_path / "plain" / "alpha.json").read_bytes())
    kept = json.loads((tmp_path / "kept" / "alpha.json").read_bytes())
    assert "text" not in plain
    assert kept["text"] == RELEASES["alpha"]


# -- resume ------------------------------------------------------------------------------


def test_rerun_skips_unchanged_and_redoes_changed(tmp_path: Path) -> None:
    src, out = corpus(tmp_path / "in"), tmp_path / "out"
    run(opts(src, out))
    before = records(out)
    status, summary, _ = run(opts(src, out))
    assert status == 0 and (summary["written"], summary["skipped"]) == (0, 4)
    invariant(summary)
    assert records(out) == before

    (src / "beta.txt").write_text(RELEASES["beta"] + "\nA new closing paragraph.", "utf-8")
    status, summary, _ = run(opts(src, out))
    assert (summary["written"], summary["skipped"], summary["failed"]) == (1, 3, 0)
    after = records(out)
    assert after["beta.json"] != before["beta.json"]
    assert {k: v for k, v in after.items() if k != "beta.json"} == {
        k: v for k, v in before.items() if k != "beta.json"
    }
    assert (
        json.loads(after["beta.json"])["text_sha256"]
        != json.loads(before["beta.json"])["text_sha256"]
    )


def test_force_redoes_everything(tmp_path: Path) -> None:
    src, out = corpus(tmp_path / "in"), tmp_path / "out"
    run(opts(src, out))
    before = records(out)
    _, summary, _ = run(opts(src, out, force=True))
    assert (summary["written"], summary["skipped"]) == (4, 0)
    assert records(out) == before


def test_a_changed_manifest_title_redoes_that_document(tmp_path: Path) -> None:
    src, out = corpus(tmp_path / "in"), tmp_path / "out"
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(json.dumps({"id": "gamma", "title": "First title"}) + "\n", "utf-8")
    run(opts(src, out, manifest=manifest))
    manifest.write_text(json.dumps({"id": "gamma", "title": "Second title"}) + "\n", "utf-8")
    _, summary, _ = run(opts(src, out, manifest=manifest))
    assert (summary["written"], summary["skipped"]) == (1, 3)
    assert json.loads((out / "gamma.json").read_bytes())["title"] == "Second title"


def test_another_fingerprint_or_keep_text_is_not_up_to_date(tmp_path: Path) -> None:
    src, out = corpus(tmp_path / "in"), tmp_path / "out"
    _, summary, _ = run(opts(src, out))
    doc = SourceDoc(
        doc_id="alpha",
        text=RELEASES["alpha"],
        path=str(src / "alpha.txt"),
        input_sha256=json.loads((out / "alpha.json").read_bytes())["provenance"]["input_sha256"],
    )
    fp = summary["fingerprint"]
    assert up_to_date(out / "alpha.json", doc, fp, keep_text=False)
    assert not up_to_date(out / "alpha.json", doc, "0" * 16, keep_text=False)
    assert not up_to_date(out / "alpha.json", doc, fp, keep_text=True)
    (out / "alpha.json").write_text('{"doc_id": "alpha", "provenance": ', "utf-8")
    assert not up_to_date(out / "alpha.json", doc, fp, keep_text=False)


def test_a_corrupt_record_is_redone(tmp_path: Path) -> None:
    src, out = corpus(tmp_path / "in"), tmp_path / "out"
    run(opts(src, out))
    good = (out / "delta.json").read_bytes()
    (out / "delta.json").write_bytes(good[: len(good) // 2])
    _, summary, _ = run(opts(src, out))
    assert (summary["written"], summary["skipped"]) == (1, 3)
    assert (out / "delta.json").read_bytes() == good


# -- atomicity ---------------------------------------------------------------------------


def test_stale_temp_files_are_removed_and_none_are_left(tmp_path: Path) -> None:
    src, out = corpus(tmp_path / "in"), tmp_path / "out"
    out.mkdir()
    (out / ".alpha.json.tmp-99999").write_bytes(b'{"half')
    (out / ".summary.json.tmp-12345").write_bytes(b"")
    status, _, _ = run(opts(src, out))
    assert status == 0
    assert leftovers(out) == []
    assert json.loads((out / "alpha.json").read_bytes())["doc_id"] == "alpha"


def test_write_atomic_leaves_old_content_when_the_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.json"
    target.write_bytes(b"old")

    def full_disk(*_a: object, **_k: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(batch.os, "replace", full_disk)
    with pytest.raises(OSError):
        batch.write_atomic(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_one_directory_fsync_per_job_not_per_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, out = corpus(tmp_path / "in"), tmp_path / "out"
    synced: list[Path] = []
    real = batch.fsync_dir

    def counting(path: Path) -> None:
        synced.append(Path(path))
        real(path)

    monkeypatch.setattr(batch, "fsync_dir", counting)
    status, summary, _ = run(opts(src, out, batch_size=2))
    assert status == 0 and summary["written"] == 4
    # four records in two jobs: two syncs of the folder for them, plus the errors file
    # and the summary, each written (and synced) on its own
    assert synced.count(out) == 4
    assert len(records(out)) == 4


# -- safety ------------------------------------------------------------------------------


def test_hostile_record_id_writes_inside_out(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    rows = [
        {"id": "../../x", "text": RELEASES["alpha"]},
        {"id": "/etc/passwd", "text": RELEASES["beta"]},
    ]
    (src / "docs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    out = tmp_path / "deep" / "out"
    status, summary, _ = run(opts(src, out))
    assert status == 0 and summary["written"] == 2
    written = list(records(out))
    assert len(written) == 2
    for name in written:
        assert (out / name).resolve().parent == out.resolve()
    assert not (tmp_path / "x.json").exists() and not (tmp_path / "deep" / "x.json").exists()


def test_an_id_that_would_escape_fails_with_unsafe_output_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The path check holds even if the id sanitiser let a traversal through."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "docs.jsonl").write_text(
        json.dumps({"id": "../escape", "text": RELEASES["gamma"]})
        + "\n"
        + json.dumps({"id": "fine", "text": RELEASES["delta"]})
        + "\n",
        "utf-8",
    )
    monkeypatch.setattr(batch, "safe_id_function", lambda: lambda raw: raw)
    monkeypatch.setattr("pipeline.ingest.safe_doc_id", lambda raw: raw)
    out = tmp_path / "out"
    status, summary, _ = run(opts(src, out))
    assert status == 1
    assert (summary["written"], summary["failed"]) == (1, 1)
    assert "unsafe output path" in summary["errors"][0]["error"]
    assert not (tmp_path / "escape.json").exists()


def test_a_document_named_summary_cannot_overwrite_the_summary(tmp_path: Path) -> None:
    src = corpus(tmp_path / "in", {"summary": RELEASES["alpha"], "ok": RELEASES["beta"]})
    out = tmp_path / "out"
    status, summary, _ = run(opts(src, out))
    assert status == 1 and summary["failed"] == 1
    assert "summary.json" in summary["errors"][0]["error"]
    assert json.loads((out / "summary.json").read_bytes())["inputs"] == 2


# -- failures and exit codes -------------------------------------------------------------


def test_failures_are_counted_reported_and_exit_1(tmp_path: Path) -> None:
    src = corpus(tmp_path / "in", {**RELEASES, "zz-bad": "EXPLODE " + RELEASES["beta"]})
    (src / "broken.txt").write_bytes(b"%PDF-1.7\n\x00\x01\x02 binary")
    out = tmp_path / "out"
    status, summary, err = run(opts(src, out, factory=EXPLODING, batch_size=1))
    assert status == 1
    invariant(summary)
    assert (summary["inputs"], summary["written"], summary["failed"]) == (6, 4, 2)
    docs = {e["doc"] for e in summary["errors"]}
    assert docs == {"broken", "zz-bad"}
    lines = [json.loads(x) for x in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    assert [(r["doc"], r["path"]) for r in lines] == [
        ("broken", str(src / "broken.txt")),
        ("zz-bad", str(src / "zz-bad.txt")),
    ]
    assert "component failed on purpose" in lines[1]["error"]
    for doc in docs:  # one line each on stderr, even with --quiet
        assert sum(f"error: {doc}:" in line for line in err.splitlines()) == 1
    assert not (out / "zz-bad.json").exists()

    # errors.jsonl is rewritten by the next run: fixed documents drop out of it
    (src / "zz-bad.txt").write_text(RELEASES["beta"] + " Fixed.", "utf-8")
    (src / "broken.txt").unlink()
    status, summary, _ = run(opts(src, out, factory=EXPLODING, batch_size=1))
    assert status == 0 and summary["failed"] == 0
    assert (out / "errors.jsonl").read_text("utf-8") == ""


def test_fail_fast_stops_at_the_first_failure(tmp_path: Path) -> None:
    texts = {f"d{i}": ("EXPLODE " if i in (1, 3) else "") + RELEASES["gamma"] for i in range(6)}
    src, out = corpus(tmp_path / "in", texts), tmp_path / "out"
    status, summary, _ = run(opts(src, out, factory=EXPLODING, batch_size=1, fail_fast=True))
    assert status == 1
    invariant(summary)
    assert summary["failed"] == 1 and summary["errors"][0]["doc"] == "d1"
    assert summary["stopped"] == "fail-fast"
    assert summary["inputs"] < 6
    assert "d3.json" not in records(out) and not (out / "d3.json").exists()
    assert json.loads((out / "summary.json").read_bytes())["failed"] == 1


def test_unwritable_output_dir_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = corpus(tmp_path / "in")
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a directory", "utf-8")
    status = main(["extract", str(src), "--out", str(blocker / "out"), "--pipeline", BLANK])
    assert status == 2
    err = capsys.readouterr().err
    assert "cannot create output directory" in err and str(blocker / "out") in err
    status = main(["extract", str(src), "--out", str(blocker), "--pipeline", BLANK])
    assert status == 2
    assert "not a directory" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--workers", "0"], "must be at least 1"),
        (["--batch-size", "x"], "not an integer"),
        (["--executor", "ray"], "invalid choice"),
        (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --executor dask"),
        (["--manifest", "MISSING"], "manifest"),
        (["--pipeline", "no_such_module:build"], "cannot use pipeline"),
    ],
)
def test_usage_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    src = corpus(tmp_path / "in")
    extra = [str(tmp_path / "nope.jsonl") if a == "MISSING" else a for a in extra]
    argv = ["extract", str(src), "--out", str(tmp_path / "out"), "--workers", "1"]
    if "--pipeline" not in extra:
        argv += ["--pipeline", BLANK]
    assert main([*argv, *extra]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out" / "summary.json").exists()


def test_a_malformed_manifest_is_a_usage_error(tmp_path: Path) -> None:
    manifest = tmp_path / "m.jsonl"
    manifest.write_text("{not json\n", "utf-8")
    with pytest.raises(UsageError, match=r"m\.jsonl:1"):
        run(opts(corpus(tmp_path / "in"), tmp_path / "out", manifest=manifest))


def test_a_second_run_on_the_same_directory_is_refused(tmp_path: Path) -> None:
    src, out = corpus(tmp_path / "in"), tmp_path / "out"
    out.mkdir()
    with (out / batch.LOCK_NAME).open("a") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(UsageError, match="another tradefacts extract"):
            run(opts(src, out))
    assert run(opts(src, out))[0] == 0


def test_cli_exit_status_and_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, out = corpus(tmp_path / "in"), tmp_path / "out"
    argv = ["extract", str(src), "--out", str(out), "--pipeline", BLANK, "--workers", "1"]
    assert main([*argv, "--no-tables"]) == 0
    err = capsys.readouterr().err
    assert "4 inputs: 4 written, 0 skipped, 0 failed" in err
    assert main([*argv, "--no-tables", "--quiet"]) == 0
    assert capsys.readouterr().err.strip().startswith("4 inputs: 0 written, 4 skipped")


# -- progress ----------------------------------------------------------------------------


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_modes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = corpus(tmp_path / "in")
    monkeypatch.setattr(batch, "PLAIN_EVERY_S", 0.0)
    plain = io.StringIO()
    run_extract(opts(src, tmp_path / "a", quiet=False), err=plain)
    assert "done (" in plain.getvalue() and "docs/s" in plain.getvalue()

    tty = _Tty()
    status, summary = run_extract(opts(src, tmp_path / "b", quiet=False), err=tty)
    assert status == 0 and closing_line(summary) in tty.getvalue()
    assert "extract" in tty.getvalue()  # the rich bar drew on the terminal

    quiet = io.StringIO()
    run_extract(opts(src, tmp_path / "c", quiet=True, force=True), err=quiet)
    assert quiet.getvalue().strip().splitlines() == [
        closing_line(json.loads((tmp_path / "c" / "summary.json").read_bytes()))
    ]


# -- memory: streaming ---------------------------------------------------------------------


def test_inputs_are_consumed_lazily(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The runner pulls documents as it goes: never more than a few batches ahead."""
    n, batch_size = 40, 2
    texts = {f"d{i:02d}": RELEASES["alpha"] for i in range(n)}
    src, out = corpus(tmp_path / "in", texts), tmp_path / "out"
    pulled: list[int] = []
    written_when_pulled: list[int] = []
    real = batch.open_sources

    def counting(o: ExtractOptions, *rest: object):  # type: ignore[no-untyped-def]
        for item in real(o, *rest):  # type: ignore[arg-type]
            pulled.append(1)
            written_when_pulled.append(len(records(out)))
            yield item

    monkeypatch.setattr(batch, "open_sources", counting)
    status, summary, _ = run(opts(src, out, batch_size=batch_size))
    assert status == 0 and summary["written"] == n
    # when the last document was pulled, most records were already on disk
    assert written_when_pulled[-1] >= n - 2 * batch_size


# -- the tables step -----------------------------------------------------------------------


def test_tables_run_after_the_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.tables

    seen: list[dict] = []

    def spy(out_dir: Path) -> dict[str, Path]:
        seen.append(json.loads((out_dir / "summary.json").read_bytes()))
        return {"facts": out_dir / "tables" / "facts.csv"}

    monkeypatch.setattr(pipeline.tables, "write_tables", spy)
    src, out = corpus(tmp_path / "in"), tmp_path / "out"
    status, summary, err = run(opts(src, out, tables=True, quiet=False))
    assert status == 0 and seen == [summary]
    assert "tables: 1 written" in err
    run(opts(src, out, tables=False))
    assert len(seen) == 1  # --no-tables


def test_a_failing_tables_step_is_exit_1_and_a_missing_one_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    import pipeline.tables

    def broken(out_dir: Path) -> dict[str, Path]:
        raise ValueError("cannot build tables")

    src, out = corpus(tmp_path / "in"), tmp_path / "out"
    monkeypatch.setattr(pipeline.tables, "write_tables", broken)
    status, _, err = run(opts(src, out, tables=True))
    assert status == 1 and "tables failed: cannot build tables" in err
    monkeypatch.setitem(sys.modules, "pipeline.tables", None)  # import fails
    status, _, err = run(opts(src, out, tables=True, quiet=False))
    assert status == 0 and "tables skipped" in err


def test_a_document_that_raises_does_not_fail_its_batch(tmp_path: Path) -> None:
    texts = {f"d{i}": ("EXPLODE " if i == 1 else "") + RELEASES["delta"] for i in range(5)}
    src, out = corpus(tmp_path / "in", texts), tmp_path / "out"
    status, summary, _ = run(opts(src, out, factory=EXPLODING, batch_size=5))
    assert status == 1
    assert (summary["written"], summary["failed"]) == (4, 1)
    assert [e["doc"] for e in summary["errors"]] == ["d1"]
    assert sorted(records(out)) == ["d0.json", "d2.json", "d3.json", "d4.json"]
