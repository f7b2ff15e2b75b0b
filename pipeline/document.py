"""The input side of the data model: one decoded document ready for the pipeline.

Readers in ``ingest`` produce ``SourceDoc`` or ``DocError``; everything after them
(api, batch, executors) consumes these and nothing format-specific.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """A decoded document. ``text`` is exactly what mention offsets index."""

    doc_id: str
    text: str
    published: str | None = None  # ISO date YYYY-MM-DD, or None
    title: str | None = None
    path: str = ""  # where it came from: a file, or "file#record" for json/jsonl/csv
    format: str = "txt"  # txt | md | html | json | jsonl | csv | text (API)
    encoding: str | None = "utf-8"  # how the bytes were decoded
    input_sha256: str | None = None  # sha256 of the raw input (bytes or record) for resume
    date_source: str | None = None  # manifest | record | dateline | argument | None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def text_sha256(self) -> str:
        """sha256 of the decoded text, stored in the record so offsets can be checked."""
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class DocError:
    """A document that could not be read: reported, counted as failed, never written."""

    doc_id: str
    path: str
    error: str  # one line: the cause, specific to this document

    def __str__(self) -> str:
        return f"{self.doc_id}: {self.error}"


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something an input held that was deliberately not read, and why.

    ``kind`` "file": a file or directory under an input that is not a document
    (unsupported suffix, hidden, a manifest, the output directory). ``kind``
    "manifest": a manifest id that no document matched (``path`` is the manifest).
    """

    path: str
    reason: str
    kind: str = "file"

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
