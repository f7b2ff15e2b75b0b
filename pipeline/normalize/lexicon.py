"""English word classes without a tagger: WordNet lemmas as shipped in the spaCy model.

The rules need to tell a verb form ("Announces", "signed") or a plural noun ("Affairs")
from a name. The statistical tagger answered that, but it and the tok2vec it listens to
cost a fifth of extraction time (#13). The model package already carries the tables of
spaCy's rule lemmatizer, built from WordNet 3.0: ``lemma_index`` (lemmas by part of
speech), ``lemma_rules`` (suffix rules) and ``lemma_exc`` (irregular forms). That is a
well-kept closed class, read once (about 40 ms); nothing here comes from the releases.

Pure functions of a lower-cased word. Without the tables (a model that ships no
lemmatizer) every answer is "no", and the rules fall back to capitalisation alone.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from pipeline.settings import model_name

# Inflections that are a verb form other than the lemma: -s, -ed, -ing (the suffix rules
# of the verb table); irregular forms come from lemma_exc.
_VERB_SUFFIXES = ("s", "ed", "ing")
_ES_STEMS = ("s", "x", "z", "ch", "sh", "o")


def _lookups_dir(model: str) -> Path | None:
    """The ``lemmatizer/lookups`` folder inside an installed model package."""
    try:
        from spacy.util import get_package_path

        root = get_package_path(model)
    except (ImportError, OSError, ValueError):
        return None
    found = sorted(root.glob("**/lemmatizer/lookups/lookups.bin"))
    return found[0].parent if found else None


@cache
def tables(model: str | None = None) -> dict[str, Any]:
    """``{"index": {pos: frozenset}, "rules": {pos: [[old, new]]}, "exc": {pos: {form:
    [lemma]}}}`` from the model's lemmatizer tables; empty when the model has none."""
    empty: dict[str, Any] = {"index": {}, "rules": {}, "exc": {}}
    where = _lookups_dir(model or model_name())
    if where is None:
        return empty
    from spacy.lookups import Lookups

    lookups = Lookups().from_disk(where)
    if not all(lookups.has_table(t) for t in ("lemma_index", "lemma_rules", "lemma_exc")):
        return empty
    index, rules, exc = (lookups.get_table(t) for t in ("lemma_index", "lemma_rules", "lemma_exc"))
    out: dict[str, Any] = {"index": {}, "rules": {}, "exc": {}}
    for pos in ("noun", "verb", "adj", "adv"):
        if pos in index:
            out["index"][pos] = frozenset(index[pos])
        if pos in rules:
            out["rules"][pos] = [tuple(r) for r in rules[pos]]
        if pos in exc:
            out["exc"][pos] = dict(exc[pos])
    return out


@lru_cache(maxsize=1 << 16)  # bounded: a long run meets ever new words
def lemmas(word: str, pos: str) -> frozenset[str]:
    """Lemmas of ``word`` (lower case) as part of speech ``pos`` that WordNet lists:
    the irregular form's lemma, or a suffix rule's result, or the word itself."""
    t = tables()
    known = t["index"].get(pos)
    if not known:
        return frozenset()
    irregular = t["exc"].get(pos, {}).get(word)
    if irregular:
        return frozenset(irregular)
    out = {word} if word in known else set()
    for old, new in t["rules"].get(pos, ()):
        if old and word.endswith(old) and len(word) > len(old) + 1:
            stem = word[: len(word) - len(old)] + new
            if old == "es" and not new and not stem.endswith(_ES_STEMS):
                continue  # "james" is no form of "jam": "-es" follows a sibilant or "o"
            if stem in known:
                out.add(stem)
    return frozenset(out)


@lru_cache(maxsize=1 << 16)  # bounded: a long run meets ever new words
def is_inflected_verb(word: str) -> bool:
    """'announces', 'signed', 'bolstering', 'brought': a verb form that is not the bare
    lemma. Bare forms ("cook", "mark") are left out: as words they are names too often."""
    t = tables()
    irregular = t["exc"].get("verb", {}).get(word)
    if irregular:
        return any(lem != word for lem in irregular)
    return word.endswith(_VERB_SUFFIXES) and any(lem != word for lem in lemmas(word, "verb"))


@lru_cache(maxsize=1 << 16)  # bounded: a long run meets ever new words
def is_past_form(word: str) -> bool:
    """'signed', 'held', 'met': a past form of a verb (-ed, or an irregular form that does
    not end like a present or a gerund). Past tense and participle look alike."""
    if not is_inflected_verb(word):
        return False
    if word.endswith("ed"):
        return True
    return word in tables()["exc"].get("verb", {}) and not word.endswith(("s", "ing"))


@lru_cache(maxsize=1 << 16)  # bounded: a long run meets ever new words
def is_gerund(word: str) -> bool:
    """'bolstering', 'strengthening': an -ing form of a listed verb."""
    return word.endswith("ing") and is_inflected_verb(word)


@lru_cache(maxsize=1 << 16)  # bounded: a long run meets ever new words
def is_base_verb(word: str) -> bool:
    """'meet', 'sign': the lemma of a listed verb (for "to" + verb)."""
    return word in tables()["index"].get("verb", frozenset())


@lru_cache(maxsize=1 << 16)  # bounded: a long run meets ever new words
def is_plural_noun(word: str) -> bool:
    """'affairs', 'nationals', 'witnesses', 'industries': a plural whose singular is a
    listed noun. '-ss', '-us', '-is' endings are singular ("Harris", "Davis", "Thomas")."""
    if not word.endswith("s") or word.endswith(("ss", "us", "is")) or len(word) < 4:
        return False
    return any(lem != word for lem in lemmas(word, "noun"))


@lru_cache(maxsize=1 << 16)  # bounded: a long run meets ever new words
def is_english_word(word: str) -> bool:
    """'summit', 'mango', 'reading': a lower-case word WordNet lists in any part of
    speech, so a town of that name needs more than the model's say-so."""
    return any(lemmas(word, pos) for pos in ("noun", "verb", "adj", "adv"))
