"""Readers: paths in, ``SourceDoc`` or ``DocError`` out, one per document, in a fixed order.

Inputs are files, directories (walked recursively) and glob patterns (expanded here
with ``glob.glob(recursive=True)`` when the path does not exist as given). Formats by
suffix: .txt/.md (text as decoded), .html/.htm (main text via trafilatura from the
string, never fetched), .json (an object or a list of objects), .jsonl (one object a
line, streamed), .csv (header row). A file named explicitly is always read (unknown
suffixes as text, so a stray PDF gets "binary content (PDF document)"); a directory
walk or a glob takes only those suffixes and leaves out hidden names, every
``manifest.jsonl``, every ``README.md`` and the manifest file in use.

Order: inputs in the order given; within one input, sorted paths; records in file
order. The same real file reached twice (an overlapping glob, a symlink) is read once.
Directory symlinks are followed, each real directory once, so a symlink loop ends.

Every problem is one ``DocError`` with a one-line cause for that document (or that
record, naming its line/row) and the stream goes on; only a bad manifest raises
(``ValueError`` naming file:line), because it is a usage error for the whole run.
A second document with an already-read id is "duplicate doc_id, first seen in
<path>"; only documents that were read claim an id, so a failed record does not
block a later good one.

Ids: a file's stem, or a record's id field, else ``<file stem>-<n>`` (n: 1-based list
index for .json, line number for .jsonl, data row for .csv). ``SourceDoc.doc_id`` is
always ``safe_doc_id`` of that (identity for ordinary ids; a warning names the
original when it changed), so records, file names and error lines agree on it.
Dates: the manifest's ``published`` wins, else the record's; each must be a real
``YYYY-MM-DD`` date (an ISO datetime gives its date part as written); a bad value is
a warning and the next source is tried, leaving None for the API's dateline.
"""

from __future__ import annotations

import codecs
import csv
import glob
import gzip
import hashlib
import io
import json
import os
import re
import stat
import sys
import unicodedata
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from pipeline.decode import Decoded, DecodeError, declared_html_charset, decode_bytes, sniff_binary
from pipeline.document import DocError, Skipped, SourceDoc

__all__ = [
    "FORMATS",
    "ID_FROM",
    "MAX_FILE_BYTES",
    "OUTPUT_MARKER",
    "STDIN",
    "FieldMap",
    "iter_sources",
    "load_manifest",
    "parse_published",
    "safe_doc_id",
]

FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".csv": "csv",
}
# Shipped beside documents (the shared corpus has both): metadata and a description.
NOT_DOCUMENTS = {"manifest.jsonl": "a manifest, not a document", "readme.md": "a README"}
# A directory holding this file is a tradefacts output directory (its lock file): its
# records, summary and tables are never read back as input.
OUTPUT_MARKER = ".tradefacts.lock"
# The input that means "one document from standard input".
STDIN = "-"
# How file documents get their id: the file name's stem, or the path relative to the input.
ID_FROM: tuple[str, ...] = ("stem", "path")
TITLE_MAX_CHARS = 300
# Whole-file reads (all but .jsonl, which streams) stop here rather than exhaust memory.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_ID_CHARS = 150
MAX_ID_BYTES = 200  # ext4 allows 255 bytes a name; leave room for ".json", ".tmp" etc.


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Which fields of a json/jsonl/csv record hold the id, text, date and title."""

    id: str = "id"
    text: str = "text"
    published: str = "published"
    title: str = "title"
    # Where the records of a .json file are, as dotted keys ("data.items"): None for a
    # top-level object or list.
    records: str | None = None

    def __post_init__(self) -> None:
        for name in ("id", "text", "published", "title"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise ValueError(f"field name for {name!r} must be a non-empty string")
        if self.records is not None and (
            not isinstance(self.records, str) or not all(self.records.split("."))
        ):
            raise ValueError(f"records path {self.records!r} must be dotted keys like 'data.items'")


# -- ids ---------------------------------------------------------------------------------

_UNSAFE = frozenset('/\\:*?"<>|')  # separators, and what Windows refuses in a name
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"{dev}{i}" for dev in ("COM", "LPT") for i in range(1, 10)]
)
_DOT_RUN = re.compile(r"\.{2,}")


def safe_doc_id(raw: str) -> str:
    """``raw`` made safe as one file name, unchanged when it already is.

    Separators, ``..`` runs, control/format/odd-space characters and Windows-illegal
    characters become ``_``; a leading dot becomes ``_``; trailing dots/spaces go;
    NFC is applied; at most 150 characters and 200 UTF-8 bytes. Whenever anything
    changed, ``-`` and 10 hex digits of sha256(raw) are appended, so distinct ids stay
    distinct. Idempotent. Case-insensitive file systems can still fold ``A``/``a``.
    """
    text = unicodedata.normalize("NFC", raw)
    chars = [
        "_" if ch in _UNSAFE or (unicodedata.category(ch)[0] in "CZ" and ch != " ") else ch
        for ch in text
    ]
    s = _DOT_RUN.sub("_", "".join(chars)).strip(" ").rstrip(". ")
    if s.startswith("."):
        s = "_" + s[1:]
    s = s or "doc"
    reserved = s.split(".")[0].upper() in _RESERVED
    if s == raw and not reserved and len(s) <= MAX_ID_CHARS and len(s.encode()) <= MAX_ID_BYTES:
        return s
    tag = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    s = s[: MAX_ID_CHARS - len(tag) - 1]
    while len(s.encode()) > MAX_ID_BYTES - len(tag) - 1:
        s = s[:-1]
    s = s.rstrip(". ") or "doc"
    return f"{s}-{tag}"


# -- dates -------------------------------------------------------------------------------

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_published(value: object) -> str | None:
    """``YYYY-MM-DD`` for a real date or an ISO datetime (its date part as written)."""
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not _ISO_DAY.match(s):
        return None
    try:
        day = date.fromisoformat(s[:10])
        if len(s) > 10:
            if s[10] not in "Tt ":
                return None
            datetime.fromisoformat(s)
    except ValueError:
        return None
    return day.isoformat()


# -- manifest ----------------------------------------------------------------------------


def load_manifest(path: str | Path | None) -> dict[str, dict[str, Any]]:
    """``id -> row`` from a JSONL manifest (``id``, ``published``, ``title``, ...).

    Raises ``ValueError`` naming ``file:line`` for anything malformed: a manifest is a
    usage error for the whole run, not one document's problem. Dates are checked per
    document later (a bad one is a warning there), and ids need not match any input.
    """
    if path is None:
        return {}
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ValueError(f"manifest {p}: no such file") from None
    except OSError as exc:
        raise ValueError(f"manifest {p}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ValueError(f"{p}:{line}: manifest is not valid UTF-8") from None
    rows: dict[str, dict[str, Any]] = {}
    first_line: dict[str, int] = {}
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (ValueError, RecursionError) as exc:
            raise ValueError(f"{p}:{lineno}: malformed manifest line: {exc}") from None
        if not isinstance(row, dict):
            raise ValueError(f"{p}:{lineno}: manifest line is {_json_type(row)}, not an object")
        doc_id = row.get("id")
        if isinstance(doc_id, bool) or not isinstance(doc_id, str | int) or doc_id == "":
            raise ValueError(f"{p}:{lineno}: manifest line has no usable 'id' (string or number)")
        key = str(doc_id)
        if key in rows and rows[key] != row:
            raise ValueError(
                f"{p}:{lineno}: id {key!r} is already on line {first_line[key]} with other values"
            )
        rows[key] = row
        first_line.setdefault(key, lineno)
    return rows


# -- the stream --------------------------------------------------------------------------


@dataclass(slots=True)
class _Item:
    """A document as a reader found it, before id safety, manifest and dates."""

    raw_id: str
    text: str
    path: str
    format: str
    encoding: str
    sha: str
    published: object = None
    title: str | None = None
    warnings: list[str] = field(default_factory=list)
    keys: tuple[str, ...] = ()  # other names a manifest may use for it (a relative path)


@dataclass(frozen=True, slots=True)
class _Found:
    """A file to read, the id its documents start from, and other manifest keys."""

    path: Path
    base_id: str
    keys: tuple[str, ...] = ()


@dataclass(slots=True)
class _Context:
    """What the walk needs besides the inputs."""

    skip: dict[str, str]  # real path -> why it is not a document (the manifest in use)
    exclude: tuple[str, ...]  # real paths of directories never read (the output directory)
    id_from: str = "stem"
    stdin_id: str | None = None
    stdin: BinaryIO | None = None
    report_skipped: bool = False


def iter_sources(
    inputs: Sequence[str],
    manifest: str | Path | None = None,
    fields: FieldMap | None = None,
    *,
    exclude: Iterable[str | Path] = (),
    id_from: str = "stem",
    stdin_id: str | None = None,
    stdin: BinaryIO | None = None,
    report_skipped: bool = False,
) -> Iterator[SourceDoc | DocError | Skipped]:
    """Every document under ``inputs``: a ``SourceDoc``, or a ``DocError`` saying why not.

    The manifest is loaded now (a bad one raises ``ValueError`` at the call, before
    any document); documents are read lazily as the iterator is consumed. Directories
    in ``exclude`` (the output directory) and directories holding ``OUTPUT_MARKER``
    are never read. ``id_from="path"`` names file documents by their path relative to
    the input (``a/index.html`` -> ``a__index``). ``-`` reads one document from
    ``stdin`` (default ``sys.stdin.buffer``), named ``stdin_id`` (default "stdin").
    With ``report_skipped``, the stream also yields a ``Skipped`` for every file under
    an input that is not read (with the reason) and, at the end, for every manifest id
    that no document matched.
    """
    if id_from not in ID_FROM:
        raise ValueError(f"id_from must be one of {', '.join(ID_FROM)}, not {id_from!r}")
    meta = load_manifest(manifest)
    skip = {os.path.realpath(manifest): "the manifest in use"} if manifest is not None else {}
    if isinstance(inputs, str | os.PathLike):
        inputs = [os.fspath(inputs)]
    ctx = _Context(
        skip=skip,
        exclude=tuple(os.path.realpath(e) for e in exclude),
        id_from=id_from,
        stdin_id=stdin_id,
        stdin=stdin,
        report_skipped=report_skipped,
    )
    shown = str(manifest) if manifest is not None else ""
    return _stream([os.fspath(i) for i in inputs], meta, shown, ctx, fields or FieldMap())


def _stream(
    inputs: list[str],
    meta: dict[str, dict[str, Any]],
    manifest: str,
    ctx: _Context,
    fields: FieldMap,
) -> Iterator[SourceDoc | DocError | Skipped]:
    seen_files: set[str] = set()
    seen_ids: dict[str, str] = {}
    used: set[str] = set()
    for found in _expand(inputs, ctx):
        if isinstance(found, Skipped):
            if ctx.report_skipped:
                yield found
            continue
        if isinstance(found, DocError):
            yield found
            continue
        if found.path == Path(STDIN):
            items: Iterator[_Item | DocError] = _read_stdin(ctx)
        else:
            real = os.path.realpath(found.path)
            if real in seen_files:
                continue
            seen_files.add(real)
            fmt = _format(found.path)
            items = _guarded(_read(found.path, fmt, fields, found.base_id), found)
        for item in items:
            if isinstance(item, _Item):
                item.keys = found.keys
                try:
                    done: SourceDoc | DocError = _finish(item, meta, seen_ids, used)
                except Exception as exc:  # one document's bug, not the run's
                    done = _error(item.raw_id, item.path, f"cannot prepare: {_exc_line(exc)}")
                yield done
            else:
                yield item
    if ctx.report_skipped:
        for key in meta:
            if key not in used:
                yield Skipped(manifest, f"manifest id {key!r} matches no document", "manifest")


def _guarded(items: Iterator[_Item | DocError], found: _Found) -> Iterator[_Item | DocError]:
    """A reader's stream with any unexpected exception made that file's error."""
    n = 0
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except Exception as exc:
            after = f" after {n} record(s)" if n else ""
            msg = f"cannot read{after}: {_exc_line(exc)}"
            yield _error(found.base_id, str(found.path), msg)
            return
        n += 1
        yield item


def _exc_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _finish(
    item: _Item, meta: dict[str, dict[str, Any]], seen_ids: dict[str, str], used: set[str]
) -> SourceDoc | DocError:
    """Safe id, duplicate check, manifest metadata and date validation."""
    doc_id = safe_doc_id(item.raw_id)
    key = next((k for k in (item.raw_id, doc_id, *item.keys) if k in meta), None)
    if key is not None:
        used.add(key)
    first = seen_ids.get(doc_id)
    if first is not None:
        hint = "" if "#" in item.path else "; name documents by path with --id-from path"
        msg = f"duplicate doc_id, first seen in {first}{hint}"
        return DocError(doc_id, item.path, _one_line(msg))
    seen_ids[doc_id] = item.path
    warnings = list(item.warnings)
    if doc_id != item.raw_id:
        warnings.append(f"doc id {_show(item.raw_id)} is not safe as a file name; using {doc_id!r}")
    row = meta[key] if key is not None else {}
    published: str | None = None
    date_source: str | None = None
    for origin, value in (("manifest", row.get("published")), ("record", item.published)):
        if value is None or value == "":
            continue
        published = parse_published(value)
        if published:
            date_source = origin
            break
        warnings.append(f"{origin} published {_show(value)} is not a YYYY-MM-DD date; ignored")
    title = row.get("title")
    title = title.strip() if isinstance(title, str) and title.strip() else item.title
    return SourceDoc(
        doc_id=doc_id,
        text=item.text,
        published=published,
        title=title,
        path=item.path,
        format=item.format,
        encoding=item.encoding,
        input_sha256=item.sha,
        date_source=date_source,
        warnings=tuple(_one_line(w) for w in warnings),
    )


# -- finding files -----------------------------------------------------------------------

_GLOB_CHARS = re.compile(r"[*?\[]")


def _format(path: Path) -> str:
    """The reader for a file: by suffix, the one under ``.gz`` for a gzipped file."""
    suffixes = [x.lower() for x in path.suffixes]
    if suffixes[-1:] == [".gz"]:
        suffixes = suffixes[:-1]
    return FORMATS.get(suffixes[-1], "txt") if suffixes else "txt"


def _stem(path: Path) -> str:
    """The name without the format suffix (and without ``.gz``)."""
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    stem = Path(name).stem if Path(name).suffix.lower() in FORMATS else name
    return stem or name or path.name


def _found(path: Path, root: Path | None, ctx: _Context) -> _Found:
    """A file with the id its documents start from (``--id-from``)."""
    stem = _stem(path)
    if ctx.id_from != "path" or root is None:
        return _Found(path, stem)
    try:
        rel = path.relative_to(root)
    except ValueError:
        return _Found(path, stem)
    parts = [*rel.parts[:-1], stem]
    return _Found(path, "__".join(parts), (rel.as_posix(), "/".join(parts)))


def _why_not(path: Path, ctx: _Context) -> str | None:
    """Why a file met in a directory walk or a glob is not a document; None if it is."""
    name = path.name
    if name.startswith("."):
        return "hidden file"
    lower = name.lower()
    if lower in NOT_DOCUMENTS:
        return NOT_DOCUMENTS[lower]
    real = os.path.realpath(path)
    if real in ctx.skip:
        return ctx.skip[real]
    if _excluded(real, ctx):
        return "inside the output directory"
    suffix = path.suffix.lower()
    if suffix == ".gz":
        inner = Path(name[:-3]).suffix.lower()
        if inner not in FORMATS:
            shown = f"{inner}.gz" if inner else ".gz without a format suffix"
            return f"unsupported suffix {shown}"
        return None
    if suffix not in FORMATS:
        return f"unsupported suffix {suffix}" if suffix else "no suffix"
    return None


def _excluded(real: str, ctx: _Context) -> bool:
    return any(real == e or real.startswith(e.rstrip(os.sep) + os.sep) for e in ctx.exclude)


def _output_dir(path: Path, ctx: _Context) -> str | None:
    """Why a directory is never read: the output directory, or another run's output."""
    if _excluded(os.path.realpath(path), ctx):
        return "the output directory (--out); never read as input"
    if (path / OUTPUT_MARKER).exists():
        return "a tradefacts output directory; never read as input"
    return None


