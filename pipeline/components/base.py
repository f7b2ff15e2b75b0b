"""What every component shares: span keys, the ``._.tf`` attribute, span helpers.

A component marks what it found as spans in ``doc.spans[SPAN_KEYS[type]]``, a key
named after the component (``tf_places`` holds locations; ``tf_bodies`` holds both
working groups and dialogues); the span's label is its fact type. Each
span carries ``span._.tf``: a dict with ``source`` (the rule id, "component:rule",
or "model:<name>") and the attributes the fact assembly needs. Exact character
offsets that do not fall on token boundaries ("Korea" inside "U.S.-Korea") go in
``start``/``end`` of that dict; otherwise the span's own offsets are used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache
from typing import Any, NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.normalize import lexicon
from pipeline.patterns.load import PatternError, load_jsonl, pattern_files
from pipeline.record import Candidate

SPAN_KEYS: dict[str, str] = {
    "boilerplate": "tf_boilerplate",
    "officials": "tf_officials",
    "organizations": "tf_organizations",
    "locations": "tf_places",
    "countries": "tf_countries",
    "dates": "tf_dates",
    "working_groups": "tf_bodies",
    "dialogues": "tf_bodies",
    "events": "tf_events",
    "agreements": "tf_agreements",
}

if not Span.has_extension("tf"):
    Span.set_extension("tf", default=None)


def span_group(key: str) -> Callable[[Doc], list[Span]]:
    """A getter for ``doc._.<key>``: the spans of ``doc.spans[key]`` (empty before the
    component ran). spaCy's ``assigns``/``requires`` accept only top-level attributes
    ("doc.spans"), so each span key is also a Doc extension that components declare:
    ``nlp.analyze_pipes()`` then checks that a reader runs after the writer."""

    def get(doc: Doc) -> list[Span]:
        return list(doc.spans[key]) if key in doc.spans else []

    return get


for _key in dict.fromkeys(SPAN_KEYS.values()):
    if not Doc.has_extension(_key):
        Doc.set_extension(_key, getter=span_group(_key))


def check_data_files(factory: str, named: Sequence[str] | None = None) -> tuple[str, ...]:
    """The data files (``pipeline/patterns``) the rules of ``factory`` read, as its config
    names them. The rules load them by fixed names through shared cached loaders, so the
    config records the dependency (and a saved pipeline's config.cfg with it) rather than
    choosing files: another list fails loudly instead of being silently ignored, and so
    does a named file the package lacks."""
    default = tuple(Language.get_factory_meta(factory).default_config["data_files"])
    files = default if named is None else tuple(named)
    if sorted(files) != sorted(default):
        raise ValueError(
            f"{factory}: data_files {list(files)} differ from the files its rules read "
            f"{list(default)}; reading other files needs a code change"
        )
    missing = sorted(set(files) - set(pattern_files()))
    if missing:
        raise PatternError(f"{factory}: data files not in pipeline/patterns: {missing}")
    return files


def add_span(
    doc: Doc,
    fact_type: str,
    start_char: int,
    end_char: int,
    source: str,
    **attrs: Any,
) -> Span | None:
    """Mark ``doc.text[start_char:end_char]`` as a candidate of ``fact_type``.

    The span is the smallest token span covering the characters; the exact
    characters are kept in ``_.tf`` so mentions stay character-true. Returns None
    for an empty or out-of-range request.
    """
    doc_len = len(doc_text(doc))  # cached: doc.text rebuilds the whole text per access
    if not (0 <= start_char < end_char <= doc_len):
        return None
    exact = f"{start_char}:{end_char}"
    span = doc.char_span(
        start_char, end_char, label=fact_type, span_id=exact, alignment_mode="expand"
    )
    if span is None:
        return None
    info: dict[str, Any] = {"source": source, **attrs}
    if span.start_char != start_char or span.end_char != end_char:
        info["start"] = start_char
        info["end"] = end_char
    # spaCy keys span extension values by the span's character offsets only: two types
    # (or two parts of one token, "EU/US") on the same tokens would share one dict, so
    # keep one per fact type and exact characters (the span's id).
    by_key = dict(span._.tf or {})
    by_key[f"{fact_type}|{exact}"] = info
    span._.tf = by_key
    key = SPAN_KEYS[fact_type]
    if key not in doc.spans:
        doc.spans[key] = []
    doc.spans[key].append(span)
    return span


def span_info(span: Span) -> dict[str, Any]:
    """The ``_.tf`` dict of a span for its own type (its label), never None."""
    return (span._.tf or {}).get(f"{span.label_}|{span.id_}") or {}


def char_bounds(span: Span) -> tuple[int, int]:
    """Exact character bounds of a candidate span."""
    info = span_info(span)
    return int(info.get("start", span.start_char)), int(info.get("end", span.end_char))


def spans_of(doc: Doc, fact_type: str) -> list[Span]:
    """The candidate spans of a type (empty when the component did not run): its
    component's span key, filtered by label, since one key may hold several types."""
    key = SPAN_KEYS[fact_type]
    if key not in doc.spans:
        return []
    return [s for s in doc.spans[key] if s.label_ == fact_type]


def in_boilerplate(doc: Doc, start_char: int, end_char: int) -> bool:
    """Whether characters fall in a region the boilerplate component set aside."""
    return any(
        s.start_char <= start_char and end_char <= s.end_char for s in spans_of(doc, "boilerplate")
    )


def overlaps(a: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    """Whether the character range ``a`` overlaps any of ``spans``."""
    return any(a[0] < e and s < a[1] for s, e in spans)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document: spaCy joins every token on each access, and
    components read the text many times. Keyed by the Doc's identity, because a copied
    ``user_data`` must not lend one Doc's text to another."""
    cached = doc.user_data.get("tf_text")
    if isinstance(cached, tuple) and cached[0] == id(doc):
        return cached[1]
    text = doc.text
    doc.user_data["tf_text"] = (id(doc), text)
    return text


def doc_words(doc: Doc) -> list[str]:
    """Token texts, built once per document: later scans over strings cost a fraction of
    scans over Token objects, which spaCy creates anew on every iteration."""
    cached = doc.user_data.get("tf_words")
    if isinstance(cached, tuple) and cached[0] == id(doc):
        return cached[1]
    words = [t.text for t in doc]  # one pass (faster than StringStore lookups per ORTH)
    doc.user_data["tf_words"] = (id(doc), words)
    return words


class Ent(NamedTuple):
    """A model entity as plain values (the attributes rules read of a Span)."""

    start: int
    end: int
    start_char: int
    end_char: int
    label_: str

    def __len__(self) -> int:  # tokens, as for a Span
        return self.end - self.start


def doc_ents(doc: Doc, *labels: str) -> list[Ent]:
    """The model's entities (of ``labels``, or all), read once per document: every access
    to ``doc.ents`` builds a Span per entity and a Token per position, and the rules ask
    fifteen times a document. Plain tuples: no reference back to the Doc."""
    cached = doc.user_data.get("tf_ents")
    if isinstance(cached, tuple) and cached[0] == id(doc):
        ents = cached[1]
    else:
        ents = tuple(Ent(e.start, e.end, e.start_char, e.end_char, e.label_) for e in doc.ents)
        doc.user_data["tf_ents"] = (id(doc), ents)
    return [e for e in ents if e.label_ in labels] if labels else list(ents)


def lower_words(doc: Doc) -> frozenset[str]:
    """Words the release itself writes in lower case, built once per document: evidence
    that a capitalised one is a common word ("Digital Commerce" beside "digital")."""
    vocab = doc.user_data.get("tf_lower_words")
    if vocab is None:
        vocab = frozenset(w for w in doc_words(doc) if w.islower() and w.isalpha())
        doc.user_data["tf_lower_words"] = vocab
    return vocab


_OPENERS = frozenset({'"', "“", "‘", "'", "(", "[", "-", "–", "—", "•", "*", ":"})


def capital_is_no_evidence(tok: Token) -> bool:
    """A capital shows nothing at a sentence or line start or on a title-case line."""
    if tok.i == 0 or tok.is_sent_start:
        return True
    prev = tok.doc[tok.i - 1].text
    if "\n" in prev or prev in _OPENERS or prev in (".", "!", "?"):
        return True
    return in_headline(doc_text(tok.doc), tok.idx)


def is_propn(tok: Token) -> bool:
    """A proper noun without a tagger (#13: the tagger and its tok2vec cost a fifth of
    extraction time): capitalised and no function word; where a capital shows nothing
    (sentence start, headline) also a word the release never writes in lower case and
    no verb form. Acronyms ("USTR", "U.S.") count."""
    text = tok.text
    if not text[:1].isupper():
        return False
    lower = tok.lower_
    if lower in STOP_WORDS and not (text.isupper() and len(text) > 1):
        return False
    if not capital_is_no_evidence(tok):
        return True
    return lower not in lower_words(tok.doc) and not lexicon.is_inflected_verb(lower)


def is_plural_propn(tok: Token) -> bool:
    """'Affairs', 'Nationals', 'Emirates': a capitalised plural of a listed noun, which
    ends a portfolio and starts no person's name."""
    return tok.text[:1].isupper() and lexicon.is_plural_noun(tok.lower_)


def is_verb(tok: Token) -> bool:
    """An inflected verb form ("Announces", "signed", "Bolstering") where it reads as a
    verb: in lower case, or where a capital shows nothing ("Jane Doe Announces Deal")."""
    if not lexicon.is_inflected_verb(tok.lower_):
        return False
    return not tok.text[:1].isupper() or capital_is_no_evidence(tok)


def candidates_from_doc(doc: Doc, offset: int = 0) -> list[Candidate]:
    """Every candidate span of ``doc``, offsets shifted by ``offset``, in text order."""
    out: list[Candidate] = []
    text = doc_text(doc)  # a property that joins every token: read it once
    for key in dict.fromkeys(SPAN_KEYS.values()):  # each key once; it may hold several types
        if key not in doc.spans:
            continue
        for span in doc.spans[key]:
            fact_type = span.label_
            info = dict(span_info(span))
            start, end = char_bounds(span)
            info.pop("start", None)
            info.pop("end", None)
            source = str(info.pop("source", "unknown"))
            out.append(
                Candidate(
                    type=fact_type,
                    start=start + offset,
                    end=end + offset,
                    text=text[start:end],
                    source=source,
                    attrs=info,
                )
            )
    out.sort(key=lambda c: (c.start, -c.end, c.type))
    return out


def token_indices(doc: Doc, keep: Callable[[str], bool]) -> list[int]:
    """Indices of the tokens whose text passes ``keep``, testing each distinct word once.

    Iterating a Doc builds a Token per position, which costs more than the rules do.
    """
    words = doc_words(doc)
    good = {w for w in set(words) if keep(w)}
    return [i for i, w in enumerate(words) if w in good] if good else []


def in_headline(text: str, pos: int) -> bool:
    """Whether ``pos`` sits on a short title-case line (headline, NER is unreliable there).
    An initial ("Donald J. Roe") is no sentence punctuation."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    return _headline_line(text[line_start : line_end if line_end >= 0 else len(text)])


@lru_cache(maxsize=4096)
def _headline_line(line: str) -> bool:
    """``in_headline`` for one line: rules ask about the same lines again and again."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", line) if len(w) > 3]
    if (
        len(line) > 250
        or len(words) < 4
        or re.search(r"[.!?][\s\"”’]*$|(?<!\s[A-Z])\.\s", line.strip())
    ):
        return False  # headlines carry no sentence punctuation
    return sum(1 for w in words if w[0].isupper()) / len(words) >= 0.75


@cache
def org_head_words() -> frozenset[str]:
    """Head nouns of organization names (``org_heads.jsonl``): words no person name holds."""
    rows = load_jsonl("org_heads.jsonl", required=("head", "type"))
    return frozenset(r["head"] for r in rows)


@cache
def org_filter_words(kind: str) -> frozenset[str]:
    """One word class of ``org_filters.jsonl`` ("not_org_head", "generic_alone", ...)."""
    rows = load_jsonl("org_filters.jsonl", required=("kind", "words"))
    return frozenset(w for r in rows if r["kind"] == kind for w in r["words"])


@cache
def _org_head_types() -> dict[str, str]:
    rows = load_jsonl("org_heads.jsonl", required=("head", "type"))
    return {r["head"]: r["type"] for r in rows}


def org_head_type(word: str) -> str | None:
    """The organization type a head noun marks ("Ministry" -> government), else None."""
    return _org_head_types().get(word)
