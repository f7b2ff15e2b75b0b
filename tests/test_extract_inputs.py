"""``tradefacts extract`` over the inputs people have, accounting for every one of them.

Fault isolation (a failure injected into each stage in turn fails that input alone),
safe walking (the output directory is never read back; every other file is read or
listed with the reason), ids by path, records never replaced by another input's,
stdin, gzip, nested JSON records, stale records, durable writes and what an
interrupted run says. Model-free (``pipeline.nlp:build_blank``) like test_batch.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from pipeline import batch, ingest
from pipeline.batch import UsageError, closing_line, write_atomic
from pipeline.cli import main
from pipeline.nlp import build_blank
from tests.test_batch import BLANK, RELEASES, corpus, invariant, opts, records, run

MARK = "MARKED"  # the document a fault is injected into carries this word


def marked_corpus(root: Path) -> Path:
    """The four releases plus one that carries the marker: ``victim``."""
    return corpus(root, {**RELEASES, "victim": f"{MARK} {RELEASES['alpha']}"})


# -- fault isolation: one stage at a time ------------------------------------------------


def _inject(stage: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Make ``stage`` raise for the marked document only; the cause the error must name."""
    import pipeline.api as api
    import pipeline.components.base as base

    cause = f"injected {stage} fault"
    if stage == "read":
        real_read = ingest._read_bytes

        def read(path: Path) -> bytes:
            if path.stem == "victim":
                raise RuntimeError(cause)
            return real_read(path)

        monkeypatch.setattr(ingest, "_read_bytes", read)
    elif stage == "decode":
        real_decode = ingest.decode_bytes

        def decode(raw: bytes, declared: str | None = None) -> Any:
            if MARK.encode() in raw:
                raise LookupError(cause)
            return real_decode(raw, declared)

        monkeypatch.setattr(ingest, "decode_bytes", decode)
    elif stage == "prepare":
        real_title = ingest.first_line_title

        def title(text: str, markdown: bool = False) -> str | None:
            if MARK in text:
                raise KeyError(cause)
            return real_title(text, markdown)

        monkeypatch.setattr(ingest, "first_line_title", title)
    elif stage == "extract":
        real_cands = api.candidates_from_doc

        def cands(doc: Doc, offset: int = 0) -> Any:
            if MARK in doc.text:
                raise IndexError(cause)
            return real_cands(doc, offset)

        monkeypatch.setattr(api, "candidates_from_doc", cands)
        assert base.candidates_from_doc is real_cands
    elif stage == "validate":
        real_check = api.check_record

        def check(rec: dict[str, Any]) -> None:
            if rec["doc_id"] == "victim":
                raise ValueError(cause)
            real_check(rec)

        monkeypatch.setattr(api, "check_record", check)
    elif stage == "write":
        real_write = batch.write_atomic

        def write(path: Path, data: bytes, sync_dir: bool = True) -> None:
            if path.name == "victim.json":
                raise TypeError(cause)
            real_write(path, data, sync_dir)

        monkeypatch.setattr(batch, "write_atomic", write)
    return cause


@pytest.mark.parametrize("stage", ["read", "decode", "prepare", "extract", "validate", "write"])
def test_a_failure_in_any_stage_fails_that_input_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    src, out = marked_corpus(tmp_path / "in"), tmp_path / "out"
    cause = _inject(stage, monkeypatch)
    status, summary, err = run(opts(src, out, batch_size=8))
    assert status == 1, err
    invariant(summary)
    assert (summary["inputs"], summary["written"], summary["failed"]) == (5, 4, 1)
    (error,) = summary["errors"]
    assert error["doc"] == "victim" and cause in error["error"]
    assert "error: victim: " in err
    assert sorted(records(out)) == [f"{n}.json" for n in sorted(RELEASES)]
    assert summary["stopped"] is None


