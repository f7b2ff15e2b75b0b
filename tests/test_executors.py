"""Executors: a spawn pool and a Dask cluster write exactly what an in-process run writes.

Model-free (``pipeline.nlp:build_blank`` and factories below, importable by spawned
workers because pytest puts this directory on ``sys.path``), except one check that
the parent's cheap fingerprint equals the loaded model's.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from pipeline import batch
from pipeline.batch import ExtractOptions, run_extract
from pipeline.document import SourceDoc
from pipeline.executors import (
    Executor,
    Job,
    PipelineSpec,
    PoolExecutor,
    make_executor,
    process_chunk,
    record_bytes,
)
from pipeline.nlp import build_blank

BLANK = "pipeline.nlp:build_blank"

TEXTS = [
    "WASHINGTON, May 8, 2025 - The United States and the United Kingdom announced a trade "
    "deal. The Secretary of Commerce said the agreement opens markets.",
    "GENEVA - Officials of the United States and China met on May 12, 2025 for an economic "
    "and trade meeting.",
    "NEW DELHI - The Ministry of Commerce and Industry set up a Task Force on textiles exports.",
    "SINGAPORE, 14 March 2024 - The Minister for Trade and Industry attended the IPEF "
    "ministerial meeting.",
    "TOKYO - The United States and Japan held the Economic Policy Consultative Committee.",
    "BRUSSELS, September 29, 2021 - The EU-US Trade and Technology Council met in Pittsburgh.",
]


@Language.component("tf_test_crash")
def _crash(doc: Doc) -> Doc:
    """Kills its process on texts containing CRASH: a segfault or OOM kill, simulated."""
    if "CRASH" in doc.text and multiprocessing.parent_process() is not None:
        os._exit(3)
    return doc


def crashing_blank() -> Language:
    nlp = build_blank()
    nlp.add_pipe("tf_test_crash", first=True)
    return nlp


def worker_only_failure() -> Language:
    """Builds in the parent, fails in a worker (a model missing on a worker machine)."""
    if multiprocessing.parent_process() is not None:
        raise OSError("model files missing on this worker")
    return build_blank()


def corpus(root: Path, texts: list[str] = TEXTS) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (root / f"r{i:02d}.txt").write_text(text, encoding="utf-8")
    return root


def extract(src: Path, out: Path, **kw: Any) -> tuple[int, dict[str, Any]]:
    base: dict[str, Any] = {"factory": BLANK, "workers": 1, "tables": False, "quiet": True}
    base.update(kw)
    return run_extract(ExtractOptions(inputs=[str(src)], out=out, **base), err=io.StringIO())


def records(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.json")) if p.name != "summary.json"}


# -- serialisation and choice ------------------------------------------------------------


def test_record_bytes_is_deterministic_utf8_and_survives_lone_surrogates() -> None:
    rec = {"doc_id": "a", "title": "Ministère — “quoted”", "b": [1, 2], "a": None}
    data = record_bytes(rec)
    assert data == record_bytes(dict(rec)) and data.endswith(b"\n")
    assert "Ministère — “quoted”".encode() in data  # not \\u-escaped
    assert list(json.loads(data)) == ["doc_id", "title", "b", "a"]  # key order as built
    odd = record_bytes({"text": "bad \udc80 byte"})
    assert json.loads(odd) == {"text": "bad \udc80 byte"}


def test_make_executor_picks_the_engine() -> None:
    spec = PipelineSpec(factory=BLANK)
    assert type(make_executor("local", spec, 1)) is Executor
    pool = make_executor("local", spec, 2)
    assert isinstance(pool, PoolExecutor) and pool.workers == 2
    pool.close()
    with pytest.raises(ValueError, match="unknown executor"):
        make_executor("ray", spec, 2)


def test_process_chunk_gives_one_outcome_per_document_in_order() -> None:
    spec = PipelineSpec(factory=BLANK)
    docs = [SourceDoc(doc_id=f"d{i}", text=t, input_sha256="0" * 64) for i, t in enumerate(TEXTS)]
    outs = process_chunk(spec, docs)
    assert [json.loads(o.data)["doc_id"] for o in outs if o.data] == [d.doc_id for d in docs]
    for o, d in zip(outs, docs, strict=True):
        assert o.error is None and o.words == len(d.text.split())


def test_model_fingerprint_without_loading_equals_the_loaded_pipelines() -> None:
    """Resume depends on it: the parent never loads the model."""
    from pipeline.api import Extractor

    assert PipelineSpec().provenance() == Extractor().provenance


# -- the process pool --------------------------------------------------------------------


def test_two_worker_pool_writes_what_one_process_writes(tmp_path: Path) -> None:
    src = corpus(tmp_path / "in", TEXTS * 3)
    one_status, one = extract(src, tmp_path / "one", batch_size=2)
    two_status, two = extract(src, tmp_path / "two", batch_size=2, workers=2)
    assert one_status == two_status == 0
    assert two["workers"] == 2 and two["written"] == len(TEXTS) * 3
    assert records(tmp_path / "one") == records(tmp_path / "two")
    assert one["fingerprint"] == two["fingerprint"]


def test_a_worker_that_dies_fails_only_its_document(tmp_path: Path) -> None:
    texts = [*TEXTS[:3], "CRASH " + TEXTS[3], *TEXTS[4:]]
    src, out = corpus(tmp_path / "in", texts), tmp_path / "out"
    status, summary = extract(src, out, factory="test_executors:crashing_blank", workers=2,
                              batch_size=2)  # fmt: skip
    assert status == 1
    assert (summary["written"], summary["failed"]) == (5, 1)
    assert summary["errors"] == [
        {"doc": "r03", "error": "worker process died while extracting this document"}
    ]
    assert set(records(out)) == {f"r{i:02d}.json" for i in range(6) if i != 3}


def test_a_pipeline_that_cannot_be_built_in_workers_stops_the_run(tmp_path: Path) -> None:
    src, out = corpus(tmp_path / "in"), tmp_path / "out"
    status, summary = extract(src, out, factory="test_executors:worker_only_failure", workers=2)
    assert status == 2
    assert summary["stopped"] == "error" and summary["written"] == 0
    assert json.loads((out / "summary.json").read_bytes())["stopped"] == "error"


# -- Dask --------------------------------------------------------------------------------


def test_dask_cluster_writes_byte_identical_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = corpus(tmp_path / "in")
    env: dict[str, Any] = {}
    real = batch.make_executor

    def spying(kind: str, spec: PipelineSpec, workers: int, scheduler: str | None = None):  # type: ignore[no-untyped-def]
        ex = real(kind, spec, workers, scheduler)
        env.update(ex._client.run(os.environ.get, "MALLOC_TRIM_THRESHOLD_"))
        return ex

    monkeypatch.setattr(batch, "make_executor", spying)
    status, summary = extract(src, tmp_path / "dask", executor="dask", workers=2, batch_size=2)
    monkeypatch.undo()
    assert status == 0
    assert (summary["executor"], summary["workers"], summary["written"]) == ("dask", 2, 6)
    assert len(env) == 2 and set(env.values()) == {None}  # the spaCy-slowing trim is off
    extract(src, tmp_path / "local")
    assert records(tmp_path / "dask") == records(tmp_path / "local")


def test_jobs_come_back_in_order_from_a_pool() -> None:
    spec = PipelineSpec(factory=BLANK, batch_size=1)
    docs = [SourceDoc(doc_id=f"d{i}", text=t) for i, t in enumerate(TEXTS * 2)]
    jobs = [Job([d], i) for i, d in enumerate(docs)]
    with PoolExecutor(spec, 2) as pool:
        got = [(job.meta, json.loads(outs[0].data)["doc_id"]) for job, outs in pool.map(jobs)]
    assert got == [(i, d.doc_id) for i, d in enumerate(docs)]
