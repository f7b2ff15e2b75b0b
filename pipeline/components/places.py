"""Component stub: filled in by the rules for this fact type."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc

if TYPE_CHECKING:
    from pipeline.record import Candidate
    from pipeline.resolve import Context


class PlacesComponent:
    """Marks nothing yet."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("tf_places")
def make_places(nlp: Language, name: str) -> PlacesComponent:
    return PlacesComponent(nlp, name)


def resolve(cands: list[Candidate], ctx: Context) -> list[dict[str, Any]]:
    """Facts from this type's candidates (stub)."""
    return []
