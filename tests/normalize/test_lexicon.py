"""WordNet word classes from the model's lemmatizer tables (no tagger, issue #13)."""

from __future__ import annotations

import pytest

from pipeline.normalize import lexicon


def test_tables_come_from_the_model_package() -> None:
    t = lexicon.tables()
    assert {"noun", "verb", "adj", "adv"} <= set(t["index"])
    assert len(t["index"]["verb"]) > 5000  # WordNet 3.0 lists ~8,700 verb lemmas


def test_a_model_without_tables_answers_no() -> None:
    assert lexicon.tables("no_such_model_package") == {"index": {}, "rules": {}, "exc": {}}


@pytest.mark.parametrize(
    ("word", "inflected"),
    [
        ("announces", True),  # -s of a listed verb
        ("strengthened", True),  # -ed
        ("bolstering", True),  # -ing
        ("brought", True),  # irregular (lemma_exc)
        ("sign", False),  # the bare lemma is no inflection
        ("ottawa", False),
        ("thomas", False),  # not "thoma" + s
        ("james", False),  # "-es" only after a sibilant: not "jam" + es
        ("reaches", True),  # "reach" + es
    ],
)
def test_inflected_verbs(word: str, inflected: bool) -> None:
    assert lexicon.is_inflected_verb(word) is inflected


def test_past_forms_and_gerunds() -> None:
    assert lexicon.is_past_form("signed") and lexicon.is_past_form("held")
    assert not lexicon.is_past_form("signs") and not lexicon.is_past_form("meeting")
    assert lexicon.is_gerund("strengthening") and not lexicon.is_gerund("beijing")
    assert lexicon.is_base_verb("meet") and not lexicon.is_base_verb("india")


@pytest.mark.parametrize(
    ("word", "plural"),
    [
        ("affairs", True),
        ("nationals", True),
        ("industries", True),  # -ies -> -y
        ("witnesses", True),
        ("harris", False),  # -is ends singulars
        ("business", False),  # -ss
        ("thomas", False),
    ],
)
def test_plural_nouns(word: str, plural: bool) -> None:
    assert lexicon.is_plural_noun(word) is plural


def test_english_words() -> None:
    assert lexicon.is_english_word("summit") and lexicon.is_english_word("mangoes")
    assert not lexicon.is_english_word("northwind") and not lexicon.is_english_word("veltria")
