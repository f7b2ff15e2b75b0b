"""One document in, one validated record out; and the same for a stream.

``Extractor`` owns a built pipeline and its fingerprint. Long texts are cut into
paragraph-aligned chunks, each chunk's candidates shifted to whole-text offsets,
then resolved into facts once, so a 5 MB release gives exact offsets too. Docs
are dropped as soon as their candidates are read (a Doc costs ~0.25 MB).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from spacy.language import Language

from pipeline import __version__
from pipeline.components.base import candidates_from_doc
from pipeline.document import SourceDoc
from pipeline.normalize.dates import find_dateline
from pipeline.patterns.load import ruleset_hash
from pipeline.record import Candidate, new_record
from pipeline.resolve import candidate_rows, resolve
from pipeline.settings import BATCH_SIZE, CHUNK_CHARS, model_name
from pipeline.validate import check_record


class ExplainedRecord(dict[str, Any]):
    """A record (a plain dict to JSON and the schema) that also carries its candidates.

    ``candidates`` are the ``<doc_id>.candidates.jsonl`` rows (``candidate_rows``): kept
    off the record itself so a record is byte-identical with or without ``--explain``.
    """

    candidates: list[dict[str, Any]]


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(src: SourceDoc) -> SourceDoc:
    """Lone surrogates (JSON '\\ud800' escapes) cannot be encoded, so the model cannot read
    them; each becomes U+FFFD, one character for one, and the offsets index that text."""
    if not _SURROGATE.search(src.text):
        return src
    return dataclasses.replace(
        src,
        text=_SURROGATE.sub("\ufffd", src.text),
        warnings=(*src.warnings, "lone surrogates replaced by U+FFFD"),
    )


def chunk_text(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """``(offset, piece)`` pairs covering ``text``; cuts at a newline, else a space."""
    if len(text) <= limit:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    pos = 0
    while pos < len(text):
        end = min(pos + limit, len(text))
        if end < len(text):
            cut = text.rfind("\n", pos + limit // 2, end)
            if cut < 0:
                cut = text.rfind(" ", pos + limit // 2, end)
            if cut > pos:
                end = cut + 1
        out.append((pos, text[pos:end]))
        pos = end
    return out


def provenance_from_meta(meta: Mapping[str, Any]) -> dict[str, str]:
    """Provenance from a pipeline's meta (lang, name, version) and the rule set."""
    model = f"{meta.get('lang', 'xx')}_{meta.get('name', 'blank')}"
    version = str(meta.get("version", "0"))
    rules = ruleset_hash()
    fp = hashlib.sha256(f"{__version__}|{model}|{version}|{rules}".encode()).hexdigest()[:16]
    return {
        "tradefacts": __version__,
        "model": model,
        "model_version": version,
        "ruleset": rules,
        "fingerprint": fp,
    }


def model_meta(model: str | None = None) -> dict[str, Any]:
    """A model's meta.json, read without loading the model (a package name or a directory).

    Lets a batch parent know the fingerprint (to skip up-to-date records) while only
    its workers pay for loading the model.
    """
    from spacy.util import get_package_path, is_package, load_meta

    name = model or model_name()
    path = Path(name)
    if path.is_dir():
        return load_meta(path / "meta.json")
    if is_package(name):
        return load_meta(get_package_path(name) / "meta.json")
    raise OSError(f"model {name!r} is neither an installed package nor a directory")


def model_provenance(model: str | None = None) -> dict[str, str]:
    """The provenance ``Extractor(model).provenance`` will have, without loading the model."""
    return provenance_from_meta(model_meta(model))