def test_a_bug_while_planning_a_document_fails_it_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, out = marked_corpus(tmp_path / "in"), tmp_path / "out"
    real = batch._Run.target

    def target(self: Any, item: Any) -> Any:
        if item.doc_id == "victim":
            raise AttributeError("injected planning fault")
        return real(self, item)

    monkeypatch.setattr(batch._Run, "target", target)
    status, summary, _ = run(opts(src, out))
    assert status == 1 and summary["written"] == 4
    assert "injected planning fault" in summary["errors"][0]["error"]


# -- walking inputs --------------------------------------------------------------------


def test_the_output_directory_inside_the_input_is_never_read(tmp_path: Path) -> None:
    src = corpus(tmp_path / "in")
    out = src / "facts"
    first = run(opts(src, out, tables=True))
    assert first[0] == 0 and first[1]["written"] == 4
    assert (out / "tables").is_dir()
    status, summary, _ = run(opts(src, out, tables=True))
    assert status == 0
    assert (summary["inputs"], summary["skipped"], summary["failed"]) == (4, 4, 0)
    assert {i["path"] for i in summary["ignored"]} == {str(out)}
    # and another run's output beside it, written to a second directory, is not read either
    status, summary, _ = run(opts(src, tmp_path / "elsewhere"))
    assert status == 0 and summary["inputs"] == 4
    assert any("tradefacts output directory" in i["reason"] for i in summary["ignored"])


def test_every_file_is_read_or_listed_with_its_reason(tmp_path: Path) -> None:
    src = corpus(tmp_path / "in")
    (src / "notes.xyz").write_text("not a release", "utf-8")
    (src / "Makefile").write_text("all:", "utf-8")
    (src / ".hidden.txt").write_text("hidden", "utf-8")
    (src / "archive.tar.gz").write_bytes(gzip.compress(b"x"))
    (src / "README.md").write_text("# About these files", "utf-8")
    (src / ".git").mkdir()
    (src / ".git" / "config").write_text("[core]", "utf-8")
    status, summary, err = run(opts(src, tmp_path / "out", quiet=False))
    assert status == 0 and summary["written"] == 4
    reasons = {Path(i["path"]).name: i["reason"] for i in summary["ignored"]}
    assert reasons == {
        "notes.xyz": "unsupported suffix .xyz",
        "Makefile": "no suffix",
        ".hidden.txt": "hidden file",
        "archive.tar.gz": "unsupported suffix .tar.gz",
        "README.md": "a README",
        ".git": "hidden directory",
    }
    assert f"note: {src / 'notes.xyz'}: unsupported suffix .xyz" in err
    assert "6 files ignored" in closing_line(summary)


def test_manifest_ids_without_a_document_are_reported(tmp_path: Path) -> None:
    src = corpus(tmp_path / "in")
    manifest = tmp_path / "m.jsonl"
    rows = [{"id": "alpha", "published": "2024-03-03"}, {"id": "omega"}, {"id": "psi"}]
    manifest.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    status, summary, err = run(opts(src, tmp_path / "out", manifest=manifest, quiet=False))
    assert status == 0
    assert summary["unmatched_manifest_ids"] == ["omega", "psi"]
    assert "manifest id 'omega' matches no document" in err


def test_ids_from_paths_keep_same_named_files_apart(tmp_path: Path) -> None:
    src = tmp_path / "site"
    for slug, text in (("a", RELEASES["alpha"]), ("b", RELEASES["beta"])):
        (src / slug).mkdir(parents=True)
        (src / slug / "index.html").write_text(f"<html><body><p>{text}</p></body></html>", "utf-8")
    status, summary, _ = run(opts(src, tmp_path / "by-stem"))
    assert status == 1 and summary["failed"] == 1
    assert "--id-from path" in summary["errors"][0]["error"]
    status, summary, _ = run(opts(src, tmp_path / "by-path", id_from="path"))
    assert status == 0 and summary["written"] == 2
    assert sorted(records(tmp_path / "by-path")) == ["a__index.json", "b__index.json"]


