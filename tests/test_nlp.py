"""The model runs only the parts the rules read (issue: speed)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pipeline.components.base import is_propn, is_verb

PIPELINE = Path(__file__).resolve().parents[1] / "pipeline"

# Token attributes that only the excluded model parts fill in: reading one would
# silently see "" (or the token itself) and change behaviour without failing.
UNFILLED = re.compile(r"\.(tag_|tag|pos_|pos|lemma_|lemma|dep_|dep|head|children|morph|tensor)\b")


def test_excluded_model_parts(extractor: Any) -> None:
    names = extractor.nlp.pipe_names
    for gone in ("tok2vec", "tagger", "parser", "lemmatizer", "attribute_ruler", "senter"):
        assert gone not in names
    # sentences come from the rule-based sentencizer; entities from ner (its own embedding)
    assert [n for n in names if not n.startswith("tf_")] == ["sentencizer", "ner"]


def test_no_rule_reads_what_the_model_no_longer_fills() -> None:
    offenders = []
    for path in sorted(PIPELINE.rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if '"""' in line or "``" in line:
                continue  # prose about the attributes, not a read
            if UNFILLED.search(code):
                offenders.append(f"{path.relative_to(PIPELINE)}:{n}: {line.strip()}")
    assert offenders == []


def test_proper_nouns_and_verbs_without_a_tagger(extractor: Any) -> None:
    doc = extractor.nlp("Jane Doe visited the Northwind plant in Ottawa.")
    by_text = {t.text: t for t in doc}
    assert is_propn(by_text["Ottawa"]) and is_propn(by_text["Jane"])
    assert not is_propn(by_text["plant"])
    assert is_verb(by_text["visited"]) and not is_verb(by_text["plant"])
    assert all(t.pos_ == "" and t.tag_ == "" for t in doc)  # no tagger ran
