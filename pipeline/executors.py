"""Where extraction runs: in-process, a local process pool, or a Dask cluster.

Every executor does the same thing with a different engine: it takes jobs (chunks
of ``SourceDoc``) in input order and gives back, in the same order, one ``Outcome``
per document -- the record already serialised to bytes, or a one-line error. The
parent (``pipeline.batch``) decides what to run and writes every file, so records
are byte-identical whichever executor made them.

Workers build their ``Extractor`` once (pool initializer, Dask warm-up) and keep it
in a per-process cache; what to build is a small picklable ``PipelineSpec`` so a
worker never receives a loaded pipeline. Serialising the record happens in the
worker, which keeps the parent's share of the work (and the pickling of dicts)
small: the parent only writes bytes.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from pipeline.document import SourceDoc
from pipeline.settings import BATCH_SIZE

if TYPE_CHECKING:
    from spacy.language import Language

    from pipeline.api import Extractor

EXECUTORS: tuple[str, ...] = ("local", "dask")
# Jobs kept in flight per worker: one running, one queued so a worker never idles
# while the parent writes; more would only hold texts in memory.
PREFETCH = 2
_MAX_ERROR = 400
# Worker deaths in a row (no job succeeding between) after which the pool is deemed
# unusable rather than one document being poisonous.
MAX_CRASH_STREAK = 3


class ExecutorError(RuntimeError):
    """The engine itself failed (pipeline cannot be built, cluster unreachable): fatal."""


@dataclass(frozen=True, slots=True)
class PipelineSpec:
    """What a worker builds: picklable, hashable, never a loaded pipeline.

    ``factory`` ("module:function" returning a spaCy ``Language``) replaces the model,
    e.g. ``"pipeline.nlp:build_blank"`` for model-free tests of the batch machinery.
    """

    model: str | None = None
    factory: str | None = None
    keep_text: bool = False
    batch_size: int = BATCH_SIZE
    explain: bool = False  # also return each document's candidates (not in the fingerprint)

    def build_nlp(self) -> Language:
        """The Language this spec describes."""
        if self.factory:
            module, _, func = self.factory.partition(":")
            if not func:
                raise ValueError(f"pipeline factory {self.factory!r} is not 'module:function'")
            return getattr(importlib.import_module(module), func)()
        from pipeline.nlp import build_nlp

        return build_nlp(self.model)

    def provenance(self) -> dict[str, str]:
        """Provenance (with the fingerprint) of the records this spec makes.

        For a model this reads the package's meta.json only; a factory pipeline is
        built (they are small) and cached, so an in-process run reuses it.
        """
        if self.factory:
            return get_extractor(self).provenance
        from pipeline.api import model_provenance

        return model_provenance(self.model)


class Outcome(NamedTuple):
    """One document's result: record bytes or a one-line error; ``words`` for throughput;
    ``candidates``: the ``<doc_id>.candidates.jsonl`` bytes when the spec explains."""

    data: bytes | None
    error: str | None
    words: int
    candidates: bytes | None = None


class Job(NamedTuple):
    """A chunk of documents plus whatever the caller needs to place the results."""

    docs: Sequence[SourceDoc]
    meta: Any


# -- worker side ---------------------------------------------------------------------

_EXTRACTORS: dict[PipelineSpec, Extractor] = {}
_BUILD_ERROR: dict[PipelineSpec, str] = {}


def get_extractor(spec: PipelineSpec) -> Extractor:
    """This process's Extractor for ``spec``, built on first use and kept."""
    ex = _EXTRACTORS.get(spec)
    if ex is None:
        from pipeline.api import Extractor

        ex = Extractor(
            model=spec.model,
            nlp=spec.build_nlp(),
            keep_text=spec.keep_text,
            batch_size=spec.batch_size,
            explain=spec.explain,
        )
        _EXTRACTORS[spec] = ex
        # the model's objects live as long as the process: out of the cyclic collector's
        # sight, its full collections no longer rescan them (about 1% of extraction time)
        gc.freeze()
    return ex


def one_line(exc: BaseException) -> str:
    """``Type: message`` on one line, bounded, for errors.jsonl and stderr."""
    text = " ".join(str(exc).split()) or "(no message)"
    msg = f"{type(exc).__name__}: {text}"
    return msg if len(msg) <= _MAX_ERROR else msg[: _MAX_ERROR - 3] + "..."


def record_bytes(record: dict[str, Any]) -> bytes:
    """The file content of a record: deterministic for a given record (key order as built)."""
    try:
        text = json.dumps(record, ensure_ascii=False, indent=1)
        return text.encode("utf-8") + b"\n"
    except UnicodeEncodeError:  # a lone surrogate in the text: escape rather than fail
        return json.dumps(record, ensure_ascii=True, indent=1).encode("ascii") + b"\n"


