"""``tradefacts extract``: a corpus in, one record file per document out.

Streaming: ingest yields documents one at a time, they are grouped into jobs of
``--batch-size`` and handed to an executor (in-process, a process pool, or Dask,
see ``pipeline.executors``); records come back serialised and the parent writes
them as they arrive. Nothing is kept per document (ingest owns id uniqueness), so
memory does not grow with the corpus.

Resumable and durable: a record is written to ``.<name>.tmp-<pid>``, fsync'd,
renamed, and the directory fsync'd, so a run killed at any moment (or a power cut)
leaves no partial record; a rerun skips documents whose record was made from the
same input by the same pipeline (fingerprint). A record made from a different
input is never replaced without ``--force``. One run at a time per output
directory (a lock file), stale temp files of a killed run are removed at the next
start.

Fault isolation: whatever goes wrong with one input (reading, decoding,
extracting, validating, writing) is that input's error, with its cause, and the
run goes on. Only run-level problems stop it.

Accounting: every document is written, skipped (up to date) or failed; every
file under an input that is not a document is listed in ``ignored`` with the
reason, manifest ids that match no document in ``unmatched_manifest_ids``, and
records whose input has gone in ``stale`` (``--prune`` deletes them).

Exit status: 0 all documents written or up to date, 1 a document failed (or the
tables step failed), 2 usage error (flags, missing input path, manifest, output
directory, pipeline), 130 interrupted (Ctrl-C / SIGTERM; the summary is still
written, with how many documents remain; rerunning the command resumes).
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

from pipeline.cli import EXIT_DOC_FAILURES, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from pipeline.document import DocError, Skipped, SourceDoc
from pipeline.executors import (
    EXECUTORS,
    ExecutorError,
    Job,
    Outcome,
    PipelineSpec,
    make_executor,
)
from pipeline.settings import BATCH_SIZE

LOCK_NAME = ".tradefacts.lock"
SUMMARY_NAME = "summary.json"
ERRORS_NAME = "errors.jsonl"
CANDIDATES_SUFFIX = ".candidates.jsonl"  # --explain side files
PLAIN_EVERY_S = 5.0  # progress line interval when stderr is not a terminal
FIELD_FLAGS: tuple[str, ...] = ("id", "text", "published", "title")
RESUME_HINT = "rerun the same command to resume (up-to-date records are skipped)"
# After an interrupt, how long counting the documents left may take before giving up.
COUNT_REMAINING_S = 5.0
MAX_NOTES = 20  # ignored files / unmatched manifest ids printed before "... and N more"


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
    batch_size: int = BATCH_SIZE
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
    id_from: str = "stem"  # stem | path: how file documents are named
    stdin_id: str | None = None  # the doc id of "-" (standard input)
    records_path: str | None = None  # dotted keys to the records of a .json input
    prune: bool = False  # delete stale records (their input has gone)
    explain: bool = False  # also write <doc_id>.candidates.jsonl beside each record

    @property
    def spec(self) -> PipelineSpec:
        return PipelineSpec(
            model=self.model,
            factory=self.factory,
            keep_text=self.keep_text,
            batch_size=self.batch_size,
            explain=self.explain,
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


def candidates_path(record_path: Path) -> Path:
    """``<doc_id>.candidates.jsonl`` beside ``<doc_id>.json`` (``--explain``)."""
    return record_path.with_name(record_path.stem + CANDIDATES_SUFFIX)


def write_atomic(path: Path, data: bytes, sync_dir: bool = True) -> None:
    """Write ``path`` durably: ``.<name>.tmp-<pid>``, fsync, rename, fsync the directory.

    Never a half-written file, and once this returns the record survives a power cut.
    ``sync_dir=False`` leaves the directory's fsync to the caller, who makes one for a
    whole job's renames (the file's own data is always synced before its rename).
    """
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if sync_dir:
        fsync_dir(path.parent)


class _Deferral:
    """Whether the main thread is inside ``deferred_signals``, and what arrived meanwhile."""

    depth = 0
    pending: BaseException | None = None


_DEFER = _Deferral()


@contextlib.contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold Ctrl-C/SIGTERM until the block ends (re-entrant).

    Writing a record and counting it must not be split by an interrupt: a record on
    disk that the summary does not count (or the reverse) breaks the accounting.
    The run's signal handlers (``_on_stop_signal``) note a signal that arrives
    meanwhile; it is raised here, when the block is done. (Masking the signal would
    not do: the kernel hands a process signal to any thread that does not mask it,
    e.g. a BLAS thread, and Python then runs the handler in the main thread anyway.)
    """
    _DEFER.depth += 1
    try:
        yield
    finally:
        _DEFER.depth -= 1
    if _DEFER.depth == 0 and _DEFER.pending is not None:
        exc, _DEFER.pending = _DEFER.pending, None
        raise exc


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def clean_stale(out: Path) -> int:
    """Remove temp files a killed run left behind (call under the lock); how many."""
    n = 0
    for p in out.glob(".*.tmp-*"):
        with contextlib.suppress(OSError):
            p.unlink()
            n += 1
    return n


