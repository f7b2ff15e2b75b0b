"""Build the Language: the statistical model plus our registered components.

The model name is a setting (``pipeline.settings.model_name``). Components the
rules never read are excluded for speed. Hyphens that join two capitalised
names ("U.S.-Korea") are split by the tokenizer so each side is a token.
"""

from __future__ import annotations

from collections.abc import Sequence

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex

from pipeline import components  # noqa: F401  (registers the factories)
from pipeline.components import PIPELINE_ORDER
from pipeline.settings import DISABLED_COMPONENTS, SENTENCE_SPLITTER, model_name

# "U.S.-Korea", "U.S.-ROK": a hyphen after an abbreviation's dot, before a capital.
_EXTRA_INFIXES = (r"(?<=[A-Z]\.)[-–](?=[A-Z])",)


def _split_compound_hyphens(nlp: Language) -> None:
    infixes = list(nlp.Defaults.infixes or ()) + list(_EXTRA_INFIXES)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def add_components(nlp: Language, names: Sequence[str] = PIPELINE_ORDER) -> Language:
    """Append our components (in pipeline order) to an existing Language."""
    for name in names:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def build_nlp(
    model: str | None = None,
    exclude: Sequence[str] = DISABLED_COMPONENTS,
    names: Sequence[str] = PIPELINE_ORDER,
) -> Language:
    """The full pipeline: ``model`` (default: the setting) + our components."""
    nlp = spacy.load(model or model_name(), exclude=list(exclude))
    if SENTENCE_SPLITTER not in nlp.pipe_names:
        nlp.add_pipe(SENTENCE_SPLITTER, first=True)
    _split_compound_hyphens(nlp)
    return add_components(nlp, names)


def build_blank(names: Sequence[str] = PIPELINE_ORDER) -> Language:
    """A model-free pipeline (tokenizer + our components) for unit tests and tooling."""
    nlp = spacy.blank("en")
    _split_compound_hyphens(nlp)
    return add_components(nlp, names)
