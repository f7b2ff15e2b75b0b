"""base: proper nouns, verbs and plurals without a tagger (issue #13), on blank docs."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.components.base import is_plural_propn, is_propn, is_verb
from pipeline.nlp import build_blank


def _doc(text: str) -> Doc:
    return build_blank(names=())(text)


def _word(doc: Doc, word: str, nth: int = 0) -> Token:
    return [t for t in doc if t.text == word][nth]


def test_a_capital_mid_sentence_is_a_proper_noun() -> None:
    doc = _doc("The delegation met Jane Roe and the Veltria Council in Ostrova today.")
    assert all(is_propn(_word(doc, w)) for w in ("Jane", "Roe", "Veltria", "Council", "Ostrova"))
    assert not any(is_propn(_word(doc, w)) for w in ("delegation", "met", "and", "today"))


def test_a_capital_at_a_sentence_start_needs_more() -> None:
    # "Exports" starts a sentence and the release also writes "exports": a common word;
    # "Northwind" starts one too but never appears in lower case: a name
    doc = _doc("Exports rose. Northwind said exports would grow. The plan works.")
    assert not is_propn(_word(doc, "Exports"))
    assert is_propn(_word(doc, "Northwind"))
    assert not is_propn(_word(doc, "The"))  # a function word never is one


def test_headline_verbs_and_plural_proper_nouns() -> None:
    doc = _doc("Minister Jane Roe Announces New Veltria Trade Office\nJane Roe spoke.")
    assert is_verb(_word(doc, "Announces")) and not is_propn(_word(doc, "Announces"))
    assert not is_verb(_word(doc, "Roe"))
    doc = _doc("The Minister of Foreign Affairs and the United Nations met Mr. Roe.")
    assert is_plural_propn(_word(doc, "Affairs")) and is_plural_propn(_word(doc, "Nations"))
    assert not is_plural_propn(_word(doc, "Roe"))
    # a capitalised verb form in running text is a name word ("United"), not a verb
    assert not is_verb(_word(doc, "United"))