class Extractor:
    """A loaded pipeline that turns ``SourceDoc``s into schema-valid records."""

    def __init__(
        self,
        model: str | None = None,
        nlp: Language | None = None,
        keep_text: bool = False,
        batch_size: int = BATCH_SIZE,
        explain: bool = False,
    ) -> None:
        self.model = model or model_name()
        if nlp is None:
            from pipeline.nlp import build_nlp

            nlp = build_nlp(self.model)
        self.nlp = nlp
        self.keep_text = keep_text
        self.batch_size = batch_size
        self.explain = explain  # records come as ExplainedRecord, with every candidate's fate

    @cached_property
    def provenance(self) -> dict[str, str]:
        """What produced a record: same fingerprint + same input => same record."""
        return provenance_from_meta(self.nlp.meta)

    @property
    def fingerprint(self) -> str:
        return self.provenance["fingerprint"]

    # -- one document ----------------------------------------------------------------

    def extract(self, src: SourceDoc) -> dict[str, Any]:
        """The validated record of one document (raises on an invalid record)."""
        return next(self._records([src]))[1]  # type: ignore[return-value]

    # -- a stream ----------------------------------------------------------------------

    def pipe(
        self, srcs: Iterable[SourceDoc]
    ) -> Iterator[tuple[SourceDoc, dict[str, Any] | Exception]]:
        """``(src, record or the exception that stopped it)`` for each input, in order."""
        yield from self._records(srcs, catch=True)

    def _records(
        self, srcs: Iterable[SourceDoc], catch: bool = False
    ) -> Iterator[tuple[SourceDoc, dict[str, Any] | Exception]]:
        batch: list[SourceDoc] = []
        for src in srcs:
            batch.append(without_surrogates(src))
            if len(batch) >= self.batch_size:
                yield from self._finish(batch, catch)
                batch = []
        if batch:
            yield from self._finish(batch, catch)

    @staticmethod
    def _pieces(pending: list[SourceDoc]) -> Iterator[tuple[str, tuple[int, int, int]]]:
        """Chunks of a batch as ``(text, (doc index, offset, chunks left))``."""
        for i, src in enumerate(pending):
            chunks = chunk_text(src.text)
            for j, (offset, piece) in enumerate(chunks):
                yield piece, (i, offset, len(chunks) - 1 - j)

    def _finish(
        self,
        pending: list[SourceDoc],
        catch: bool,
    ) -> Iterator[tuple[SourceDoc, dict[str, Any] | Exception]]:
        found: list[list[Candidate]] = [[] for _ in pending]
        failed: dict[int, Exception] = {}
        done = 0
        stream = self.nlp.pipe(self._pieces(pending), as_tuples=True, batch_size=self.batch_size)
        while True:
            try:
                doc, (i, offset, remaining) = next(stream)
            except StopIteration:
                break
            except Exception:
                if not catch:
                    raise
                # the stream is dead; redo the unfinished documents one at a time so
                # only the document that raises fails
                for k in range(done, len(pending)):
                    found[k] = []
                    try:
                        for piece, (_, offset, _) in self._pieces([pending[k]]):
                            found[k].extend(candidates_from_doc(self.nlp(piece), offset))
                    except Exception as exc:
                        failed[k] = exc
                break
            if i not in failed:
                try:
                    found[i].extend(candidates_from_doc(doc, offset))
                except Exception as exc:  # this document's candidates: it fails alone
                    if not catch:
                        raise
                    failed[i] = exc
            del doc
            if remaining:
                continue
            # the last chunk of document i: everything before it is complete
            while done <= i:
                yield self._emit(pending[done], found[done], failed.get(done), catch)
                found[done] = []
                done += 1
        while done < len(pending):
            yield self._emit(pending[done], found[done], failed.get(done), catch)
            done += 1

    def _emit(
        self, src: SourceDoc, cands: list[Candidate], error: Exception | None, catch: bool
    ) -> tuple[SourceDoc, dict[str, Any] | Exception]:
        if error is not None:
            return src, error
        try:
            return src, self.build_record(src, cands)
        except Exception as exc:
            if not catch:
                raise
            return src, exc

    def build_record(self, src: SourceDoc, cands: list[Candidate]) -> dict[str, Any]:
        """Resolve candidates into facts, add provenance, validate."""
        dateline = find_dateline(src.text)
        published = src.published or dateline
        reference = dateline or src.published
        date_source = src.date_source or ("dateline" if published and not src.published else None)
        record = new_record(src.doc_id, published, src.title, src.text_sha256)
        record.update(resolve(cands, src.text, reference))
        record["input"] = {
            "path": src.path,
            "format": src.format,
            "encoding": src.encoding,
            "date_source": date_source,
        }
        record["provenance"] = {**self.provenance, "input_sha256": src.input_sha256}
        # regions set aside (footers, hashtags, contact blocks): reviewers see why no facts
        record["boilerplate"] = [
            {"start": c.start, "end": c.end, "source": c.source}
            for c in sorted(cands, key=lambda c: (c.start, c.end))
            if c.type == "boilerplate"
        ]
        if self.keep_text:
            record["text"] = src.text
        check_record(record)
        if self.explain:
            explained = ExplainedRecord(record)
            explained.candidates = candidate_rows(cands, record)
            return explained
        return record


_DEFAULT: dict[str, Extractor] = {}


def default_extractor(model: str | None = None) -> Extractor:
    """One shared Extractor per model name, built on first use."""
    name = model or model_name()
    if name not in _DEFAULT:
        _DEFAULT[name] = Extractor(name)
    return _DEFAULT[name]