def _expand(inputs: list[str], ctx: _Context) -> Iterator[_Found | DocError | Skipped]:
    """Files to read, in order; errors for inputs that name nothing."""
    for raw in inputs:
        if raw == STDIN:
            yield _Found(Path(STDIN), ctx.stdin_id or "stdin")
            continue
        if not raw or "\x00" in raw:
            yield _error(raw or "input", raw, "no such file (empty path or NUL in path)")
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _listing([path], raw, ctx, path)
        elif os.path.lexists(path):  # a file, broken symlink or special file: the reader says
            # named explicitly: read, unless it is a file this command writes (a record,
            # errors.jsonl, a table) inside the output directory
            ours = _format(path) in ("json", "jsonl", "csv")
            if ours and _excluded(os.path.realpath(path.parent), ctx):
                yield Skipped(raw, "inside the output directory (--out); never read as input")
            else:
                yield _found(path, None, ctx)
        elif _GLOB_CHARS.search(raw):
            matches = [Path(m) for m in sorted(glob.glob(raw, recursive=True))]
            if matches:
                yield from _listing(matches, raw, ctx, _glob_root(raw))
            else:
                yield _error(path.stem or raw, raw, "no such file (pattern matched nothing)")
        else:
            yield _error(path.stem or raw, raw, "no such file")


