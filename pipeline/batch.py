"""``tradefacts extract``: a corpus in, one record file per document out.

Streaming: ingest yields documents one at a time, they are grouped into jobs of
``--batch-size`` and handed to an executor (in-process, a process pool, or Dask,
see ``pipeline.executors``); records come back serialised and the parent writes
them as they arrive. Nothing is kept per document (ingest owns id uniqueness), so
memory does not grow with the corpus.

Resumable and atomic: a record is written to ``.<name>.tmp-<pid>`` and renamed,
so a run killed at any moment leaves no partial record; a rerun skips documents
whose record was made from the same input by the same pipeline (fingerprint).
One run at a time per output directory (a lock file), stale temp files of a
killed run are removed at the next start.

Exit status: 0 all documents written or up to date, 1 a document failed (or the
tables step failed), 2 usage error (flags, manifest, output directory, pipeline),
130 interrupted (Ctrl-C / SIGTERM; the summary is still written).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, TextIO

from pipeline.cli import EXIT_DOC_FAILURES, EXIT_OK, EXIT_USAGE
from pipeline.document import DocError, SourceDoc
from pipeline.executors import (
    EXECUTORS,
    ExecutorError,
    Job,
    Outcome,
    PipelineSpec,
    make_executor,
)

EXIT_INTERRUPTED = 130
LOCK_NAME = ".tradefacts.lock"
SUMMARY_NAME = "summary.json"
ERRORS_NAME = "errors.jsonl"
PLAIN_EVERY_S = 5.0  # progress line interval when stderr is not a terminal
FIELD_FLAGS: tuple[str, ...] = ("id", "text", "published", "title")


class UsageError(Exception):
    """Bad flags or environment (manifest, output directory, model): exit 2, nothing run."""


class _SourceFailed(Exception):
    """The input stream itself failed (not one document): fatal, exit 2."""


@dataclass
class ExtractOptions:
    """Everything ``tradefacts extract`` does, as data (the CLI and tests build this)."""

    inputs: list[str]
    out: Path
    manifest: Path | None = None
    workers: int = 1
    batch_size: int = 32
    executor: str = "local"
    scheduler: str | None = None
    force: bool = False
    fail_fast: bool = False
    quiet: bool = False
    keep_text: bool = False
    fields: dict[str, str] = field(default_factory=dict)  # id/text/published/title -> name
    tables: bool = True
    model: str | None = None
    factory: str | None = None  # "module:function" building the Language instead of a model

    @property
    def spec(self) -> PipelineSpec:
        return PipelineSpec(
            model=self.model,
            factory=self.factory,
            keep_text=self.keep_text,
            batch_size=self.batch_size,
        )


# -- small pieces ----------------------------------------------------------------------


def _fallback_safe_id(raw: str) -> str:
    """A file-name-safe id: used only until ``ingest.safe_doc_id`` exists."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", raw).strip("._") or "doc"
    if safe != raw or len(safe) > 120:
        safe = (
            f"{safe[:100]}-{hashlib.sha256(raw.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
        )
    return safe


def safe_id_function() -> Callable[[str], str]:
    """``ingest.safe_doc_id`` when ingest provides it, else a local sanitiser."""
    try:
        from pipeline.ingest import safe_doc_id
    except ImportError:
        return _fallback_safe_id
    return safe_doc_id


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``path`` via ``.<name>.tmp-<pid>`` + rename: never a half-written file."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def clean_stale(out: Path) -> int:
    """Remove temp files a killed run left behind (call under the lock); how many."""
    n = 0
    for p in out.glob(".*.tmp-*"):
        with contextlib.suppress(OSError):
            p.unlink()
            n += 1
    return n


