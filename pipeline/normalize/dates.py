"""Date normalisation: pure functions, the reference date always passed in."""

from __future__ import annotations

import re

_DATELINE = re.compile(r"^\s*(?:[A-Z][A-Za-z .,]+[–—-]\s*)?([A-Z][a-z]+\.? \d{1,2}, \d{4})", re.M)


def find_dateline(text: str) -> str | None:
    """An ISO date from a dateline at the top of the text, if there is one."""
    return None