def _glob_root(pattern: str) -> Path:
    """The directory part of a pattern before its first wildcard (ids relative to it)."""
    parts: list[str] = []
    for part in Path(pattern).parts[:-1]:
        if _GLOB_CHARS.search(part):
            break
        parts.append(part)
    return Path(*parts) if parts else Path(".")


def _listing(
    roots: list[Path], raw: str, ctx: _Context, base: Path
) -> Iterator[_Found | DocError | Skipped]:
    """Document files under directories / among glob matches, sorted; an error if none.

    Everything else met on the way is a ``Skipped`` with its reason.
    """
    files: list[Path] = []
    errors: list[DocError] = []
    skipped: list[Skipped] = []
    for root in roots:
        if root.is_dir():
            _walk(root, ctx, files, errors, skipped)
        else:
            why = _why_not(root, ctx)
            if why is None:
                files.append(root)
            else:
                skipped.append(Skipped(str(root), why))
    yield from errors
    yield from sorted(skipped, key=lambda s: s.path)
    if files:
        for f in sorted(set(files)):
            yield _found(f, base, ctx)
    elif not errors:
        kinds = ", ".join(FORMATS)
        yield _error(Path(raw).resolve().name or raw, raw, f"no documents (no {kinds} files)")


def _walk(
    root: Path,
    ctx: _Context,
    files: list[Path],
    errors: list[DocError],
    skipped: list[Skipped],
) -> None:
    """Recursive walk following directory symlinks, each real directory once (loops end)."""

    def failed(exc: OSError) -> None:
        where = str(exc.filename or root)
        cause = _reason(exc).removeprefix("cannot read: ")
        errors.append(_error(Path(where).name, where, f"cannot read directory: {cause}"))

    why = _output_dir(root, ctx)
    if why is not None:
        skipped.append(Skipped(str(root), why))
        return
    visited: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, onerror=failed, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in visited:
            dirnames[:] = []
            continue
        visited.add(real)
        keep = []
        for d in sorted(dirnames):
            sub = Path(dirpath, d)
            why = "hidden directory" if d.startswith(".") else _output_dir(sub, ctx)
            if why is None:
                keep.append(d)
            else:
                skipped.append(Skipped(str(sub), why))
        dirnames[:] = keep
        for name in filenames:
            p = Path(dirpath, name)
            why = _why_not(p, ctx)
            if why is None:
                files.append(p)
            else:
                skipped.append(Skipped(str(p), why))


