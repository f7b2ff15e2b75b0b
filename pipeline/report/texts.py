"""The exact text a record's offsets index, found again without the record keeping it.

A record names its input (``input.path``: a file, or ``file#n`` for a record inside
a json/jsonl/csv batch) and the sha256 of the decoded text. Rereading the raw file
is not enough: HTML goes through trafilatura, JSON/CSV records hold the text in a
field, bytes may be in another encoding. So the file is decoded again through the
same reader extraction used (``pipeline.ingest.iter_sources``) and the document
whose text hashes to the record's ``text_sha256`` is taken; nothing else is trusted.
Each input file is read once however many records point into it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.document import SourceDoc
from pipeline.ingest import FieldMap, iter_sources


def text_sha256(text: str) -> str:
    """The record's text hash (pipeline.document.SourceDoc.text_sha256)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class TextFinder:
    """Finds release texts by re-decoding input files; caches each file's texts by hash."""

    def __init__(self, base_dirs: Iterable[Path] = (), fields: FieldMap | None = None) -> None:
        self.base_dirs = [Path(b) for b in base_dirs]
        self.fields = fields or FieldMap()
        self._files: dict[Path, tuple[dict[str, str], list[str]]] = {}

    def _locate(self, raw_path: str) -> Path | None:
        """The input file: as given, else without a ``#n`` record suffix; tried in base_dirs."""
        names = [raw_path]
        if "#" in raw_path:
            names.append(raw_path.rsplit("#", 1)[0])
        for name in names:
            p = Path(name)
            candidates = [p] if p.is_absolute() else [p, *(b / p for b in self.base_dirs)]
            for c in candidates:
                if c.is_file():
                    return c
        return None

    def _decode(self, path: Path) -> tuple[dict[str, str], list[str]]:
        """Every document the reader finds in ``path``: text by sha256, and the read errors."""
        key = path.resolve()
        if key not in self._files:
            texts: dict[str, str] = {}
            errors: list[str] = []
            try:
                for item in iter_sources([str(path)], fields=self.fields):
                    if isinstance(item, SourceDoc):
                        texts.setdefault(item.text_sha256, item.text)
                    else:
                        errors.append(item.error)
            except (OSError, ValueError) as exc:
                errors.append(str(exc))
            self._files[key] = (texts, errors)
        return self._files[key]

    def find(self, record: dict[str, Any]) -> tuple[str | None, str]:
        """The text, or None, and a note saying where it came from or why there is none."""
        want = record.get("text_sha256")
        if isinstance(record.get("text"), str):
            text = record["text"]
            if want and text_sha256(text) == want:
                return text, "text kept in the record"
            return None, "no highlights: the record's text does not match its text_sha256"
        inp = record.get("input") or {}
        raw_path = inp.get("path") if isinstance(inp, dict) else None
        if not raw_path or str(raw_path).startswith("<"):
            return None, "no highlights: the record keeps no text and names no input file"
        if not want:
            return None, "no highlights: the record has no text_sha256 to check its text against"
        path = self._locate(str(raw_path))
        if path is None:
            return None, f"no highlights: input file {raw_path} not found"
        texts, errors = self._decode(path)
        if want in texts:
            fmt = inp.get("format") or path.suffix.lstrip(".")
            return texts[want], f"text decoded again from {raw_path} ({fmt})"
        why = f"; reading it: {errors[0]}" if errors else ""
        return None, (
            f"no highlights: no document decoded from {path} has the record's text_sha256 "
            f"(the file changed since extraction, or other --text-field settings){why}"
        )


def release_text(record: dict[str, Any], base_dirs: Iterable[Path] = ()) -> tuple[str | None, str]:
    """One record's text and note (a one-off TextFinder; reuse one for many records)."""
    return TextFinder(base_dirs).find(record)