def read_record(path: Path) -> dict[str, Any] | None:
    """A record file's content, or None when it is missing or not a JSON object."""
    try:
        rec = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return rec if isinstance(rec, dict) else None


def input_file(record: dict[str, Any]) -> str | None:
    """The file a record was made from (without ``#record``), None for stdin/API text."""
    inp = record.get("input")
    if not isinstance(inp, dict) or not isinstance(inp.get("path"), str):
        return None
    path = inp["path"]
    if inp.get("format") in ("json", "jsonl", "csv") and "#" in path:
        path = path.rsplit("#", 1)[0]
    return None if path.startswith("<") or not path else path


def _same_file(a: str, b: str) -> bool:
    return a == b or os.path.realpath(a) == os.path.realpath(b)


def made_from_another_input(record: dict[str, Any] | None, src: SourceDoc) -> str | None:
    """The other input an existing record was made from, None if it is ``src``'s.

    Same path (the file changed: redo it), same input bytes (the file moved), or the
    same file named another way (relative vs absolute) is the same input; anything
    else is another document that happens to share the id.
    """
    if record is None:
        return None
    prov, inp = record.get("provenance"), record.get("input")
    if not isinstance(prov, dict) or not isinstance(inp, dict):
        return None
    path = inp.get("path")
    if not isinstance(path, str) or not path or path == src.path:
        return None
    if prov.get("input_sha256") == src.input_sha256:
        return None
    theirs = input_file(record)
    mine = input_file({"input": {"path": src.path, "format": src.format}})
    if theirs and mine and _same_file(theirs, mine):
        their_part = path[len(theirs) :]  # "" or "#<record>"
        my_part = src.path[len(mine) :]
        if their_part == my_part:
            return None
    return path