# -- reading files -----------------------------------------------------------------------


class _ReadError(Exception):
    """A file that cannot be read; the message is the one-line cause."""


_FILE_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _open_regular(path: Path, limit: bool = True) -> BinaryIO:
    """Open a regular file; a FIFO or device would block or never end, so refuse them."""
    try:
        st = os.stat(path)
        mode = st.st_mode
        if not stat.S_ISREG(mode):
            kind = next((k for test, k in _FILE_KINDS if test(mode)), "not a regular file")
            raise _ReadError(f"cannot read: {kind}, not a regular file")
        if limit and st.st_size > MAX_FILE_BYTES:
            raise _ReadError(_too_large(st.st_size))
        return path.open("rb")
    except OSError as exc:
        raise _ReadError(_reason(exc, path)) from None


def _gzipped(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


def _read_bytes(path: Path) -> bytes:
    """A file's bytes (decompressed for ``.gz``), at most ``MAX_FILE_BYTES``."""
    try:
        with _open_regular(path, limit=not _gzipped(path)) as fh:
            raw = _gunzip(fh) if _gzipped(path) else fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _ReadError(_reason(exc, path)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise _ReadError(_too_large(len(raw)))
    return raw


def _gunzip(fh: BinaryIO) -> bytes:
    """Decompressed content, read no further than the size limit (a gzip bomb stops there)."""
    try:
        with gzip.GzipFile(fileobj=fh, mode="rb") as gz:
            return gz.read(MAX_FILE_BYTES + 1)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise _ReadError(f"invalid gzip data: {exc or type(exc).__name__}") from None


def _too_large(size: int) -> str:
    return f"file too large ({size / 2**20:.0f} MiB; the limit is {MAX_FILE_BYTES // 2**20} MiB)"


def _reason(exc: OSError, path: Path | None = None) -> str:
    """A short cause for an OSError (the path is named by the DocError already)."""
    if isinstance(exc, FileNotFoundError):
        if path is not None and os.path.islink(path):
            return "no such file (broken symlink)"
        return "no such file"
    if isinstance(exc, PermissionError):
        return "cannot read: permission denied"
    if isinstance(exc, IsADirectoryError):
        return "cannot read: a directory, not a regular file"
    return f"cannot read: {exc.strerror or exc}"


def _read(path: Path, fmt: str, fields: FieldMap, stem: str) -> Iterator[_Item | DocError]:
    """The documents in one file; ``stem`` is the id they start from."""
    shown = str(path)
    if fmt == "jsonl" and not _gzipped(path):
        yield from _read_jsonl(path, fields, stem)
        return
    try:
        raw = _read_bytes(path)
    except _ReadError as exc:
        yield _error(stem, shown, str(exc))
        return
    yield from _read_raw(raw, shown, fmt, fields, stem)


def _read_raw(
    raw: bytes, shown: str, fmt: str, fields: FieldMap, stem: str
) -> Iterator[_Item | DocError]:
    """The documents in one input's bytes (a file's, or standard input's)."""
    try:
        dec = decode_bytes(raw, declared_html_charset(raw) if fmt == "html" else None)
    except DecodeError as exc:
        yield _error(stem, shown, str(exc))
        return
    except Exception as exc:  # a decoder bug is this input's error, not the run's
        yield _error(stem, shown, f"cannot decode: {_exc_line(exc)}")
        return
    if fmt == "json":
        yield from _json_records(dec, shown, fields, stem)
    elif fmt == "jsonl":
        count = 0
        for lineno, line in enumerate(dec.text.split("\n"), 1):
            item = _jsonl_line(line, lineno, shown, dec, fields, stem)
            if item is not None:
                count += 1
                yield item
        if not count:
            yield _error(stem, shown, "no records (whitespace only)")
    elif fmt == "csv":
        yield from _csv_records(dec, shown, fields, stem)
    else:
        sha = hashlib.sha256(raw).hexdigest()
        warnings = list(dec.warnings)
        text = dec.text
        if fmt == "html":
            text, title = _html_text(dec.text)
            if not text.strip():
                yield _error(stem, shown, "no text extracted from HTML")
                return
        else:
            title = first_line_title(text, markdown=fmt == "md")
        yield _Item(stem, text, shown, fmt, dec.encoding, sha, title=title, warnings=warnings)


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def first_line_title(text: str, markdown: bool = False) -> str | None:
    """A plain-text release's first non-blank line, as its title (None when it is long prose).

    Press releases put the headline first; a first line longer than
    ``TITLE_MAX_CHARS`` is a paragraph, not a headline.
    """
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        if markdown:
            line = _MD_HEADING.sub("", line).strip("*_ ").strip()
        return line if 0 < len(line) <= TITLE_MAX_CHARS else None
    return None


def _read_stdin(ctx: _Context) -> Iterator[_Item | DocError]:
    """One document from standard input: HTML when it starts like a page, else text."""
    doc_id = ctx.stdin_id or "stdin"
    try:
        stream = ctx.stdin if ctx.stdin is not None else sys.stdin.buffer
        raw = stream.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError, AttributeError) as exc:
        yield _error(doc_id, "<stdin>", f"cannot read standard input: {exc}")
        return
    if len(raw) > MAX_FILE_BYTES:
        yield _error(doc_id, "<stdin>", _too_large(len(raw)))
        return
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = _gunzip(io.BytesIO(raw))
        except _ReadError as exc:
            yield _error(doc_id, "<stdin>", str(exc))
            return
    head = raw[:512].lstrip().lower()
    fmt = "html" if head.startswith((b"<!doctype html", b"<html")) else "txt"
    try:
        yield from _read_raw(raw, "<stdin>", fmt, FieldMap(), doc_id)
    except Exception as exc:
        yield _error(doc_id, "<stdin>", f"cannot read: {_exc_line(exc)}")


# -- HTML --------------------------------------------------------------------------------

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_DROP_TAGS = (
    "script", "style", "noscript", "template", "head", "nav", "header", "footer", "aside",
    "form", "iframe", "svg", "object", "embed", "button", "select",
)  # fmt: skip
_BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "tr", "table", "section", "article", "main", "blockquote", "pre", "figure", "figcaption",
    "address", "hr",
)  # fmt: skip