def test_a_record_from_another_input_is_not_replaced_without_force(tmp_path: Path) -> None:
    one = corpus(tmp_path / "one", {"release": RELEASES["alpha"]})
    two = corpus(tmp_path / "two", {"release": RELEASES["beta"]})
    out = tmp_path / "out"
    assert run(opts(one, out))[0] == 0
    before = records(out)
    status, summary, _ = run(opts(two, out))
    assert status == 1
    assert "holds the record of another input" in summary["errors"][0]["error"]
    assert str(one / "release.txt") in summary["errors"][0]["error"]
    assert records(out) == before
    # the same input moved elsewhere is still the same input
    moved = corpus(tmp_path / "moved", {"release": RELEASES["alpha"]})
    assert run(opts(moved, out))[0] == 0
    status, summary, _ = run(opts(two, out, force=True))
    assert status == 0 and summary["written"] == 1
    assert json.loads(records(out)["release.json"])["input"]["path"] == str(two / "release.txt")


# -- inputs people have ------------------------------------------------------------------


def test_stdin_is_one_document_named_by_id(tmp_path: Path) -> None:
    text = "Trade Ministers Meet\n\n" + RELEASES["gamma"]
    o = opts([], tmp_path / "out", stdin_id="piped")
    o.inputs = ["-"]
    status, summary, _ = run_with_stdin(o, text.encode())
    assert status == 0 and summary["written"] == 1
    rec = json.loads(records(tmp_path / "out")["piped.json"])
    assert rec["title"] == "Trade Ministers Meet"
    assert rec["input"]["path"] == "<stdin>"


def run_with_stdin(o: batch.ExtractOptions, data: bytes) -> tuple[int, dict, str]:
    err = io.StringIO()
    status, summary = batch.run_extract(o, err=err, stdin=io.BytesIO(data))
    return status, summary, err.getvalue()


def test_gzip_files_are_read_transparently(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "zipped.txt.gz").write_bytes(gzip.compress(RELEASES["alpha"].encode()))
    rows = [{"id": "r1", "text": RELEASES["beta"]}, {"id": "r2", "text": RELEASES["gamma"]}]
    body = "".join(json.dumps(r) + "\n" for r in rows).encode()
    (src / "batch.jsonl.gz").write_bytes(gzip.compress(body))
    (src / "broken.txt.gz").write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    status, summary, _ = run(opts(src, tmp_path / "out"))
    assert status == 1
    assert sorted(records(tmp_path / "out")) == ["r1.json", "r2.json", "zipped.json"]
    assert summary["errors"] == [{"doc": "broken", "error": summary["errors"][0]["error"]}]
    assert "invalid gzip data" in summary["errors"][0]["error"]
    zipped = json.loads(records(tmp_path / "out")["zipped.json"])
    assert zipped["input"]["format"] == "txt"


def test_json_records_nested_under_a_key(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    data = {"meta": {}, "data": {"items": [{"id": "n1", "text": RELEASES["delta"]}]}}
    (src / "export.json").write_text(json.dumps(data), "utf-8")
    status, summary, _ = run(opts(src, tmp_path / "out", records_path="data.items"))
    assert status == 0 and sorted(records(tmp_path / "out")) == ["n1.json"]
    status, summary, _ = run(opts(src, tmp_path / "out2", records_path="data.rows"))
    assert status == 1 and "no records at 'data.rows'" in summary["errors"][0]["error"]


def test_a_text_releases_first_line_is_its_title_unless_the_manifest_says(
    tmp_path: Path,
) -> None:
    src = corpus(tmp_path / "in", {"t1": "Headline Here\n\nBody text follows.", "t2": "Other\nx"})
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"id": "t2", "title": "From The Manifest"}) + "\n", "utf-8")
    status, _, _ = run(opts(src, tmp_path / "out", manifest=manifest))
    assert status == 0
    recs = {k: json.loads(v) for k, v in records(tmp_path / "out").items()}
    assert recs["t1.json"]["title"] == "Headline Here"
    assert recs["t2.json"]["title"] == "From The Manifest"