def candidates_bytes(rows: Iterable[dict[str, Any]]) -> bytes:
    """JSONL of candidate rows, one per line, escaped like records when needed."""
    out = []
    for row in rows:
        try:
            out.append(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
        except UnicodeEncodeError:
            out.append(json.dumps(row, ensure_ascii=True).encode("ascii") + b"\n")
    return b"".join(out)


def process_chunk(spec: PipelineSpec, docs: Sequence[SourceDoc]) -> list[Outcome]:
    """Extract a chunk; one Outcome per document, in order. Runs in any process."""
    if spec in _BUILD_ERROR:
        raise ExecutorError(_BUILD_ERROR[spec])
    ex = get_extractor(spec)
    results = list(ex.pipe(docs))
    if len(docs) > 1 and any(isinstance(rec, Exception) for _, rec in results):
        # A component that raises stops nlp.pipe for the rest of its batch: redo each
        # failed document alone so only the one that raises fails (records do not
        # depend on batch composition).
        results = [
            next(iter(ex.pipe([src]))) if isinstance(rec, Exception) else (src, rec)
            for src, rec in results
        ]
    out: list[Outcome] = []
    for src, rec in results:
        words = len(src.text.split())
        if isinstance(rec, Exception):
            out.append(Outcome(None, one_line(rec), words))
            continue
        try:
            rows = getattr(rec, "candidates", None) if spec.explain else None
            side = candidates_bytes(rows) if rows is not None else None
            out.append(Outcome(record_bytes(rec), None, words, side))
        except Exception as exc:  # a record that cannot be serialised fails alone
            out.append(Outcome(None, one_line(exc), words))
    return out


def _watch_parent(parent: int) -> None:
    """Exit when the parent is gone: a SIGKILLed batch must not leave workers behind."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker(spec: PipelineSpec, parent: int) -> None:
    """Pool initializer: ignore Ctrl-C (the parent handles it), watch the parent, build."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    try:
        get_extractor(spec)
    except Exception as exc:  # reported by process_chunk, so the parent sees the cause
        _BUILD_ERROR[spec] = f"cannot build the pipeline in a worker: {one_line(exc)}"


def _warm(spec: PipelineSpec) -> str:
    """Dask warm-up: build the worker's Extractor before the first job; its fingerprint."""
    return get_extractor(spec).fingerprint


def _failed(docs: Sequence[SourceDoc], error: str) -> list[Outcome]:
    return [Outcome(None, error, 0) for _ in docs]


# -- parent side ---------------------------------------------------------------------


class Executor:
    """Runs jobs, yields ``(job, outcomes)`` in job order. A context manager."""

    name = "local"

    def __init__(self, spec: PipelineSpec, workers: int = 1) -> None:
        self.spec = spec
        self.workers = workers

    def map(self, jobs: Iterable[Job]) -> Iterator[tuple[Job, list[Outcome]]]:
        """In-process: one job at a time, pulled lazily from ``jobs``."""
        try:
            get_extractor(self.spec)
        except Exception as exc:  # a pipeline that cannot be built fails the run
            raise ExecutorError(f"cannot build the pipeline: {one_line(exc)}") from exc
        for job in jobs:
            try:
                outcomes = process_chunk(self.spec, job.docs)
            except Exception as exc:  # a bug outside the per-document guard: this job fails
                outcomes = _failed(job.docs, f"extraction failed: {one_line(exc)}")
            yield job, outcomes

    def close(self, cancel: bool = False) -> None:
        """Release workers; ``cancel`` drops queued work and stops running work now."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(cancel=exc[0] is not None)


class _Bounded(Executor):
    """Shared in-order, bounded-in-flight submission for pool-like engines."""

    def _submit(self, docs: Sequence[SourceDoc]) -> Future[list[Outcome]]:
        raise NotImplementedError

    def _resolve(self, job: Job, fut: Future[list[Outcome]]) -> list[Outcome]:
        """The job's outcomes; a failure of the engine becomes each document's error."""
        try:
            return fut.result()
        except ExecutorError:
            raise
        except Exception as exc:
            return _failed(job.docs, f"worker failed: {one_line(exc)}")

    def _crashed(self, fut: Future[list[Outcome]]) -> bool:
        """Did the job's worker die (rather than the job fail)? Engines that recover say so."""
        return False

    def _isolate(self, docs: Sequence[SourceDoc]) -> list[Outcome]:
        raise NotImplementedError

    def map(self, jobs: Iterable[Job]) -> Iterator[tuple[Job, list[Outcome]]]:
        """Jobs in flight: at most PREFETCH per worker; results in job order."""
        pending: deque[tuple[Job, Future[list[Outcome]]]] = deque()
        source = iter(jobs)
        limit = max(1, self.workers * PREFETCH)

        def fill() -> None:
            while len(pending) < limit:
                job = next(source, None)
                if job is None:
                    return
                pending.append((job, self._submit(job.docs)))

        fill()
        while pending:
            job, fut = pending.popleft()
            if self._crashed(fut):  # every job in flight died with the worker: redo alone
                retry = [job] + [j for j, _ in pending]
                pending.clear()
                self._restart()
                for j in retry:
                    yield j, self._isolate(j.docs)
                fill()
                continue
            outcomes = self._resolve(job, fut)
            fill()  # keep the workers busy while the caller writes
            yield job, outcomes

    def _restart(self) -> None:
        self.close(cancel=True)


class PoolExecutor(_Bounded):
    """A local process pool (spawn: forking a process that loaded spaCy is unsafe).

    A worker that dies (crash, out of memory) breaks the whole pool; the pool is
    rebuilt and the jobs that were in flight are retried alone, then document by
    document, so only the document that kills a worker fails.
    """

    name = "local"

    def __init__(self, spec: PipelineSpec, workers: int, start_method: str = "spawn") -> None:
        super().__init__(spec, workers)
        self._ctx = multiprocessing.get_context(start_method)
        self._pool: ProcessPoolExecutor | None = None
        self._crash_streak = 0

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=self._ctx,
                initializer=_init_worker,
                initargs=(self.spec, os.getpid()),
            )
        return self._pool

    def _submit(self, docs: Sequence[SourceDoc]) -> Future[list[Outcome]]:
        try:
            return self._get_pool().submit(process_chunk, self.spec, docs)
        except BrokenProcessPool as exc:  # broken between two results: handled like a crash
            fut: Future[list[Outcome]] = Future()
            fut.set_exception(exc)
            return fut

    def _crashed(self, fut: Future[list[Outcome]]) -> bool:
        try:
            fut.result()
        except BrokenProcessPool:
            return True
        except Exception:
            return False
        return False

    def _isolate(self, docs: Sequence[SourceDoc]) -> list[Outcome]:
        """Run ``docs`` alone; after a crash, one by one, so only the culprit fails."""
        fut = self._submit(docs)
        if not self._crashed(fut):
            self._crash_streak = 0
            return self._resolve(Job(docs, None), fut)
        self._crash_streak += 1
        if self._crash_streak > MAX_CRASH_STREAK:  # not one bad document: the workers
            raise ExecutorError(
                f"worker processes keep dying ({self._crash_streak} times in a row);"
                " is the entry point guarded by `if __name__ == '__main__'`?"
            )
        self._restart()
        if len(docs) == 1:
            return _failed(docs, "worker process died while extracting this document")
        out: list[Outcome] = []
        for doc in docs:
            out.extend(self._isolate([doc]))
        return out

    def close(self, cancel: bool = False) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if cancel:  # stop now: queued jobs dropped, running ones killed
            for proc in list(getattr(pool, "_processes", {}).values()):
                with contextlib.suppress(Exception):
                    proc.terminate()
            pool.shutdown(wait=True, cancel_futures=True)
        else:
            pool.shutdown(wait=True)