def _html_text(html: str) -> tuple[str, str | None]:
    """Main text (trafilatura, from the string: nothing is fetched) and the ``<title>``.

    When trafilatura finds nothing (very short pages, odd markup), a plain lxml walk
    that drops scripts, styles and navigation gives the text instead.
    """
    import lxml.etree
    import lxml.html
    import trafilatura

    markup = _XML_DECL.sub("", html, count=1)  # lxml refuses str input with a declaration
    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return "", None
    node = root.find(".//title")
    title = " ".join(node.text_content().split()) if node is not None else ""
    text = trafilatura.extract(
        markup,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
        with_metadata=False,
    )
    if not text or not text.strip():
        text = _plain_text(root)
    return text, title or None


def _plain_text(root: Any) -> str:
    """Visible text of a parsed page, one line per block, without scripts/styles/navigation."""
    for el in list(root.iter(*_DROP_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in root.iter(*_BLOCK_TAGS):
        el.text = "\n" + (el.text or "")
        el.tail = "\n" + (el.tail or "")
    for el in root.iter("td", "th"):
        el.tail = " " + (el.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


# -- records -----------------------------------------------------------------------------

_MISSING = object()
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _json_records(
    dec: Decoded, shown: str, fields: FieldMap, stem: str
) -> Iterator[_Item | DocError]:
    """One record for a JSON object, one per element for a list; a parse error is one error.

    With ``fields.records`` ("data.items"), the object or list is found under those keys.
    """
    try:
        data = json.loads(dec.text)
    except json.JSONDecodeError as exc:
        msg = f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        yield _error(stem, shown, msg)
        return
    except RecursionError:
        yield _error(stem, shown, "invalid JSON: nested too deeply")
        return
    except ValueError as exc:
        yield _error(stem, shown, f"invalid JSON: {exc}")
        return
    if fields.records:
        for key in fields.records.split("."):
            if not isinstance(data, dict) or key not in data:
                where = _json_type(data) if data is not None else "null"
                msg = f"no records at {fields.records!r} (no key {key!r} in {where})"
                yield _error(stem, shown, msg)
                return
            data = data[key]
    if isinstance(data, dict):
        yield _record(data, stem, "JSON object", shown, "json", dec, fields)
    elif isinstance(data, list):
        if not data:
            yield _error(stem, shown, "no records (empty JSON list)")
        for n, obj in enumerate(data, 1):
            where, rec_path, default = f"record {n}", f"{shown}#{n}", f"{stem}-{n}"
            if isinstance(obj, dict):
                yield _record(obj, default, where, rec_path, "json", dec, fields)
            else:
                yield _error(default, rec_path, f"{where}: {_json_type(obj)}, not a JSON object")
    else:
        yield _error(stem, shown, f"JSON top level is {_json_type(data)}, not an object or a list")


def _read_jsonl(path: Path, fields: FieldMap, stem: str) -> Iterator[_Item | DocError]:
    """Stream a JSONL file line by line (a batch file may be larger than memory allows).

    Each line is decoded on its own (UTF-8, else ``decode_bytes`` with a warning), so a
    bad line is an error for that line only. UTF-16/32 files are read whole instead.
    """
    shown = str(path)
    try:
        with _open_regular(path, limit=False) as fh:
            head = fh.read(8192)
            if not head:
                yield _error(stem, shown, "empty file")
                return
            kind = sniff_binary(head)
            if kind:
                yield _error(stem, shown, f"binary content ({kind})")
                return
            lines: Iterator[bytes | str | None]
            if b"\x00" in head or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                fh.seek(0)
                raw = fh.read(MAX_FILE_BYTES + 1)
                if len(raw) > MAX_FILE_BYTES:
                    raise _ReadError(_too_large(len(raw)))
                base = decode_bytes(raw)
                lines = iter(base.text.split("\n"))
            else:
                bom = head.startswith(codecs.BOM_UTF8)
                fh.seek(len(codecs.BOM_UTF8) if bom else 0)
                base = Decoded("", "utf-8-sig" if bom else "utf-8")
                lines = _byte_lines(fh)
            count = 0
            for lineno, line in enumerate(lines, 1):
                item = _jsonl_line(line, lineno, shown, base, fields, stem)
                if item is not None:
                    count += 1
                    yield item
            if not count:
                yield _error(stem, shown, "no records (whitespace only)")
    except (_ReadError, DecodeError) as exc:
        yield _error(stem, shown, str(exc))
    except OSError as exc:
        yield _error(stem, shown, _reason(exc, path))


def _byte_lines(fh: BinaryIO) -> Iterator[bytes | None]:
    """Lines split on ``\\n`` only (JSON strings may hold U+2028 unescaped); None: too long."""
    while line := fh.readline(MAX_FILE_BYTES + 1):
        if len(line) > MAX_FILE_BYTES:
            while line and not line.endswith(b"\n"):  # skip the rest of the monster line
                line = fh.readline(MAX_FILE_BYTES + 1)
            yield None
            continue
        yield line


def _jsonl_line(
    line: bytes | str | None,
    lineno: int,
    shown: str,
    base: Decoded,
    fields: FieldMap,
    stem: str,
) -> _Item | DocError | None:
    """The record on one JSONL line; None for a blank line."""
    where, rec_path, default = f"line {lineno}", f"{shown}#{lineno}", f"{stem}-{lineno}"
    if line is None:
        return _error(default, rec_path, f"{where}: line too long (over {MAX_FILE_BYTES} bytes)")
    if isinstance(line, bytes):
        if not line.strip():
            return None
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            try:
                base = decode_bytes(line)
            except DecodeError as exc:
                return _error(default, rec_path, f"{where}: {exc}")
            text = base.text
    else:
        text = line
    if not text.strip():
        return None
    try:
        obj = json.loads(text.rstrip("\r\n"))  # so an error's column is on this line
    except json.JSONDecodeError as exc:
        return _error(default, rec_path, f"{where}: invalid JSON at column {exc.colno}: {exc.msg}")
    except RecursionError:
        return _error(default, rec_path, f"{where}: invalid JSON: nested too deeply")
    except ValueError as exc:
        return _error(default, rec_path, f"{where}: invalid JSON: {exc}")
    if not isinstance(obj, dict):
        return _error(default, rec_path, f"{where}: {_json_type(obj)}, not a JSON object")
    return _record(obj, default, where, rec_path, "jsonl", base, fields)


def _csv_records(
    dec: Decoded, shown: str, fields: FieldMap, stem: str
) -> Iterator[_Item | DocError]:
    """One record per data row under a header row; malformed CSV stops the file there."""
    if csv.field_size_limit() < MAX_FILE_BYTES:  # default 128 KiB: a long release is bigger
        csv.field_size_limit(MAX_FILE_BYTES)
    reader = csv.reader(io.StringIO(dec.text, newline=""), strict=True)
    try:
        header = next((row for row in reader if row), None)
    except csv.Error as exc:
        yield _error(stem, shown, f"malformed CSV header (line {reader.line_num}): {exc}")
        return
    if header is None:
        yield _error(stem, shown, "no records (CSV has no header row)")
        return
    names = [h.strip() for h in header]
    dup = next((n for i, n in enumerate(names) if n in names[:i]), None)
    if dup is not None:
        yield _error(stem, shown, f"duplicate column {dup!r} in CSV header")
        return
    if fields.text not in names:
        yield _error(stem, shown, f"no {fields.text!r} column in CSV header ({_keys(names)})")
        return
    n = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            n += 1
            where = f"row {n} (line {reader.line_num})"
            yield _error(f"{stem}-{n}", f"{shown}#{n}", f"{where}: malformed CSV: {exc}")
            return
        if not row:
            continue
        n += 1
        where, rec_path, default = f"row {n}", f"{shown}#{n}", f"{stem}-{n}"
        if len(row) > len(names):
            msg = f"{where} (line {reader.line_num}): {len(row)} fields, header has {len(names)}"
            yield _error(default, rec_path, msg)
            continue
        obj = dict(zip(names, row, strict=False))  # a short row just lacks the last fields
        yield _record(obj, default, where, rec_path, "csv", dec, fields)
    if not n:
        yield _error(stem, shown, "no records (CSV has a header only)")


def _record(
    obj: dict[str, Any],
    default_id: str,
    where: str,
    rec_path: str,
    fmt: str,
    dec: Decoded,
    fields: FieldMap,
) -> _Item | DocError:
    """A json/jsonl/csv record as a document, or the error naming what is wrong with it."""
    raw_id = obj.get(fields.id)
    if raw_id is None or (isinstance(raw_id, str) and not raw_id.strip()):
        doc_id = default_id
    elif isinstance(raw_id, bool) or not isinstance(raw_id, str | int | float):
        msg = f"{where}: field {fields.id!r} is {_json_type(raw_id)}, not a string or number"
        return _error(default_id, rec_path, msg)
    else:
        doc_id = str(raw_id)
    text = obj.get(fields.text, _MISSING)
    if text is _MISSING:
        return _error(doc_id, rec_path, f"{where}: no {fields.text!r} field ({_keys(obj)})")
    if not isinstance(text, str):
        msg = f"{where}: field {fields.text!r} is {_json_type(text)}, not a string"
        return _error(doc_id, rec_path, msg)
    if not text.strip():
        detail = "empty" if not text else "whitespace only"
        return _error(doc_id, rec_path, f"{where}: field {fields.text!r} has no text ({detail})")
    if "\x00" in text:
        return _error(doc_id, rec_path, f"{where}: field {fields.text!r} contains NUL characters")
    warnings = list(dec.warnings)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
        warnings.append(f"unpaired surrogate escapes in {fields.text!r} replaced by U+FFFD")
    title = obj.get(fields.title)
    if title is not None and not isinstance(title, str):
        warnings.append(f"field {fields.title!r} is {_json_type(title)}, not a string; ignored")
        title = None
    title = _SURROGATE.sub("\ufffd", " ".join(title.split())) if title else None
    sha = hashlib.sha256(json.dumps(obj, sort_keys=True).encode()).hexdigest()
    return _Item(
        raw_id=doc_id,
        text=text,
        path=rec_path,
        format=fmt,
        encoding=dec.encoding,
        sha=sha,
        published=obj.get(fields.published),
        title=title or None,
        warnings=warnings,
    )


# -- messages ----------------------------------------------------------------------------

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _one_line(text: str) -> str:
    """Escape line breaks, controls and lone surrogates so a message stays one line."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


def _show(value: object, limit: int = 80) -> str:
    r = repr(value)
    return r if len(r) <= limit else r[: limit - 3] + "..."


def _error(raw_id: str, path: str, message: str) -> DocError:
    return DocError(safe_doc_id(raw_id), path, _one_line(message))


def _json_type(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "null" if value is None else type(value).__name__


def _keys(keys: Any) -> str:
    shown = [k if len(k) <= 40 else k[:37] + "..." for k in list(keys)[:10]]
    return "fields: " + (", ".join(shown) if shown else "none")