def up_to_date(target: Path, src: SourceDoc, fingerprint: str, keep_text: bool) -> bool:
    """Is ``target`` the record this run would write for ``src``?

    Same input bytes (input_sha256) and same pipeline (fingerprint) decide; the
    cheap pass-through fields are compared too, so a changed manifest date or
    title, a moved input or a different --keep-text redo the document.
    """
    if not src.input_sha256:
        return False
    try:
        rec = json.loads(target.read_bytes())
    except (OSError, ValueError):
        return False
    if not isinstance(rec, dict):
        return False
    prov = rec.get("provenance") or {}
    inp = rec.get("input") or {}
    return (
        prov.get("fingerprint") == fingerprint
        and prov.get("input_sha256") == src.input_sha256
        and rec.get("doc_id") == src.doc_id
        and rec.get("text_sha256") == src.text_sha256
        and ("text" in rec) == keep_text
        and inp.get("path") == src.path
        and (src.published is None or rec.get("published") == src.published)
        and (src.title is None or rec.get("title") == src.title)
        and (src.date_source is None or inp.get("date_source") == src.date_source)
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# -- progress ------------------------------------------------------------------------


class Reporter:
    """Progress (rich bar on a terminal, periodic lines otherwise, none with --quiet)
    and the per-document error lines, which are printed even when quiet."""

    def __init__(self, err: TextIO, quiet: bool) -> None:
        self.err = err
        self.mode = "off" if quiet else ("rich" if _isatty(err) else "plain")
        self._bar: Any = None
        self._task: Any = None
        self._last = 0.0
        self._t0 = time.monotonic()

    def start(self, count: Callable[[], int] | None) -> None:
        self._t0 = self._last = time.monotonic()
        if self.mode != "rich":
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            SpinnerColumn(),
            TextColumn("extract"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TimeElapsedColumn(),
            console=Console(file=self.err, highlight=False),
        )
        self._task = self._bar.add_task("extract", total=None, rate="")
        self._bar.start()
        if count is not None:  # the total (for the ETA) comes from a second, cheap pass

            def counter() -> None:
                with contextlib.suppress(Exception):
                    total = count()
                    if self._bar is not None:
                        self._bar.update(self._task, total=total)

            threading.Thread(target=counter, daemon=True).start()

    def update(self, done: int, written: int, skipped: int, failed: int) -> None:
        now = time.monotonic()
        rate = done / max(now - self._t0, 1e-9)
        if self.mode == "rich" and self._bar is not None:
            self._bar.update(self._task, completed=done, rate=f"{rate:,.1f} docs/s")
        elif self.mode == "plain" and now - self._last >= PLAIN_EVERY_S:
            self._last = now
            print(
                f"tradefacts: {done:,} done ({written:,} written, {skipped:,} skipped,"
                f" {failed:,} failed), {rate:,.1f} docs/s",
                file=self.err,
                flush=True,
            )

    def line(self, text: str) -> None:
        """A line that must be seen (errors, the closing line), above the bar if any."""
        if self._bar is not None:
            self._bar.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            print(text, file=self.err, flush=True)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# -- the run -------------------------------------------------------------------------


@dataclass
class Counts:
    written: int = 0
    skipped: int = 0
    failed: int = 0
    words: int = 0

    @property
    def inputs(self) -> int:
        return self.written + self.skipped + self.failed


class _Run:
    """One extraction into ``out``: plans jobs, writes outcomes, accounts for every input."""

    def __init__(
        self, opts: ExtractOptions, out: Path, fingerprint: str, reporter: Reporter
    ) -> None:
        self.opts = opts
        self.out = out
        self.root = out.resolve()
        self.fingerprint = fingerprint
        self.reporter = reporter
        self.counts = Counts()
        self.safe_id = safe_id_function()
        self.stopped: str | None = None
        self._errors_path = out / f".errors.stream.tmp-{os.getpid()}"
        # backslashreplace: a lone surrogate becomes a valid JSON \udXXX escape
        self._errors = self._errors_path.open("w", encoding="utf-8", errors="backslashreplace")

    # accounting

    def _progress(self) -> None:
        c = self.counts
        self.reporter.update(c.inputs, c.written, c.skipped, c.failed)

    def fail(self, seq: int, doc: str, path: str, error: str) -> None:
        error = _one_line(error)
        self.counts.failed += 1
        row = {"seq": seq, "doc": doc, "path": path, "error": error}
        self._errors.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.reporter.line(f"error: {doc}: {error}")
        if self.opts.fail_fast:
            self.stopped = "fail-fast"
        self._progress()

    # planning: what to run

    def target(self, src: SourceDoc) -> Path | str:
        """The record path of ``src``, or why it cannot be written."""
        try:
            name = f"{self.safe_id(src.doc_id)}.json"
        except Exception as exc:  # a sanitiser that refuses the id
            return f"unsafe doc_id {src.doc_id!r}: {exc}"
        if name == SUMMARY_NAME:
            return f"doc_id {src.doc_id!r} would overwrite {SUMMARY_NAME}"
        path = self.out / name
        if path.resolve().parent != self.root:
            return f"unsafe output path for doc_id {src.doc_id!r}"
        return path

    def plan(self, sources: Iterable[SourceDoc | DocError]) -> Iterator[Job]:
        """Jobs of documents to extract; skips and unreadable inputs are settled here."""
        docs: list[SourceDoc] = []
        meta: list[tuple[int, SourceDoc, Path]] = []
        for seq, item in enumerate(_guard(sources)):
            if self.stopped:
                return
            if isinstance(item, DocError):
                self.fail(seq, item.doc_id, item.path, item.error)
                continue
            if item.warnings and self.reporter.mode != "off":
                for warning in item.warnings:
                    self.reporter.line(f"warning: {item.doc_id}: {warning}")
            target = self.target(item)
            if isinstance(target, str):
                self.fail(seq, item.doc_id, item.path, target)
                continue
            if not self.opts.force and up_to_date(
                target, item, self.fingerprint, self.opts.keep_text
            ):
                self.counts.skipped += 1
                self._progress()
                continue
            docs.append(item)
            meta.append((seq, item, target))
            if len(docs) >= self.opts.batch_size:
                yield Job(docs, meta)
                docs, meta = [], []
        if docs and not self.stopped:
            yield Job(docs, meta)

    # writing: what came back

    def write(self, job: Job, outcomes: list[Outcome]) -> None:
        for (seq, src, target), oc in zip(job.meta, outcomes, strict=True):
            if self.stopped:
                return
            if oc.data is None:
                self.fail(seq, src.doc_id, src.path, oc.error or "no record")
                continue
            try:
                write_atomic(target, oc.data)
            except OSError as exc:
                self.fail(seq, src.doc_id, src.path, f"cannot write {target}: {exc.strerror}")
                continue
            self.counts.written += 1
            self.counts.words += oc.words
            self._progress()

    def finish_errors(self) -> list[dict[str, str]]:
        """Rewrite errors.jsonl atomically, in input order; the summary's error list."""
        self._errors.close()
        rows = []
        with self._errors_path.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        rows.sort(key=lambda r: r["seq"])
        body = "".join(
            json.dumps(
                {"doc": r["doc"], "path": r["path"], "error": r["error"]}, ensure_ascii=False
            )
            + "\n"
            for r in rows
        )
        write_atomic(self.out / ERRORS_NAME, body.encode("utf-8", "backslashreplace"))
        with contextlib.suppress(OSError):
            self._errors_path.unlink()
        return [{"doc": r["doc"], "error": r["error"]} for r in rows]


def _guard(sources: Iterable[SourceDoc | DocError]) -> Iterator[SourceDoc | DocError]:
    """The input stream, with a failure of the stream itself made distinguishable."""
    it = iter(sources)
    while True:
        try:
            item = next(it)
        except StopIteration:
            return
        except Exception as exc:
            raise _SourceFailed(f"cannot read the inputs: {_one_line(str(exc)) or exc!r}") from exc
        yield item


def open_sources(opts: ExtractOptions) -> Iterator[SourceDoc | DocError]:
    """``ingest.iter_sources`` (with the field mapping when one was asked for).

    The manifest is read here: a bad one is a usage error for the whole run.
    """
    from pipeline import ingest

    manifest = str(opts.manifest) if opts.manifest else None
    try:
        if not opts.fields:
            return ingest.iter_sources(opts.inputs, manifest)
        field_map = getattr(ingest, "FieldMap", None)
        if field_map is None:
            raise UsageError("--id-field/--text-field/... need pipeline.ingest.FieldMap")
        return ingest.iter_sources(opts.inputs, manifest, fields=field_map(**opts.fields))
    except (OSError, ValueError, TypeError) as exc:
        raise UsageError(_one_line(str(exc))) from exc


def _prepare_out(out: Path) -> IO[str]:
    """Create ``out`` and take its lock; UsageError when it cannot be used."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"output path {out} exists and is not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create output directory {out}: {exc.strerror or exc}") from exc
    try:
        lock = (out / LOCK_NAME).open("a", encoding="utf-8")
        probe = out / f".write-probe.tmp-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"output directory {out} is not writable: {exc.strerror or exc}") from exc
    try:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        lock.close()
        raise UsageError(f"another tradefacts extract is writing to {out}") from exc
    return lock


def _count_sources(opts: ExtractOptions) -> int:
    return sum(1 for _ in open_sources(opts))


class _Terminate(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: stop workers, write the summary, exit 130."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminate()


def run_extract(opts: ExtractOptions, err: TextIO | None = None) -> tuple[int, dict[str, Any]]:
    """Run an extraction; the exit status and the summary (also DIR/summary.json).

    Raises ``UsageError`` before anything is written when flags, manifest, output
    directory or the pipeline's model cannot be used.
    """
    err = err if err is not None else sys.stderr
    started, t0 = _now(), time.monotonic()
    if opts.workers < 1 or opts.batch_size < 1:
        raise UsageError("--workers and --batch-size must be at least 1")
    if opts.scheduler and opts.executor != "dask":
        raise UsageError("--scheduler needs --executor dask")
    spec = opts.spec
    try:
        fingerprint = spec.provenance()["fingerprint"]
    except Exception as exc:
        what = opts.factory or opts.model or "the default model"
        raise UsageError(f"cannot use pipeline {what}: {_one_line(str(exc))}") from exc
    sources = open_sources(opts)
    lock = _prepare_out(opts.out)
    old_handler = None
    if threading.current_thread() is threading.main_thread():
        old_handler = signal.signal(signal.SIGTERM, _on_sigterm)
    reporter = Reporter(err, opts.quiet)
    status = EXIT_OK
    try:
        clean_stale(opts.out)
        run = _Run(opts, opts.out, fingerprint, reporter)
        reporter.start((lambda: _count_sources(opts)) if reporter.mode == "rich" else None)
        executor_name, workers = opts.executor, opts.workers
        try:
            with make_executor(opts.executor, spec, opts.workers, opts.scheduler) as ex:
                executor_name, workers = ex.name, ex.workers
                for job, outcomes in ex.map(run.plan(sources)):
                    if run.stopped:
                        break
                    run.write(job, outcomes)
                    if run.stopped:
                        break
                if run.stopped:  # --fail-fast: drop the work in flight, do not wait for it
                    ex.close(cancel=True)
        except KeyboardInterrupt:
            run.stopped = "interrupted"
            status = EXIT_INTERRUPTED
        except (ExecutorError, _SourceFailed) as exc:
            run.stopped = "error"
            status = EXIT_USAGE
            reporter.line(f"tradefacts: {exc}")
        finally:
            reporter.stop()
        errors = run.finish_errors()
        wall = time.monotonic() - t0
        c = run.counts
        summary: dict[str, Any] = {
            "inputs": c.inputs,
            "written": c.written,
            "skipped": c.skipped,
            "failed": c.failed,
            "errors": errors,
            "words": c.words,
            "words_per_s": round(c.words / wall, 1) if wall > 0 else 0.0,
            "wall_s": round(wall, 3),
            "workers": workers,
            "executor": executor_name,
            "fingerprint": fingerprint,
            "stopped": run.stopped,
            "started": started,
            "finished": _now(),
        }
        body = json.dumps(summary, ensure_ascii=False, indent=1) + "\n"
        write_atomic(opts.out / SUMMARY_NAME, body.encode("utf-8", "backslashreplace"))
        reporter.line(closing_line(summary))
        if status == EXIT_OK and c.failed:
            status = EXIT_DOC_FAILURES
    finally:
        if old_handler is not None:
            signal.signal(signal.SIGTERM, old_handler)
        lock.close()
    if status in (EXIT_OK, EXIT_DOC_FAILURES) and opts.tables:
        status = max(status, _write_tables(opts.out, reporter))
    return status, summary


def closing_line(summary: dict[str, Any]) -> str:
    """``68 inputs: 60 written, 8 skipped, 0 failed in 12.3 s (5,400 words/s)``."""
    line = (
        f"{summary['inputs']:,} inputs: {summary['written']:,} written,"
        f" {summary['skipped']:,} skipped, {summary['failed']:,} failed"
        f" in {summary['wall_s']:.1f} s ({summary['words_per_s']:,.0f} words/s)"
    )
    if summary.get("stopped"):
        line += f" [stopped: {summary['stopped']}]"
    return line


def _write_tables(out: Path, reporter: Reporter) -> int:
    """The tables step (pipeline.tables), after the summary; its failure is exit 1."""
    try:
        from pipeline.tables import write_tables
    except ImportError:
        if reporter.mode != "off":
            reporter.line("tradefacts: tables skipped (pipeline.tables.write_tables unavailable)")
        return EXIT_OK
    try:
        written = write_tables(out)
    except Exception as exc:
        reporter.line(f"tradefacts: tables failed: {_one_line(str(exc))}")
        return EXIT_DOC_FAILURES
    if reporter.mode != "off" and written:
        where = os.path.commonpath([str(p) for p in written.values()])
        reporter.line(f"tables: {len(written)} written under {where}")
    return EXIT_OK


# -- the command ---------------------------------------------------------------------


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def options_from_args(args: argparse.Namespace) -> ExtractOptions:
    fields = {
        name: getattr(args, f"{name}_field")
        for name in FIELD_FLAGS
        if getattr(args, f"{name}_field", None)
    }
    return ExtractOptions(
        inputs=list(args.inputs),
        out=Path(args.out),
        manifest=Path(args.manifest) if args.manifest else None,
        workers=args.workers,
        batch_size=args.batch_size,
        executor=args.executor,
        scheduler=args.scheduler,
        force=args.force,
        fail_fast=args.fail_fast,
        quiet=args.quiet,
        keep_text=args.keep_text,
        fields=fields,
        tables=not args.no_tables,
        model=args.model,
        factory=args.pipeline,
    )


def command(args: argparse.Namespace) -> int:
    """``tradefacts extract``."""
    try:
        status, _summary = run_extract(options_from_args(args))
    except UsageError as exc:
        print(f"tradefacts extract: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return status


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "extract",
        help="extract a record per document into an output directory",
        description=(
            "Extract one JSON record per document into --out, plus summary.json and "
            "errors.jsonl. Reruns skip documents whose record is up to date."
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or directories")
    p.add_argument("--out", required=True, metavar="DIR", help="output directory")
    p.add_argument("--manifest", metavar="FILE", help="JSONL manifest (id, published, title)")
    p.add_argument(
        "--workers",
        type=_positive,
        default=os.cpu_count() or 1,
        metavar="N",
        help="worker processes (default: CPU count; 1 runs in-process)",
    )
    p.add_argument(
        "--batch-size",
        type=_positive,
        default=32,
        metavar="N",
        help="documents per nlp.pipe batch and per worker job (default 32)",
    )
    p.add_argument("--executor", choices=EXECUTORS, default="local", help="where to run")
    p.add_argument(
        "--scheduler", metavar="ADDRESS", help="Dask scheduler address (with --executor dask)"
    )
    p.add_argument("--force", action="store_true", help="redo documents that are up to date")
    p.add_argument("--fail-fast", action="store_true", help="stop at the first failed document")
    p.add_argument(
        "--quiet", action="store_true", help="no progress (errors and the closing line remain)"
    )
    p.add_argument("--keep-text", action="store_true", help="store the text in each record")
    for name in FIELD_FLAGS:
        p.add_argument(
            f"--{name}-field",
            metavar="NAME",
            help=f"record field holding the {name} (json/jsonl/csv inputs)",
        )
    p.add_argument("--no-tables", action="store_true", help="do not write tables at the end")
    p.add_argument("--model", metavar="NAME", help="spaCy model package or directory")
    p.add_argument(
        "--pipeline",
        metavar="MODULE:FUNC",
        help="build the Language with this factory instead of a model (tests, tooling)",
    )
    p.set_defaults(func=command)


__all__ = [
    "ExtractOptions",
    "UsageError",
    "closing_line",
    "register",
    "run_extract",
    "up_to_date",
    "write_atomic",
]
