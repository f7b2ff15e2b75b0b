"""tradefacts: source-grounded facts from government trade press releases.

The public API is small on purpose: ``extract`` for one text, ``extract_many``
for a batch. Both build the spaCy pipeline once and reuse it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = ["__version__", "extract", "extract_many"]


def extract(text: str, published: str | None = None, **kwargs: Any) -> dict[str, Any]:
    """Extract one document's record (see schemas/record.schema.json)."""
    from pipeline.api import extract as _extract

    return _extract(text, published=published, **kwargs)


def extract_many(
    texts: Iterable[str | tuple[str, str | None]], **kwargs: Any
) -> Iterator[dict[str, Any]]:
    """Extract records for many texts (or ``(text, published)`` pairs), in order."""
    from pipeline.api import extract_many as _extract_many

    return _extract_many(texts, **kwargs)
