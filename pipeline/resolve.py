"""Candidates -> facts: one entry per real-world thing, every mention kept.

Placeholder until the resolution rules land.
"""

from __future__ import annotations

from typing import Any

from pipeline.record import FACT_LISTS, Candidate


def resolve(cands: list[Candidate], text: str, reference: str | None) -> dict[str, list[dict[str, Any]]]:
    """Facts per list name from the candidates of one whole document."""
    return {name: [] for name in FACT_LISTS}
