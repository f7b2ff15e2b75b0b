"""Component stub: filled in by the rules for this fact type."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class OrganizationsComponent:
    """Marks nothing yet."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return doc


@Language.factory("tf_organizations")
def make_organizations(nlp: Language, name: str) -> OrganizationsComponent:
    return OrganizationsComponent(nlp, name)