def up_to_date(
    target: Path,
    src: SourceDoc,
    fingerprint: str,
    keep_text: bool,
    record: dict[str, Any] | None = None,
) -> bool:
    """Is ``target`` (or its already read ``record``) the record this run would write?

    Same input bytes (input_sha256) and same pipeline (fingerprint) decide; the
    cheap pass-through fields are compared too, so a changed manifest date or
    title, a moved input or a different --keep-text redo the document.
    """
    if not src.input_sha256:
        return False
    rec = record if record is not None else read_record(target)
    if rec is None:
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
    ignored: list[dict[str, str]] = field(default_factory=list)  # files not read, and why
    unmatched: list[str] = field(default_factory=list)  # manifest ids with no document

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
        self.accounted: set[str] = set()  # record names this run wrote, skipped or failed
        self.read_files: set[str] = set()  # input files this run read (for stale records)
        self._errors_path = out / f".errors.stream.tmp-{os.getpid()}"
        # backslashreplace: a lone surrogate becomes a valid JSON \udXXX escape
        self._errors = self._errors_path.open("w", encoding="utf-8", errors="backslashreplace")

    # accounting

    def _progress(self) -> None:
        c = self.counts
        self.reporter.update(c.inputs, c.written, c.skipped, c.failed)

    def _account(self, doc: str, path: str) -> None:
        self.accounted.add(doc)
        file_part = path.rsplit("#", 1)[0] if "#" in path else path
        if file_part and not file_part.startswith("<"):
            self.read_files.add(os.path.realpath(file_part))

    def note(self, item: Skipped) -> None:
        """A file that is not a document, or a manifest id without one: listed, not counted."""
        if item.kind == "manifest":
            self.counts.unmatched.append(item.reason.split("'", 2)[1] if "'" in item.reason else "")
            shown = len(self.counts.unmatched)
        else:
            self.counts.ignored.append({"path": item.path, "reason": item.reason})
            shown = len(self.counts.ignored)
        if self.reporter.mode != "off" and shown <= MAX_NOTES:
            self.reporter.line(f"note: {item}")

    def fail(self, seq: int, doc: str, path: str, error: str) -> None:
        error = _one_line(error)
        row = {"seq": seq, "doc": doc, "path": path, "error": error}
        with deferred_signals():  # the count and the error row go together
            self._account(doc, path)
            self.counts.failed += 1
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

    def plan(self, sources: Iterable[SourceDoc | DocError | Skipped]) -> Iterator[Job]:
        """Jobs of documents to extract; skips and unreadable inputs are settled here."""
        docs: list[SourceDoc] = []
        meta: list[tuple[int, SourceDoc, Path]] = []
        for seq, item in enumerate(_guard(sources)):
            if self.stopped:
                return
            if isinstance(item, Skipped):
                self.note(item)
                continue
            if isinstance(item, DocError):
                self.fail(seq, item.doc_id, item.path, item.error)
                continue
            try:
                target = self.settle(seq, item)
            except Exception as exc:  # one document's problem (a bug included), not the run's
                self.fail(seq, item.doc_id, item.path, f"cannot plan: {_exc_line(exc)}")
                continue
            if target is None:
                continue
            docs.append(item)
            meta.append((seq, item, target))
            if len(docs) >= self.opts.batch_size:
                yield Job(docs, meta)
                docs, meta = [], []
        if docs and not self.stopped:
            yield Job(docs, meta)

    def settle(self, seq: int, item: SourceDoc) -> Path | None:
        """The record path to write for ``item``, or None when it is settled here
        (failed: no safe name, or another input's record is in the way; skipped)."""
        if item.warnings and self.reporter.mode != "off":
            for warning in item.warnings:
                self.reporter.line(f"warning: {item.doc_id}: {warning}")
        target = self.target(item)
        if isinstance(target, str):
            self.fail(seq, item.doc_id, item.path, target)
            return None
        if self.opts.force:
            return target
        existing = read_record(target)
        other = made_from_another_input(existing, item)
        if other is not None:
            msg = (
                f"{target.name} holds the record of another input ({other}); not replaced"
                " (use --force to replace it, or --id-from path to name documents by path)"
            )
            self.fail(seq, item.doc_id, item.path, msg)
            return None
        if (
            existing is not None
            and up_to_date(target, item, self.fingerprint, self.opts.keep_text, existing)
            and not (self.opts.explain and not candidates_path(target).exists())
        ):
            with deferred_signals():
                self._account(item.doc_id, item.path)
                self.counts.skipped += 1
            self._progress()
            return None
        return target

    # writing: what came back

    def write(self, job: Job, outcomes: list[Outcome]) -> None:
        """Write a job's records, then make their renames durable: one directory fsync per
        job instead of one per record (a job's records share their folders)."""
        folders: set[Path] = set()
        try:
            for (seq, src, target), oc in zip(job.meta, outcomes, strict=True):
                if self.stopped:
                    return
                with deferred_signals():  # a record on disk is always counted, and vice versa
                    if self._settle(seq, src, target, oc):
                        folders.add(target.parent)
        finally:
            for folder in folders:
                fsync_dir(folder)

    def _settle(self, seq: int, src: SourceDoc, target: Path, oc: Outcome) -> bool:
        """Write one outcome and account for it; whether a record was written."""
        if oc.data is None:
            self.fail(seq, src.doc_id, src.path, oc.error or "no record")
            return False
        try:
            if oc.candidates is not None:  # first: a record on disk has its side file
                write_atomic(candidates_path(target), oc.candidates, sync_dir=False)
            write_atomic(target, oc.data, sync_dir=False)
        except OSError as exc:
            cause = exc.strerror or _exc_line(exc)
            self.fail(seq, src.doc_id, src.path, f"cannot write {target}: {cause}")
            return False
        except Exception as exc:
            self.fail(seq, src.doc_id, src.path, f"cannot write {target}: {_exc_line(exc)}")
            return False
        self._account(src.doc_id, src.path)
        self.counts.written += 1
        self.counts.words += oc.words
        self._progress()
        return True

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

    def stale(self) -> list[Path]:
        """Records in ``out`` this run did not account for whose input has gone.

        Gone: the input file no longer exists, or this run read that file and it no
        longer holds the document (a record removed from a JSONL file). Records of
        inputs this run did not look at are left alone.
        """
        found = []
        for path in sorted(self.out.glob("*.json")):
            if path.name == SUMMARY_NAME or path.stem in self.accounted:
                continue
            rec = read_record(path)
            if rec is None or "provenance" not in rec or rec.get("doc_id") != path.stem:
                continue
            source = input_file(rec)
            if source is None:
                continue
            if not os.path.exists(source) or os.path.realpath(source) in self.read_files:
                found.append(path)
        return found


