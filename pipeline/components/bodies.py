"""Component stub: filled in by the rules for this fact type."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc

if TYPE_CHECKING:
    from pipeline.record import Candidate
    from pipeline.resolve import Context


class BodiesComponent:
    """Marks nothing yet."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("tf_bodies")
def make_bodies(nlp: Language, name: str) -> BodiesComponent:
    return BodiesComponent(nlp, name)


def resolve_dialogues(cands: list[Candidate], ctx: Context) -> list[dict[str, Any]]:
    """Dialogue facts from candidates (stub)."""
    return []


def resolve_working_groups(cands: list[Candidate], ctx: Context) -> list[dict[str, Any]]:
    """Working-group facts from candidates (stub)."""
    return []