def test_records_whose_input_has_gone_are_stale_and_pruned(tmp_path: Path) -> None:
    src, out = corpus(tmp_path / "in"), tmp_path / "out"
    assert run(opts(src, out))[0] == 0
    (src / "gamma.txt").unlink()
    status, summary, _ = run(opts(src, out))
    assert status == 0 and summary["stale"] == ["gamma"] and summary["pruned"] == 0
    assert (out / "gamma.json").exists()
    # a subset run does not call the records of inputs it did not look at stale
    status, summary, _ = run(opts(src / "alpha.txt", out))
    assert summary["stale"] == ["gamma"]
    status, summary, _ = run(opts(src, out, prune=True))
    assert summary["stale"] == ["gamma"] and summary["pruned"] == 1
    assert not (out / "gamma.json").exists()
    assert run(opts(src, out))[1]["stale"] == []


def test_a_missing_input_path_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = corpus(tmp_path / "in")
    with pytest.raises(UsageError, match="no such input"):
        run(opts([src, tmp_path / "nope"], tmp_path / "out"))
    argv = ["extract", str(tmp_path / "nope*.txt"), "--out", str(tmp_path / "o"), "--pipeline"]
    assert main([*argv, BLANK]) == 2
    assert "no such input" in capsys.readouterr().err


# -- durability and interruption ----------------------------------------------------------


def test_a_record_is_fsynced_before_its_rename_and_the_directory_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        kind = "dir" if os.path.isdir(f"/proc/self/fd/{fd}") else "file"
        events.append(f"fsync {kind}")
        real_fsync(fd)

    def replace(a: Any, b: Any) -> None:
        events.append("rename")
        real_replace(a, b)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_atomic(tmp_path / "r.json", b"{}")
    assert events == ["fsync file", "rename", "fsync dir"]
    assert (tmp_path / "r.json").read_bytes() == b"{}"


STOP = {"armed": True}


@Language.component("tf_test_ctrl_c")
def _ctrl_c(doc: Doc) -> Doc:
    """Ctrl-C arriving while the marked document is extracted."""
    if STOP["armed"] and "STOPHERE" in doc.text:
        raise KeyboardInterrupt
    return doc


def interrupting_blank() -> Language:
    nlp = build_blank()
    nlp.add_pipe("tf_test_ctrl_c", first=True)
    return nlp


def test_an_interrupted_run_says_what_remains_and_a_rerun_resumes(tmp_path: Path) -> None:
    texts = {f"d{i}": ("STOPHERE " if i == 5 else "") + RELEASES["gamma"] for i in range(10)}
    src, out = corpus(tmp_path / "in", texts), tmp_path / "out"
    factory = "test_extract_inputs:interrupting_blank"
    STOP["armed"] = True
    try:
        status, summary, err = run(opts(src, out, factory=factory, batch_size=1))
    finally:
        STOP["armed"] = False
    assert status == batch.EXIT_INTERRUPTED
    invariant(summary)
    assert summary["stopped"] == "interrupted" and summary["written"] == 5
    assert summary["remaining"] == 5
    assert "rerun the same command" in summary["resume"]
    assert "5 documents remaining; rerun the same command to resume" in err
    status, summary, _ = run(opts(src, out, factory=factory, batch_size=1))
    assert status == 0 and (summary["skipped"], summary["written"]) == (5, 5)


def test_ctrl_c_during_start_up_exits_130_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pipeline.cli as cli

    def slow_import() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_parser", slow_import)
    assert cli.main(["extract", "x", "--out", "y"]) == 130
    err = capsys.readouterr().err
    assert err == "tradefacts: interrupted\n"
