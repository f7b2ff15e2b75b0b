"""Readers: paths in, ``SourceDoc`` or ``DocError`` out, one per document.

Minimal first version: .txt files and directories, a JSONL manifest for dates
and titles. Other formats and the bad-input battery build on ``iter_sources``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from pipeline.document import DocError, SourceDoc

TEXT_SUFFIXES = {".txt", ".md"}


def load_manifest(path: str | Path | None) -> dict[str, dict[str, object]]:
    """``id -> row`` from a JSONL manifest (``id``, ``published``, ``title``, ...)."""
    if path is None:
        return {}
    rows: dict[str, dict[str, object]] = {}
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                rows[str(row["id"])] = row
    return rows


def _files(inputs: Sequence[str]) -> Iterator[Path]:
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            yield from sorted(q for q in p.rglob("*") if q.is_file() and q.suffix in TEXT_SUFFIXES)
        else:
            yield p


def iter_sources(
    inputs: Sequence[str], manifest: str | Path | None = None
) -> Iterator[SourceDoc | DocError]:
    """Every document under ``inputs``, decoded, with its manifest metadata."""
    meta = load_manifest(manifest)
    for path in _files(inputs):
        doc_id = path.stem
        try:
            raw = path.read_bytes()
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            yield DocError(doc_id, str(path), f"cannot read: {exc}")
            continue
        row = meta.get(doc_id, {})
        published = row.get("published")
        yield SourceDoc(
            doc_id=doc_id,
            text=text,
            published=str(published) if published else None,
            title=str(row["title"]) if row.get("title") else None,
            path=str(path),
            format=path.suffix.lstrip(".") or "txt",
            encoding="utf-8",
            input_sha256=hashlib.sha256(raw).hexdigest(),
            date_source="manifest" if published else None,
        )
