"""Countries: every country or economy a release names or plainly involves.

Mentions come from the curated country table (``patterns/countries.jsonl``):
- ``countries:abbrev``: abbreviations matched case-sensitively ("US", "U.S.", "ROK";
  "us" is a pronoun);
- ``countries:name``: names and aliases matched case-insensitively but written with a
  capital ("Turkey", not the bird "turkey");
- ``countries:demonym``: adjectives and plurals ("Korean companies", "Americans");
  a weak demonym ("European") counts only inside a proper name ("European
  Commission");
- ``countries:compound``: parts of a token the tokenizer left whole ("U.S.-led").

False hits are dropped by rule, never by word: a country inside a longer place name
("New Mexico", "Indian Ocean", "Central America") loses to that name; a country
inside a person's name ("Michael Jordan") loses to the person; a country name that
is also a U.S. state ("Georgia") is the state when the text is about U.S. states.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.components.base import (
    Ent,
    add_span,
    check_data_files,
    doc_ents,
    doc_text,
    spans_of,
    token_indices,
)
from pipeline.normalize.countries import (
    combining_forms,
    country_code,
    country_name,
    demonym_forms,
    fold,
    is_abbreviation,
    rows,
    split_compound,
    weak_demonyms,
)
from pipeline.normalize.geo import blocker_phrases, us_state_context, us_state_names
from pipeline.record import mentions_json

if TYPE_CHECKING:
    from pipeline.record import Candidate, Context

# Phrases that contain a demonym but name no country as a party.
NON_COUNTRY_PHRASES: tuple[str, ...] = (
    "Native American",
    "Native Americans",
    "African American",
    "African Americans",
    "Asian American",
    "Asian Americans",
    "American Indian",
    "American Indians",
    "Pan-American",
    "Pan American",
    "Indian Country",
    "Indian tribes",
)
# A demonym before one of these names a style or product, not a party: "Irish whisky"
# (a protected spirit name) involves no Irish party; "Korean companies" does.
PRODUCT_NOUNS = frozenset(
    {
        "whisky",
        "whiskey",
        "wine",
        "wines",
        "spirits",
        "brandy",
        "vodka",
        "beer",
        "cheese",
        "ham",
        "cuisine",
        "food",
        "dishes",
        "tea",
        "coffee",
        "language",
        "style",
        "breed",
        "yogurt",
        "fries",
        "pastry",
        "rum",
    }
)
_SEP = re.compile(r"[-‐‑–—/]")


@cache
def _forms() -> tuple[tuple[str, str, str], ...]:
    """(surface form, code, rule) for every way the table writes a country."""
    out: list[tuple[str, str, str]] = []
    for row in rows():
        code = str(row["code"])
        for form in [str(row["name"]), *(str(a) for a in row["aliases"])]:  # type: ignore[attr-defined]
            form = re.sub(r"^(?:the|The)\s+", "", form)
            out.append((form, code, "abbrev" if is_abbreviation(form) else "name"))
        for dem in demonym_forms(row):
            out.append((dem, code, "demonym"))
        for dem in row.get("weak_demonyms", []):  # type: ignore[attr-defined]
            out.append((str(dem), code, "weak"))
    return tuple(out)


class CountriesComponent:
    """Marks country mentions with ``code`` in ``doc.spans["tf_countries"]``."""

    def __init__(self, nlp: Language, name: str, data_files: list[str] | None = None) -> None:
        self.name = name
        self.data_files = check_data_files("tf_countries", data_files)
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.labels: dict[str, tuple[str, str]] = {}
        by_label: dict[str, list[str]] = {}
        for form, code, rule in _forms():
            label = f"{code}|{rule}"
            self.labels[label] = (code, rule)
            by_label.setdefault(label, []).append(form)
        for label, forms in by_label.items():
            # "People’s Republic of China" is written with either apostrophe; the
            # matcher compares token texts, so both spellings go in.
            variants = [v for f in forms for v in (f, f.replace("'", "’"))]
            docs = [nlp.make_doc(f) for f in dict.fromkeys(variants)]
            (self.exact if label.endswith("|abbrev") else self.folded).add(label, docs)
        blockers = [p for p in blocker_phrases() if country_code(p) is None]
        blockers += list(NON_COUNTRY_PHRASES)
        self.folded.add("BLOCK", [nlp.make_doc(p) for p in dict.fromkeys(blockers)])
        self.weak = weak_demonyms()
        self.state_names = frozenset(fold(n) for n in us_state_names())

    def __call__(self, doc: Doc) -> Doc:
        vocab = doc.vocab
        spans: list[Span] = []
        for match_id, start, end in [*self.exact(doc), *self.folded(doc)]:
            spans.append(Span(doc, start, end, label=vocab.strings[match_id]))
        persons = doc_ents(doc, "PERSON")
        text = ""  # doc.text joins every token: build it only when a rule needs it
        for span in filter_spans(spans):
            if span.label_ == "BLOCK":
                continue
            code, rule = self.labels[span.label_]
            if not self._keep(doc, span, rule, persons):
                continue
            if fold(span.text) in self.state_names:
                text = text or doc_text(doc)
                if us_state_context(text, span.start_char, span.end_char):
                    continue  # "Georgia" among U.S. states is the state (tf_places)
            add_span(
                doc, "countries", span.start_char, span.end_char, f"countries:{rule}", code=code
            )
        self._compounds(doc)
        return doc

    def _keep(self, doc: Doc, span: Span, rule: str, persons: list[Ent]) -> bool:
        """Case and context checks that separate a country from a look-alike."""
        if rule != "abbrev" and not span.text[0].isupper():
            return False
        for ent in persons:
            if ent.start <= span.start and span.end <= ent.end and len(ent) > len(span):
                return False
        nxt_tok = doc[span.end] if span.end < len(doc) else None
        if rule == "demonym" and nxt_tok is not None and nxt_tok.lower_ in PRODUCT_NOUNS:
            return False
        if rule == "weak":
            # "European Commission" names the EU; "European markets" names a continent.
            nxt = doc[span.end] if span.end < len(doc) else None
            return nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha
        return True

    def _compounds(self, doc: Doc) -> None:
        """Country parts of tokens the tokenizer kept whole ("U.S.-led", "EU/US")."""
        taken = {s.start for s in spans_of(doc, "countries")}
        prefixes = combining_forms()
        for i in token_indices(doc, prefixes.__contains__):
            if i + 2 >= len(doc):
                continue
            tok = doc[i]
            # "Indo-US", "Sino-American": the prefix names a country beside another.
            hyphen, other = doc[tok.i + 1], doc[tok.i + 2]
            if (
                hyphen.text in ("-", "‐", "‑", "–")
                and not tok.whitespace_
                and not hyphen.whitespace_
                and other.i in taken
            ):
                add_span(
                    doc,
                    "countries",
                    tok.idx,
                    tok.idx + len(tok.text),
                    "countries:compound",
                    code=prefixes[tok.text],
                )
        for i in token_indices(doc, lambda w: len(w) >= 4 and _SEP.search(w) is not None):
            tok = doc[i]
            if i in taken:
                continue
            for start, end, code in split_compound(tok.text):
                if tok.text[start].isupper():
                    add_span(
                        doc,
                        "countries",
                        tok.idx + start,
                        tok.idx + end,
                        "countries:compound",
                        code=code,
                    )


@Language.factory(
    "tf_countries",
    default_config={"data_files": ["countries.jsonl", "places.jsonl", "us_states.jsonl"]},
    assigns=["doc.spans", "doc._.tf_countries"],
)
def make_countries(nlp: Language, name: str, data_files: list[str]) -> CountriesComponent:
    return CountriesComponent(nlp, name, data_files)


def resolve(cands: list[Candidate], ctx: Context) -> list[dict[str, Any]]:
    """One fact per code, every mention kept, in order of first mention."""

    by_code: dict[str, list[Candidate]] = {}
    for cand in cands:
        code = cand.attrs.get("code")
        if isinstance(code, str) and code:
            by_code.setdefault(code, []).append(cand)
    facts: list[dict[str, Any]] = []
    for code, group in by_code.items():
        facts.append(
            {
                "code": code,
                "name": country_name(code),
                "mentions": mentions_json(c.mention for c in group),
                "source": group[0].source,
            }
        )
    return facts
