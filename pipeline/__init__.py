"""tradefacts: source-grounded facts from government trade press releases.

The public API is small on purpose: ``extract`` for one text, ``extract_many``
for a batch. Both build the spaCy pipeline once and reuse it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

__all__ = ["__version__", "extract", "extract_many"]


def extract(text: str, published: str | date | None = None, **kwargs: Any) -> dict[str, Any]:
    """Extract one document's record (see schemas/record.schema.json).

    ``published`` is a ``date`` or a ``YYYY-MM-DD`` string; a bad one raises ValueError.
    """
    from pipeline.api import extract as _extract

    return _extract(text, published=published, **kwargs)


def extract_many(
    texts: Iterable[str | tuple[str, str | date | None] | Mapping[str, Any]], **kwargs: Any
) -> Iterator[dict[str, Any]]:
    """Extract records for many texts (or ``(text, published)`` pairs, or mappings with
    ``text``/``id``/``published``/``title``), in order. A failed item yields
    ``{"doc_id": ..., "error": ...}`` in its place; the stream goes on."""
    from pipeline.api import extract_many as _extract_many

    return _extract_many(texts, **kwargs)