PublishedLike = str | date | None


def coerce_published(value: object) -> str | None:
    """``YYYY-MM-DD`` from a ``date``/``datetime`` or an ISO string; None for None/"".

    Raises ``ValueError`` (or ``TypeError``) naming the value, so a bad date is the
    caller's error in words rather than a schema error deep in the record.
    """
    from pipeline.ingest import parse_published

    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        if not value.strip():
            return None
        parsed = parse_published(value)
        if parsed is None:
            raise ValueError(f"published {value!r} is not a YYYY-MM-DD date")
        return parsed
    raise TypeError(f"published must be a date or a YYYY-MM-DD string, not {type(value).__name__}")


def _src(text: str, published: object, doc_id: str, title: str | None) -> SourceDoc:
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, not {type(text).__name__}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a string, not {type(title).__name__}")
    day = coerce_published(published)
    sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return SourceDoc(
        doc_id=doc_id,
        text=text,
        published=day,
        title=title,
        path="<text>",
        format="text",
        input_sha256=sha,
        date_source="argument" if day else None,
    )


def extract(
    text: str,
    published: PublishedLike = None,
    doc_id: str = "doc",
    title: str | None = None,
    model: str | None = None,
) -> dict[str, Any]:
    """The record of one text; ``published`` (a date or YYYY-MM-DD) anchors relative dates."""
    return default_extractor(model).extract(_src(text, published, doc_id, title))


ExtractItem = str | tuple[str, PublishedLike] | Mapping[str, Any]


def _item_src(item: object, default_id: str) -> SourceDoc:
    """A ``SourceDoc`` from a text, a ``(text, published)`` pair or a mapping with
    ``text`` and optional ``id``, ``published``, ``title``."""
    if isinstance(item, str):
        return _src(item, None, default_id, None)
    if isinstance(item, Mapping):
        if "text" not in item:
            raise ValueError(f"item has no 'text' (keys: {', '.join(map(str, item)) or 'none'})")
        raw_id = item.get("id", item.get("doc_id"))
        doc_id = str(raw_id) if raw_id not in (None, "") else default_id
        return _src(item["text"], item.get("published"), doc_id, item.get("title"))
    if isinstance(item, tuple | list) and 1 <= len(item) <= 2:
        text, published = (item[0], None) if len(item) == 1 else (item[0], item[1])
        return _src(text, published, default_id, None)
    raise TypeError(
        f"item is {type(item).__name__}; expected a text, a (text, published) pair or a mapping"
    )


def error_result(doc_id: str, exc: BaseException) -> dict[str, str]:
    """What ``extract_many`` yields for an item that failed: its id and the cause."""
    text = " ".join(str(exc).split())
    cause = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return {"doc_id": doc_id, "error": cause}


def extract_many(
    texts: Iterable[ExtractItem],
    model: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Records for many texts, in order; ids doc-0, doc-1, ... unless an item names one.

    Items: a text, a ``(text, published)`` pair, or a mapping with ``text`` and
    optional ``id``, ``published`` (date or YYYY-MM-DD), ``title``. An item that
    fails (a bad date, a component that raises, an invalid record) yields
    ``{"doc_id": ..., "error": "Type: cause"}`` in its place and the stream goes on.
    """
    extractor = default_extractor(model)
    pending: dict[int, dict[str, str]] = {}  # index -> error result, waiting for its turn
    order: deque[int] = deque()  # indexes of the documents handed to the pipeline

    def srcs() -> Iterator[SourceDoc]:
        for i, item in enumerate(texts):
            default_id = f"doc-{i}"
            try:
                src = _item_src(item, default_id)
            except Exception as exc:
                raw = item.get("id") if isinstance(item, Mapping) else None
                pending[i] = error_result(str(raw) if raw else default_id, exc)
                continue
            order.append(i)
            yield src

    def flush(upto: int | None) -> Iterator[dict[str, Any]]:
        for i in sorted(k for k in pending if upto is None or k < upto):
            yield pending.pop(i)

    for src, rec in extractor.pipe(srcs()):
        i = order.popleft()
        yield from flush(i)
        yield error_result(src.doc_id, rec) if isinstance(rec, Exception) else rec
    yield from flush(None)


__all__ = [
    "ExplainedRecord",
    "Extractor",
    "chunk_text",
    "coerce_published",
    "default_extractor",
    "error_result",
    "extract",
    "extract_many",
    "model_meta",
    "model_provenance",
    "provenance_from_meta",
]