class DaskExecutor(_Bounded):
    """A Dask distributed cluster: ``scheduler`` address, or a LocalCluster of ``workers``.

    The LocalCluster is started without Dask's ``MALLOC_TRIM_THRESHOLD_=65536`` worker
    environment, which makes spaCy ~25% slower (PERFORMANCE.md). Workers build their
    Extractor once (warm-up via ``client.run``) and keep it in this module's cache.
    """

    name = "dask"

    def __init__(self, spec: PipelineSpec, workers: int, scheduler: str | None = None) -> None:
        super().__init__(spec, workers)
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - dask is an optional extra
            raise ExecutorError(
                "--executor dask needs dask[distributed]: pip install 'tradefacts[dask]'"
            ) from exc
        self._cluster: Any = None
        try:
            if scheduler:
                self._client = Client(scheduler, timeout="30s")
            else:
                trim = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"
                with dask.config.set({trim: None}):
                    self._cluster = LocalCluster(
                        n_workers=workers,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        silence_logs=logging.ERROR,
                    )
                self._client = Client(self._cluster)
        except Exception as exc:
            self.close()
            where = scheduler or "a local cluster"
            raise ExecutorError(f"cannot start Dask on {where}: {one_line(exc)}") from exc
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})) or workers)
        try:
            self._client.run(_warm, spec)
        except Exception as exc:
            self.close()
            raise ExecutorError(
                f"cannot build the pipeline on Dask workers: {one_line(exc)}"
            ) from exc

    def _submit(self, docs: Sequence[SourceDoc]) -> Future[list[Outcome]]:
        return self._client.submit(process_chunk, self.spec, list(docs), pure=False)

    def close(self, cancel: bool = False) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()
            self._client = None
        if self._cluster is not None:
            with contextlib.suppress(Exception):
                self._cluster.close()
            self._cluster = None


def make_executor(
    kind: str, spec: PipelineSpec, workers: int, scheduler: str | None = None
) -> Executor:
    """The executor for ``--executor``/``--workers``: in-process when one local worker."""
    if kind == "dask":
        return DaskExecutor(spec, workers, scheduler)
    if kind != "local":
        raise ValueError(f"unknown executor {kind!r} (choose from {', '.join(EXECUTORS)})")
    if workers <= 1:
        return Executor(spec, 1)
    return PoolExecutor(spec, workers)


__all__ = [
    "EXECUTORS",
    "Executor",
    "ExecutorError",
    "Job",
    "Outcome",
    "PipelineSpec",
    "get_extractor",
    "make_executor",
    "process_chunk",
    "record_bytes",
]