def _exc_line(exc: BaseException) -> str:
    text = _one_line(str(exc))
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _guard(
    sources: Iterable[SourceDoc | DocError | Skipped],
) -> Iterator[SourceDoc | DocError | Skipped]:
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


def open_sources(
    opts: ExtractOptions, stdin: IO[bytes] | None = None
) -> Iterator[SourceDoc | DocError | Skipped]:
    """``ingest.iter_sources`` for these options: never reading the output directory,
    reporting every file it does not read.

    The manifest is read here: a bad one is a usage error for the whole run.
    """
    from pipeline import ingest

    manifest = str(opts.manifest) if opts.manifest else None
    try:
        fields = ingest.FieldMap(**opts.fields, records=opts.records_path)
        return ingest.iter_sources(
            opts.inputs,
            manifest,
            fields=fields,
            exclude=[opts.out],
            id_from=opts.id_from,
            stdin_id=opts.stdin_id,
            stdin=stdin,  # type: ignore[arg-type]
            report_skipped=True,
        )
    except (OSError, ValueError, TypeError) as exc:
        raise UsageError(_one_line(str(exc))) from exc


def check_inputs(opts: ExtractOptions) -> None:
    """Input paths that name nothing are a usage error (exit 2), before anything runs."""
    import glob

    if not opts.inputs:
        raise UsageError("no inputs")
    if opts.inputs.count("-") > 1:
        raise UsageError("'-' (standard input) can be given once")
    if opts.stdin_id is not None and "-" not in opts.inputs:
        raise UsageError("--id names the document read from '-' (standard input)")
    if opts.id_from not in ("stem", "path"):
        raise UsageError(f"--id-from must be stem or path, not {opts.id_from!r}")
    missing = [
        raw
        for raw in opts.inputs
        if raw != "-"
        and not os.path.lexists(raw)
        and not (any(c in raw for c in "*?[") and glob.glob(raw, recursive=True))
    ]
    if missing:
        shown = ", ".join(repr(m) for m in missing[:5])
        more = f" (+{len(missing) - 5} more)" if len(missing) > 5 else ""
        raise UsageError(f"no such input: {shown}{more}")


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


def _count_sources(opts: ExtractOptions, budget_s: float | None = None) -> int | None:
    """How many documents the inputs hold; None when counting takes over ``budget_s``."""
    if "-" in opts.inputs:  # standard input can be read once only
        return None
    deadline = time.monotonic() + budget_s if budget_s is not None else None
    n = 0
    for item in open_sources(opts):
        if deadline is not None and time.monotonic() > deadline:
            return None
        n += not isinstance(item, Skipped)
    return n


class _Terminate(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: stop workers, write the summary, exit 130."""


def _on_stop_signal(signum: int, frame: object) -> None:
    """SIGTERM and Ctrl-C: stop the run, but never between writing a record and counting it."""
    exc = _Terminate() if signum == signal.SIGTERM else KeyboardInterrupt()
    if _DEFER.depth:
        _DEFER.pending = _DEFER.pending or exc
        return
    raise exc


def run_extract(
    opts: ExtractOptions, err: TextIO | None = None, stdin: IO[bytes] | None = None
) -> tuple[int, dict[str, Any]]:
    """Run an extraction; the exit status and the summary (also DIR/summary.json).

    Raises ``UsageError`` before anything is written when flags, input paths,
    manifest, output directory or the pipeline's model cannot be used. ``stdin``
    replaces ``sys.stdin.buffer`` for the input ``-``.
    """
    err = err if err is not None else sys.stderr
    started, t0 = _now(), time.monotonic()
    if opts.workers < 1 or opts.batch_size < 1:
        raise UsageError("--workers and --batch-size must be at least 1")
    if opts.scheduler and opts.executor != "dask":
        raise UsageError("--scheduler needs --executor dask")
    check_inputs(opts)
    spec = opts.spec
    try:
        fingerprint = spec.provenance()["fingerprint"]
    except Exception as exc:
        what = opts.factory or opts.model or "the default model"
        raise UsageError(f"cannot use pipeline {what}: {_one_line(str(exc))}") from exc
    sources = open_sources(opts, stdin)
    lock = _prepare_out(opts.out)
    old_handlers: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            old_handlers[signum] = signal.signal(signum, _on_stop_signal)
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
        # the summary is written whole: a second Ctrl-C waits until it is on disk
        with deferred_signals():
            errors = run.finish_errors()
            c = run.counts
            stale: list[Path] = []
            pruned = 0
            remaining: int | None = 0
            if run.stopped is None:
                stale = run.stale()
                if opts.prune:
                    for path in stale:
                        with contextlib.suppress(FileNotFoundError):
                            path.unlink()
                            pruned += 1
                    if pruned:
                        fsync_dir(opts.out)
            else:
                remaining = _remaining(opts, c.inputs)
            wall = time.monotonic() - t0
            summary: dict[str, Any] = {
                "inputs": c.inputs,
                "written": c.written,
                "skipped": c.skipped,
                "failed": c.failed,
                "errors": errors,
                "ignored": c.ignored,
                "unmatched_manifest_ids": c.unmatched,
                "stale": [p.stem for p in stale],
                "pruned": pruned,
                "words": c.words,
                "words_per_s": round(c.words / wall, 1) if wall > 0 else 0.0,
                "wall_s": round(wall, 3),
                "workers": workers,
                "executor": executor_name,
                "fingerprint": fingerprint,
                "stopped": run.stopped,
                "remaining": remaining,
                "resume": RESUME_HINT if run.stopped else None,
                "started": started,
                "finished": _now(),
            }
            body = json.dumps(summary, ensure_ascii=False, indent=1) + "\n"
            write_atomic(opts.out / SUMMARY_NAME, body.encode("utf-8", "backslashreplace"))
            _report_leftovers(reporter, summary, opts.prune)
            reporter.line(closing_line(summary))
        if status == EXIT_OK and c.failed:
            status = EXIT_DOC_FAILURES
    finally:
        for signum, handler in old_handlers.items():
            signal.signal(signum, handler)
        _DEFER.pending = None
        lock.close()
    if status in (EXIT_OK, EXIT_DOC_FAILURES) and opts.tables:
        status = max(status, _write_tables(opts.out, reporter))
    return status, summary


def _remaining(opts: ExtractOptions, done: int) -> int | None:
    """Documents an interrupted run did not get to (None: unknown, counting took too long)."""
    try:
        total = _count_sources(opts, COUNT_REMAINING_S)
    except (Exception, KeyboardInterrupt):  # a second Ctrl-C, or inputs that changed
        return None
    return None if total is None else max(0, total - done)


def _report_leftovers(reporter: Reporter, summary: dict[str, Any], pruned: bool) -> None:
    """Counts of what was listed but not counted as a document (the lines are above)."""
    if reporter.mode == "off":
        return
    for key, what in (("ignored", "files ignored"), ("unmatched_manifest_ids", "manifest ids")):
        n = len(summary.get(key) or [])
        if n > MAX_NOTES:
            reporter.line(f"note: ... and {n - MAX_NOTES} more {what} (see summary.json)")
    stale = summary.get("stale") or []
    if stale:
        verb = "removed (--prune)" if pruned else "kept; --prune removes them"
        shown = ", ".join(stale[:MAX_NOTES]) + (" ..." if len(stale) > MAX_NOTES else "")
        reporter.line(f"note: {len(stale)} stale records (their input has gone), {verb}: {shown}")


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def closing_line(summary: dict[str, Any]) -> str:
    """``68 inputs: 60 written, 8 skipped, 0 failed in 12.3 s (5,400 words/s)``.

    Files that were not documents, manifest ids without one and stale records are
    added when there are any; an interrupted run says what is left and how to resume.
    """
    line = (
        f"{summary['inputs']:,} inputs: {summary['written']:,} written,"
        f" {summary['skipped']:,} skipped, {summary['failed']:,} failed"
        f" in {summary['wall_s']:.1f} s ({summary['words_per_s']:,.0f} words/s)"
    )
    extras = []
    if summary.get("ignored"):
        extras.append(_plural(len(summary["ignored"]), "file") + " ignored")
    if summary.get("unmatched_manifest_ids"):
        n = len(summary["unmatched_manifest_ids"])
        extras.append(_plural(n, "manifest id") + " unmatched")
    if summary.get("stale"):
        verb = "pruned" if summary.get("pruned") else "stale"
        extras.append(_plural(len(summary["stale"]), "record") + f" {verb}")
    if extras:
        line += "; " + ", ".join(extras)
    if summary.get("stopped"):
        left = summary.get("remaining")
        more = f"{left:,} documents remaining; " if isinstance(left, int) else ""
        hint = f"; {more}{RESUME_HINT}" if summary.get("resume") else ""
        line += f" [stopped: {summary['stopped']}{hint}]"
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
        id_from=args.id_from,
        stdin_id=args.id,
        records_path=args.records_path,
        prune=args.prune,
        explain=args.explain,
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
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="files, directories (recursive) or globs; '-' reads one document from stdin",
    )
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
        default=BATCH_SIZE,
        metavar="N",
        help=f"documents per nlp.pipe batch and per worker job (default {BATCH_SIZE})",
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
    p.add_argument(
        "--records-path",
        metavar="KEYS",
        help="dotted keys to the records inside a .json input (e.g. data.items)",
    )
    p.add_argument(
        "--id-from",
        choices=("stem", "path"),
        default="stem",
        help="name file documents by file stem (default) or by path relative to the input"
        " (a/index.html -> a__index)",
    )
    p.add_argument("--id", metavar="DOC_ID", help="doc id of the document read from '-'")
    p.add_argument(
        "--prune",
        action="store_true",
        help="delete records whose input has gone (they are listed as stale otherwise)",
    )
    p.add_argument(
        "--explain",
        action="store_true",
        help="also write <doc_id>.candidates.jsonl beside each record: every candidate with"
        " its evidence and fate (kept, or vetoed and why); records are unchanged",
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
    "candidates_path",
    "check_inputs",
    "closing_line",
    "fsync_dir",
    "made_from_another_input",
    "read_record",
    "register",
    "run_extract",
    "up_to_date",
    "write_atomic",
]
