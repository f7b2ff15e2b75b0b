"""Working groups and dialogues, found by their shape, never from a list of names.

Both are capitalised name runs ending in a head word: a working-group kind
("working group", "Sub-Working group", "Task Force", a gated "Committee") or a
dialogue head ("Dialogue", "Partnership", a bare "Ministerial", ...). Rules read
the run's shape (country compound prefix, acronym in parentheses, a dialogue
acronym in front, an enumeration after a plural kind, the words just before it)
rather than any name. The vocabulary (kinds, heads, stop words, cue words) is
closed-class data in ``patterns/bodies.jsonl``; the name-run toolkit shared with
the events and agreements components lives in ``shapes``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.base import add_span, check_data_files
from pipeline.components.shapes import (
    APOSTROPHES,
    DASHES,
    PAREN_ACRONYM,
    WgKind,
    acronym_start,
    char_range,
    countries_between,
    country_code_of,
    country_prefix,
    dialogue_heads,
    doc_lowers,
    head_class,
    head_classes,
    in_title_line,
    is_acronym_text,
    is_name_word,
    is_stop,
    left_start,
    ordinal_value,
    paren_acronym,
    right_end,
    sentence_span,
    span_text,
    standing_after,
    standing_context,
    wg_kinds,
    wg_last_words,
    word_set,
)
from pipeline.normalize.names import clean_name, name_key
from pipeline.record import mentions_json

if TYPE_CHECKING:
    from pipeline.record import Candidate, Context


# -- the component ------------------------------------------------------------------------


@dataclass(slots=True)
class _Dialogue:
    start: int  # token bounds of the mention
    end: int
    name: str
    acronym: str | None
    rule: str
    countries: list[str]
    core: str  # the name after its country compound ("Supply Chain and Commercial Dialogue")


class BodiesComponent:
    """Marks dialogue and working-group candidates in ``tf_bodies`` (the label tells them apart)."""

    def __init__(self, nlp: Language, name: str, data_files: list[str] | None = None) -> None:
        self.name = name
        self.data_files = check_data_files("tf_bodies", data_files)
        wg_kinds()
        dialogue_heads()
        head_classes()

    def __call__(self, doc: Doc) -> Doc:
        dialogues = find_dialogues(doc)
        acronyms = {d.acronym for d in dialogues if d.acronym}
        for d in dialogues:
            a, b = char_range(doc, d.start, d.end)
            add_span(
                doc,
                "dialogues",
                a,
                b,
                f"bodies:{d.rule}",
                name=d.name,
                acronym=d.acronym,
                countries=d.countries,
                core=d.core,
            )
        marked = [char_range(doc, d.start, d.end) for d in dialogues]
        folded = {a.lower() for a in acronyms}
        for i, low in enumerate(doc_lowers(doc)):
            if low not in folded:
                continue
            tok = doc[i]
            if tok.text in acronyms and not any(s <= tok.idx < e for s, e in marked):
                add_span(
                    doc,
                    "dialogues",
                    tok.idx,
                    tok.idx + len(tok.text),
                    "bodies:dialogue_acronym",
                    name=tok.text,
                    acronym=tok.text,
                    acronym_only=True,
                )
        find_working_groups(doc, acronyms)
        return doc


@Language.factory(
    "tf_bodies",
    default_config={
        "data_files": [
            "agreements.jsonl",
            "bodies.jsonl",
            "countries.jsonl",
            "events.jsonl",
        ]
    },
    assigns=["doc.spans", "doc._.tf_bodies"],
)
def make_bodies(nlp: Language, name: str, data_files: list[str]) -> BodiesComponent:
    return BodiesComponent(nlp, name, data_files)


# -- dialogues ----------------------------------------------------------------------------


def _is_head_end(doc: Doc, i: int) -> bool:
    """The head word ends the compound: no name token follows (an "(ACR)" may)."""
    if i + 1 >= len(doc):
        return True
    nxt = doc[i + 1]
    if nxt.text in APOSTROPHES or nxt.text in DASHES:
        return not (i + 2 < len(doc) and is_name_word(doc[i + 2]) and not nxt.whitespace_)
    return not is_name_word(nxt)


def _preceded_by(doc: Doc, a: int, words: Iterable[str], reach: int = 3) -> bool:
    wanted = set(words)
    for k in range(a - 1, max(-1, a - 1 - reach), -1):
        if doc[k].is_space or doc[k].text in (".", ";", ":"):
            return False
        if doc[k].lower_ in wanted:
            return True
    return False


def _coordinated_head(doc: Doc, i: int) -> bool:
    """ "Ministerial and Business Roundtables": the head modifies a plural noun further on."""
    if i + 2 >= len(doc) or doc[i + 1].lower_ not in ("and", "&", "or"):
        return False
    end = right_end(doc, i + 2)
    if end <= i + 2:
        return False
    last = doc[end - 1].lower_
    return last.endswith("s") and (
        head_classes().get(last[:-1]) is not None or head_classes().get(last) is not None
    )


def _after_named_dialogue(doc: Doc, a: int, i: int) -> bool:
    """ "X Framework (ABC) Ministerial": a head after a dialogue's own "(ACR)" is the kind
    of a meeting of that dialogue, not a second name."""
    return any(doc[k].text == "(" and head_class(doc[k - 1]) == "dialogue" for k in range(a + 1, i))


def _inside_agreement_name(doc: Doc, a: int) -> bool:
    """ "Agreement for Trans-Pacific Partnership": the head ends an agreement's name."""
    k = a - 1
    if k >= 0 and doc[k].lower_ == "the":
        k -= 1
    return (
        k >= 1
        and doc[k].lower_ in ("for", "on", "of", "to")
        and head_class(doc[k - 1]) == ("agreement")
    )


def _compound_start(doc: Doc, a: int, i: int) -> int:
    """Where a country compound starts inside the run ``a..i`` ("Round of U.S.-Germany X
    Dialogue" -> "U.S.-Germany"): words before it are headline or sentence material."""
    if country_prefix(doc, a, i)[0]:
        return a
    for k in range(a + 1, i):
        if doc[k - 1].text in DASHES or not is_name_word(doc[k]):
            continue
        if len(country_prefix(doc, k, i)[0]) >= 2:
            return k
    return a


def _skip_ordinal(doc: Doc, a: int, i: int) -> int:
    """A leading ordinal or year is the session, not the mechanism ("2nd X Dialogue")."""
    while a < i - 1 and (ordinal_value(doc[a].text) or (doc[a].is_digit and len(doc[a]) == 4)):
        a += 1
    return a


def _tail(doc: Doc, e: int) -> int:
    """End of an "on X"/"for X" tail after a head; a "(ACR)" ends it (it names the head)."""
    nxt = e + 1
    if nxt < len(doc) and doc[nxt].lower_ == "the":
        nxt += 1
    end = right_end(doc, nxt)
    for k in range(nxt, end):
        if doc[k].text == "(":
            end = k
            break
    return end if end > nxt else e


def find_dialogues(doc: Doc) -> list[_Dialogue]:
    """Dialogue mentions: capitalised head word, the run before it, an optional tail."""
    heads = dialogue_heads()
    private = word_set("private_modifier")
    found: list[_Dialogue] = []
    lowers = doc_lowers(doc)
    lower_heads, sessions = word_set("lower_mechanism_head"), word_set("mechanism_head")
    for i, low in enumerate(lowers):
        if low in lower_heads and doc[i].text.islower():
            described = _described_mechanism(doc, i)
            if described is not None:
                found.append(described)
            continue
        rule = heads.get(low)
        if rule is None:
            if low in sessions and doc[i].text[:1].isupper():
                session = _numbered_session(doc, i)
                if session is not None:
                    found.append(session)
            continue
        tok = doc[i]
        if not tok.text[:1].isupper() or not _is_head_end(doc, i):
            continue
        if tok.text.isupper() and rule != "always":
            continue  # an all-capitals heading ("MARITIME PARTNERSHIP") is not a name
        if rule == "ministerial_body" and (i == 0 or lowers[i - 1] != "ministerial"):
            continue  # only a "Ministerial Committee" is a mechanism; other committees are not
        if _coordinated_head(doc, i):
            continue
        if _after_named_dialogue(doc, left_start(doc, i), i):
            continue
        a = _skip_ordinal(doc, _compound_start(doc, left_start(doc, i), i), i)
        if _inside_agreement_name(doc, a):
            continue
        e = i + 1
        tail = doc[e].lower_ if e < len(doc) else ""
        if rule != "standing" and (
            tail in ("for", "on") or (tail, tok.lower_) == ("to", "initiative")
        ):
            e = _tail(doc, e)
        if a == i and e == i + 1:
            continue  # a bare "the Dialogue": not a name
        codes, core = country_prefix(doc, a, i)
        words = [t for t in doc[core:i] if is_name_word(t)]
        if rule in ("partnership", "framework") and a > 0 and lowers[a - 1] in ("a", "an"):
            continue  # "an Arrangement for a Research Partnership": a kind, not a name
        if rule == "partnership":
            if e == i + 1 and not words:
                continue
            if _preceded_by(doc, a, ("new", "launched", "launch", "launching", "launches")):
                continue  # a partnership being launched is an agreement
        elif rule == "compound":
            between = countries_between(doc, e)
            if (
                len(codes) < 2
                and not any(t.lower_ in word_set("intergovernmental") for t in doc[a:i])
                and not between
                and not standing_after(doc, e, habitual=False)
            ):
                continue
            if lowers[i - 1] in private:
                continue  # "X-Y Business Council": an organization
            codes = codes or between
        elif rule == "standing":
            if not standing_context(doc, a) and not standing_after(doc, e):
                continue
        elif rule == "framework" and (len(words) < 2 or tok.text.isupper()):
            continue
        if tok.lower_ == "ministerial" and a == i:
            continue
        acr = paren_acronym(doc, e)
        acronym = acr[1] if acr else None
        if acronym is None:
            inner = PAREN_ACRONYM.search(span_text(doc, a, e))
            acronym = inner.group(1) if inner else None
        name = span_text(doc, a, e)
        core_text = span_text(doc, core, e) if core < e else name
        found.append(_Dialogue(a, e, name, acronym, f"dialogue_{rule}", codes, core_text))
    return _unsupported_headlines(doc, _first_of_overlaps(found))


def _numbered_session(doc: Doc, i: int) -> _Dialogue | None:
    """ "the 3rd Canada-Chile Ministerial Roundtable (CCMR)": a numbered session between
    countries shows a standing mechanism; the name without the ordinal is the dialogue."""
    if not _is_head_end(doc, i):
        return None
    a = left_start(doc, i)
    if a < i and ordinal_value(doc[a].text):
        core = a + 1
    elif a > 0 and ordinal_value(doc[a - 1].text):
        core = a
    else:
        return None
    codes, after = country_prefix(doc, core, i)
    if len(codes) < 2 or after >= i + 1:
        return None
    e = i + 1
    acr = paren_acronym(doc, e)
    return _Dialogue(
        core,
        e,
        span_text(doc, core, e),
        acr[1] if acr else None,
        "dialogue_numbered_session",
        codes,
        span_text(doc, after, e),
    )


def _described_mechanism(doc: Doc, i: int) -> _Dialogue | None:
    """ "the X-Y initiative on Critical Technology (ACR)": a lower-case head between a
    country compound and an "on X" tail, with an acronym defined for the whole."""
    if i == 0 or i + 2 >= len(doc) or doc[i + 1].lower_ not in ("on", "for"):
        return None
    a = left_start(doc, i, anchor=True)
    codes, after = country_prefix(doc, a, i)
    if len(codes) < 2 or after != i:
        return None
    e = _tail(doc, i + 1)
    acr = paren_acronym(doc, e) if e > i + 1 else None
    if acr is None:
        return None
    return _Dialogue(
        a, e, span_text(doc, a, e), acr[1], "dialogue_described", codes, span_text(doc, i, e)
    )


def _first_of_overlaps(found: list[_Dialogue]) -> list[_Dialogue]:
    """Of two overlapping candidates the earlier one is the name; the later head is the
    kind of a meeting of it ("X Framework for Prosperity (ABC) Ministerial")."""
    out: list[_Dialogue] = []
    for d in sorted(found, key=lambda d: (d.start, -d.end)):
        if out and d.start < out[-1].end:
            continue
        out.append(d)
    return out


def _unsupported_headlines(doc: Doc, found: list[_Dialogue]) -> list[_Dialogue]:
    """A headline capitalises every word, so a partnership, framework or council found only
    in a title-case line needs support: an acronym, or the same name capitalised in the body."""
    weak = ("dialogue_partnership", "dialogue_framework", "dialogue_compound")
    body = {tuple(name_key(d.core).split()[-2:]) for d in found if not in_title_line(doc, d.start)}
    out = []
    for d in found:
        if (
            d.rule in weak
            and not d.acronym
            and in_title_line(doc, d.start)
            and tuple(name_key(d.core).split()[-2:]) not in body
        ):
            continue
        out.append(d)
    return out


# -- working groups -----------------------------------------------------------------------


def _kind_at(doc: Doc, i: int) -> tuple[int, WgKind] | None:
    """The longest working-group kind phrase ending at token ``i``: (first token, kind)."""
    if doc_lowers(doc)[i].split("-")[-1] not in wg_last_words():
        return None
    kinds = wg_kinds()
    best: tuple[int, WgKind] | None = None
    for a in range(i, max(-1, i - 6), -1):
        text = doc[a : i + 1].text.lower()
        if text in kinds:
            best = (a, kinds[text])
    return best


def _focus(doc: Doc, e: int) -> str | None:
    """What a group is about, when the text says so right after it.

    "(with a focus on X)" or "(focusing on X)"; ", with a focus on X"; "charged
    with X". A bare ", focusing on X" usually describes the sentence's discussions,
    not the group, so it is not read.
    """
    k = e
    closing = None
    leads = sorted(word_set("focus_lead"), key=len, reverse=True)
    if k < len(doc) and doc[k].text == "(":
        closing = ")"
        k += 1
    elif k < len(doc) and doc[k].text == ",":
        k += 1
        leads = [lead for lead in leads if lead.startswith("with ")]
    else:
        leads = [lead for lead in leads if not lead.startswith(("with ", "focus"))]
    for lead in leads:
        words = lead.split()
        if [t.lower_ for t in doc[k : k + len(words)]] == words:
            start = k + len(words)
            stop = start
            while stop < len(doc):
                t = doc[stop]
                if t.is_space or t.text in (")", ".", ";", ",") or t.text == closing:
                    break
                stop += 1
            if stop > start:
                return span_text(doc, start, stop)
    return None


def _dialogue_link(doc: Doc, e: int) -> str | None:
    """'... of the U.S.-Morocco Strategic Dialogue' / 'under the X Dialogue' after a group."""
    if e + 1 >= len(doc) or doc[e].lower_ not in ("of", "under"):
        return None
    k = e + 1
    if doc[k].lower_ == "the":
        k += 1
    end = right_end(doc, k)
    if end > k and head_class(doc[end - 1]) in ("dialogue", "wg"):
        return span_text(doc, k, end)
    return None


def _under_agreement(doc: Doc, e: int) -> bool:
    """ "... under the X Free Trade Agreement", "established under the Agreement": a committee
    that an agreement sets up is a working group (with no dialogue)."""
    k = e
    if k < len(doc) and doc[k].lower_ in ("established", "set", "created", "constituted"):
        k += 2 if doc[k].lower_ == "set" else 1
    if k + 2 >= len(doc) or doc[k].lower_ != "under":
        return False
    k += 1
    if doc[k].lower_ == "the":
        k += 1
    end = right_end(doc, k)
    return end > k and head_class(doc[end - 1]) == "agreement" and doc[end - 1].text[0].isupper()


def _gate(doc: Doc, start: int, a: int, dialogue: str | None, kind: WgKind) -> bool:
    """A committee is a working group only under a dialogue or between countries:
    "Joint Committee", "U.S.-Japan X Committee", "Subcommittee on X under the Y";
    "Senate Finance Committee" is a body of its own (an organization)."""
    return bool(
        dialogue
        or len(country_prefix(doc, start, a)[0]) >= 2
        or any(t.lower_ in ("joint", "bilateral", "trilateral") for t in doc[start:a])
    )


def _split_dialogue(doc: Doc, a: int, b: int, acronyms: set[str]) -> tuple[int, str | None]:
    """A dialogue name or acronym in front of a group's name: (name start, dialogue)."""
    for k in range(b - 1, a - 1, -1):
        if head_class(doc[k]) == "dialogue" and k + 1 < b:
            return k + 1, span_text(doc, a, k + 1)
    if b - a >= 2 and doc[a].text in acronyms:
        return a + 1, doc[a].text
    return a, None


def _lowercase_modifiers(doc: Doc, a: int) -> int | None:
    """Start of 'a critical minerals' style modifiers before a kind (after a determiner)."""
    dets = word_set("determiner")
    k = a - 1
    while k >= 0 and a - k <= 5:
        tok = doc[k]
        if tok.lower_ in dets:
            break
        if not (tok.text.islower() and (tok.is_alpha or "-" in tok.text)) and tok.text != "-":
            return None
        k -= 1
    else:
        return None
    if k < 0 or k == a - 1:
        return None
    start = k + 1
    generic = word_set("generic_modifier")
    while start < a and (doc[start].lower_ in generic or doc[start].text == "-"):
        start += 1
    return start if start < a else None


def _lowercase_topic(doc: Doc, e: int) -> tuple[int, int] | None:
    """Token bounds of the topic in "a working group on semiconductor supply chains".

    Lower-case or capitalised words up to a clause boundary; nothing when the topic
    starts with a pronoun or determiner ("on this issue", "on its findings").
    """
    if e + 1 >= len(doc) or doc[e].lower_ not in ("on", "for"):
        return None
    k = e + 1
    if doc[k].lower_ == "the" and k + 1 < len(doc):
        k += 1
    if doc[k].lower_ in word_set("determiner") or doc[k].lower_ in word_set("name_stop"):
        return None
    stop = k
    while stop < len(doc) and stop - k < 6:
        t = doc[stop]
        stops = word_set("name_stop") | word_set("topic_stop")
        if not (t.is_alpha or t.text == "-") or t.lower_ in stops:
            break
        stop += 1
    while stop > k and doc[stop - 1].text == "-":
        stop -= 1
    return (k, stop) if stop > k else None


def _only_countries(doc: Doc, a: int, b: int) -> bool:
    _codes, end = country_prefix(doc, a, b)
    rest = [t for t in doc[end:b] if is_name_word(t) and t.lower_ not in ("joint", "bilateral")]
    return not rest


def find_working_groups(doc: Doc, acronyms: set[str]) -> None:
    """Mark working-group candidates: named groups, enumerations, bare anaphors."""
    n = len(doc)
    last_words = wg_last_words()
    lowers = doc_lowers(doc)
    i = 0
    while i < n:
        # the kind's last word first: one string test per token before any phrase lookup
        found = _kind_at(doc, i) if lowers[i].split("-")[-1] in last_words else None
        if found is None:
            i += 1
            continue
        a, kind = found
        cap = doc[a].text[:1].isupper()
        if kind.plural:
            _enumeration(doc, a, i, kind, acronyms)
            i += 1
            continue
        e = i + 1
        # "Task Force on Leather Exports": the kind leads, the topic follows.
        if cap and e + 1 < n and doc[e].lower_ in ("on", "for"):
            k = e + 1
            if doc[k].lower_ == "the":
                k += 1
            end = right_end(doc, k)
            if end > k:
                # "(India-Australia) Joint Working Group on X": modifiers in front stay
                start = left_start(doc, a)
                front, dialogue = _split_dialogue(doc, start, a, acronyms)
                dialogue = dialogue or _dialogue_link(doc, end)
                if (
                    not kind.gated
                    or _gate(doc, start, a, dialogue, kind)
                    or _under_agreement(doc, end)
                ):
                    name = span_text(doc, front, end)
                    _add_wg(doc, front, end, k, end, kind, name, dialogue, "wg_topic")
                i = end
                continue
        start = left_start(doc, a)
        if start < a and a >= 3 and doc[a - 1].text == ")" and doc[a - 3].text == "(":
            start = min(start, acronym_start(doc, a - 3, doc[a - 2].text) or start)
        dialogue: str | None = None
        rule = "wg_named"
        if start < a:
            name_start, dialogue = _split_dialogue(doc, start, a, acronyms)
            if _generic_only(doc, name_start, a):
                _anaphor(doc, start, e, kind)  # "an Inter-Ministerial Task Force": no name
                i += 1
                continue
            gated_out = not _gate(doc, start, a, dialogue or _dialogue_link(doc, e), kind)
            if kind.gated and gated_out and not _under_agreement(doc, e):
                i += 1
                continue
            dialogue = dialogue or _possessor(doc, start)
            link = dialogue or _dialogue_link(doc, e)
            if _only_countries(doc, name_start, a):
                if not country_prefix(doc, name_start, a)[0] and not link:
                    _anaphor(doc, start, e, kind)  # "The Joint Task Force reviewed ..."
                    i += 1
                    continue
                name = span_text(doc, name_start, e)
            else:
                name = span_text(doc, name_start, a)
        else:
            low = _lowercase_modifiers(doc, a) if not kind.gated else None
            topic = _lowercase_topic(doc, e) if low is None and not kind.gated else None
            if topic is not None:
                # "a working group on semiconductor supply chains"
                name = span_text(doc, a, topic[1])
                _add_wg(doc, a, topic[1], topic[0], topic[1], kind, name, None, "wg_topic")
                i = topic[1]
                continue
            if low is None:
                link = _dialogue_link(doc, e) if cap else None
                if link:  # "the Steering Committee of the X Dialogue"
                    _add_wg(doc, a, e, a, e, kind, span_text(doc, a, e), link, "wg_of_dialogue")
                elif cap and (a == 0 or doc[a - 1].lower_ in ("the", "this") or is_stop(doc[a])):
                    _anaphor(doc, a, e, kind)
                i += 1
                continue
            start = name_start = low
            name = span_text(doc, low, a)
            rule = "wg_described"
        dialogue = dialogue or _dialogue_link(doc, e)
        if rule == "wg_named" and _intergovernmental_committee(doc, name_start, a, e, kind):
            i = e
            continue
        _add_wg(doc, start, e, name_start, a, kind, name, dialogue, rule)
        i += 1


def _intergovernmental_committee(doc: Doc, a: int, k: int, e: int, kind: WgKind) -> bool:
    """ "the Canada-Chile Joint Economic Committee (JEC)": a committee named by the two
    governments that sit on it, under no dialogue, is itself a standing mechanism between
    them (ANNOTATION.md: joint commissions that meet repeatedly are dialogues). Marks it as
    a dialogue candidate and says so."""
    if kind.kind != "committee" or _dialogue_link(doc, e):
        return False
    codes, after = country_prefix(doc, a, k)
    if len(set(codes)) < 2:
        return False
    acronym = None
    if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")":
        acronym = doc[e + 1].text if is_acronym_text(doc[e + 1].text) else None
    s, t = char_range(doc, a, e)
    add_span(
        doc,
        "dialogues",
        s,
        t,
        "bodies:dialogue_joint_committee",
        name=span_text(doc, a, e),
        acronym=acronym,
        countries=sorted(set(codes), key=codes.index),
        core=span_text(doc, after, e),
    )
    return True


def _generic_only(doc: Doc, a: int, b: int) -> bool:
    """The words before a kind are only generic modifiers ("Inter-Ministerial", "Joint")."""
    words = re.sub(r"\s*-\s*", "-", span_text(doc, a, b)).lower().split()
    return bool(words) and all(w in word_set("generic_modifier") for w in words)


def _possessor(doc: Doc, start: int) -> str | None:
    """ "the X Dialogue’s Political Working Group": the dialogue that owns the group."""
    if (
        start >= 2
        and doc[start - 1].text in ("’s", "'s")
        and head_class(doc[start - 2]) == "dialogue"
    ):
        owner = left_start(doc, start - 1, anchor=False)
        if owner < start - 1:
            return span_text(doc, owner, start - 1)
    return None


def _anaphor(doc: Doc, a: int, e: int, kind: WgKind) -> None:
    """A bare "the Task Force": a mention of the one group of that kind, if there is one."""
    a0, b0 = char_range(doc, a, e)
    add_span(doc, "working_groups", a0, b0, "bodies:wg_anaphor", kind=kind.kind, anaphor=True)


def _add_wg(
    doc: Doc,
    start: int,
    end: int,
    name_start: int,
    name_end: int,
    kind: WgKind,
    name: str,
    dialogue: str | None,
    rule: str,
) -> None:
    a, b = char_range(doc, start, end)
    core = span_text(doc, name_start, name_end) if name_end > name_start else name
    add_span(
        doc,
        "working_groups",
        a,
        b,
        f"bodies:{rule}",
        name=name,
        core=core,
        kind=kind.kind,
        dialogue=dialogue,
        focus=_focus(doc, end),
    )


def _enumeration(doc: Doc, a: int, i: int, kind: WgKind, acronyms: set[str]) -> None:
    """'several ABCD working groups, including A, B (with a focus on x), and the C'."""
    n = len(doc)
    start = left_start(doc, a)
    dialogue = None
    if start < a:
        # "several ABCD working groups", "the X Dialogue's working groups"
        _, dialogue = _split_dialogue(doc, start, a + 1, acronyms)
        shaped = [t.text for t in doc[start:a] if is_acronym_text(t.text)]
        if dialogue is None and shaped and not country_code_of(shaped[-1]):
            dialogue = shaped[-1]
    k = i + 1
    if k < n and doc[k].text == ",":
        k += 1
    if k + 1 < n and doc[k].lower_ == "such" and doc[k + 1].lower_ == "as":
        k += 2
    elif k < n and doc[k].lower_ in word_set("enum_trigger"):
        k += 1
    else:
        return
    items: list[tuple[int, int, str | None]] = []
    oxford = False
    while k < n:
        if doc[k].lower_ == "the":
            k += 1
        if k >= n or not is_name_word(doc[k]):
            break
        e = right_end(doc, k)
        # a trailing kind word on an item ("the Ocean Economy Working Group") is dropped
        found = _kind_at(doc, e - 1)
        item_end = found[0] if found and found[0] > k else e
        focus = _focus(doc, e)
        after = e
        acr = paren_acronym(doc, after)
        if acr:
            after = acr[0]
        elif after < n and doc[after].text == "(":
            close = after
            while close < n and close - after < 25 and doc[close].text != ")":
                close += 1
            after = close + 1 if close < n and doc[close].text == ")" else after
        items.append((k, item_end, focus))
        if after < n and doc[after].text == ",":
            after += 1
            if after < n and doc[after].lower_ in ("and", "&"):
                oxford = True
                after += 1
            k = after
            continue
        if after < n and doc[after].lower_ in ("and", "&"):
            k = after + 1
            continue
        break
    if not oxford and items:
        s, e, f = items[-1]
        ands = [t.i for t in doc[s:e] if t.lower_ in ("and", "&")]
        if ands:  # "A, B and C": the last "and" separates items
            cut = ands[-1]
            items[-1:] = [(s, cut, None), (cut + 1, e, f)]
    for s, e, focus in items:
        if e <= s:
            continue
        x0, x1 = char_range(doc, s, e)
        add_span(
            doc,
            "working_groups",
            x0,
            x1,
            "bodies:wg_enumerated",
            name=span_text(doc, s, e),
            core=span_text(doc, s, e),
            kind=kind.kind,
            dialogue=dialogue,
            focus=focus,
        )


# -- resolution ---------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return name_key(text).split()


def _is_prefix(short: list[str], long: list[str]) -> bool:
    return 0 < len(short) <= len(long) and long[: len(short)] == short


def _is_suffix(short: list[str], long: list[str]) -> bool:
    return 0 < len(short) <= len(long) and long[-len(short) :] == short


def _strip_parens(text: str) -> str:
    return re.sub(r"\s+", " ", PAREN_ACRONYM.sub("", text)).strip()


def _expansions(cands: Iterable[Candidate]) -> dict[str, str]:
    """Acronym -> the words it stands for, read off "Long Form (ACR)" in the names."""
    out: dict[str, str] = {}
    for c in cands:
        text = str(c.attrs.get("name") or c.text)
        for m in PAREN_ACRONYM.finditer(text):
            acr = m.group(1)
            before = text[: m.start()].split()
            letters = [ch for ch in acr if ch.isalpha()]
            for n in range(1, len(before) + 1):
                words = before[-n:]
                initials = [w[0] for w in re.split(r"[\s\-–]+", " ".join(words)) if w[:1].isupper()]
                if "".join(initials).upper() == "".join(letters).upper():
                    out.setdefault(acr, " ".join(words))
                    break
            else:
                # acronym of the whole name (the parenthesis follows the head)
                out.setdefault(acr, text[: m.start()])
    return out


def _expand(text: str, expansions: dict[str, str]) -> str:
    return " ".join(expansions.get(w, w) for w in text.split())


@dataclass
class _Entry:
    name: str
    words: list[str]
    acronym: str | None
    countries: list[str]
    forms: list[str]
    mentions: list[Any]
    source: str
    core_len: int


def resolve_dialogues(cands: list[Candidate], ctx: Context) -> list[dict[str, Any]]:
    """One entry per dialogue: country prefixes, acronyms and shorter forms fold in."""
    expansions = _expansions(cands)
    entries: list[_Entry] = []
    pending: list[Candidate] = []
    for c in cands:
        if c.attrs.get("acronym_only"):
            pending.append(c)
            continue
        raw = str(c.attrs.get("name") or c.text)
        name = clean_name(_strip_parens(raw))
        codes = list(c.attrs.get("countries") or [])
        core = str(c.attrs.get("core") or name)
        words = _words(_expand(_strip_parens(core), expansions)) or _words(name)
        acronym = c.attrs.get("acronym")
        hit = None
        for entry in reversed(entries):  # a short form refers to the latest one named
            if codes and entry.countries and set(codes) != set(entry.countries):
                continue  # "India-UAE Strategic Dialogue" is not "U.S.-Morocco Strategic Dialogue"
            if (
                words == entry.words
                or (acronym and acronym == entry.acronym)
                or (
                    words[-1:] == entry.words[-1:]
                    and (_is_suffix(words, entry.words) or _is_suffix(entry.words, words))
                )
            ):
                hit = entry
                break
        if hit is None:
            entries.append(
                _Entry(name, words, acronym, codes, [name], [c.mention], c.source, len(words))
            )
            continue
        hit.mentions.append(c.mention)
        hit.forms.append(name)
        if acronym and not hit.acronym:
            hit.acronym = acronym
        if len(words) > len(hit.words):
            hit.words = words
        if (len(words), len(codes), len(name)) > (hit.core_len, len(hit.countries), len(hit.name)):
            hit.name = name
            hit.core_len = len(words)
        for code in codes:
            if code not in hit.countries:
                hit.countries.append(code)
    for c in pending:
        for entry in entries:
            if entry.acronym == c.text:
                entry.mentions.append(c.mention)
                break

    out: list[dict[str, Any]] = []
    for entry in entries:
        aliases = [f for f in dict.fromkeys(entry.forms) if name_key(f) != name_key(entry.name)]
        if entry.acronym and entry.acronym not in aliases:
            aliases.append(entry.acronym)
        out.append(
            {
                "name": entry.name,
                "acronym": entry.acronym,
                "countries": entry.countries,
                "aliases": aliases,
                "mentions": mentions_json(entry.mentions),
                "source": entry.source,
            }
        )
    return out


def _wg_fold_key(c: Candidate) -> list[str]:
    return _words(str(c.attrs.get("core") or c.attrs.get("name") or c.text))


def _strip_kind_words(words: list[str]) -> list[str]:
    """'task force on textiles exports' -> 'textiles exports' for prefix folding."""
    kinds = {w for p in wg_kinds() for w in re.split(r"[\s\-]+", p)}
    while words and words[0] in kinds | {"on", "for", "of", "the"}:
        words = words[1:]
    while words and words[-1] in kinds:
        words = words[:-1]
    return words


def resolve_working_groups(cands: list[Candidate], ctx: Context) -> list[dict[str, Any]]:
    """One entry per group; a shorter later form ("Advanced Manufacturing") folds in."""

    entries: list[dict[str, Any]] = []
    keys: list[list[str]] = []
    anaphors: list[Candidate] = []
    for c in cands:
        if c.attrs.get("anaphor"):
            anaphors.append(c)
            continue
        raw = str(c.attrs.get("name") or c.text)
        # "Environment, Social, and Governance (ESG)": the acronym is a short form
        short = [m.group(1) for m in PAREN_ACRONYM.finditer(raw)]
        name = clean_name(_strip_parens(raw)) or clean_name(raw)
        words = _strip_kind_words(_wg_fold_key(c)) or _words(name)
        kind = str(c.attrs.get("kind") or "working group")
        hit = None
        for idx in range(len(entries)):
            if _is_prefix(words, keys[idx]) or _is_prefix(keys[idx], words):
                hit = idx
                break
            if words and " ".join(words) in {name_key(f) for f in entries[idx]["short"]}:
                hit = idx  # "the ESG Task Force" after "... Governance (ESG) Task Force"
                break
        if hit is None:
            entries.append(
                {
                    "name": name,
                    "kind": kind,
                    "dialogue": c.attrs.get("dialogue"),
                    "focus": c.attrs.get("focus"),
                    "forms": [name, c.text, *short],
                    "short": list(short),
                    "mentions": [c.mention],
                    "source": c.source,
                }
            )
            keys.append(words)
            continue
        entry = entries[hit]
        entry["mentions"].append(c.mention)
        entry["forms"] += [name, c.text, *short]
        entry["short"] += short
        if len(words) > len(keys[hit]):
            keys[hit] = words
            entry["name"] = name
        for field in ("dialogue", "focus"):
            if not entry[field] and c.attrs.get(field):
                entry[field] = c.attrs.get(field)
        if entry["kind"] == "working group" and kind != "working group":
            entry["kind"] = kind
    for c in anaphors:
        same = [e for e in entries if e["kind"] == c.attrs.get("kind")]
        if len(same) == 1:
            same[0]["mentions"].append(c.mention)
            same[0]["forms"].append(c.text)
    out: list[dict[str, Any]] = []
    for entry in entries:
        name = entry["name"]
        aliases = [
            f
            for f in dict.fromkeys(clean_name(x) for x in entry["forms"])
            if f and name_key(f) != name_key(name)
        ]
        out.append(
            {
                "name": name,
                "kind": entry["kind"],
                "dialogue": entry["dialogue"] or _sentence_dialogue(ctx, entry["mentions"]),
                "focus": entry["focus"],
                "aliases": aliases,
                "mentions": mentions_json(entry["mentions"]),
                "source": entry["source"],
            }
        )
    return out


def _paragraph(text: str, start: int) -> tuple[int, int]:
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", start)
    return lo, len(text) if hi < 0 else hi


def _sentence_dialogue(ctx: Context, mentions: list[Any]) -> str | None:
    """The one dialogue named in a sentence, else a paragraph, that names the group
    ("A new AI Working Group was launched under ABCD"); None when no dialogue, or more
    than one, is named there: a group may sit under an agreement or an organization."""
    dialogues = ctx.facts.get("dialogues") or []
    for scope in (
        lambda m: sentence_span(ctx.text, m.start, m.end),
        lambda m: _paragraph(ctx.text, m.start),
    ):
        found: set[int] = set()
        for m in mentions:
            lo, hi = scope(m)
            for idx, d in enumerate(dialogues):
                spans = [(int(x["start"]), int(x["end"])) for x in d.get("mentions") or []]
                if any(lo <= s and e <= hi for s, e in spans):
                    found.add(idx)
        if len(found) == 1:
            best = dialogues[found.pop()]
            return best.get("acronym") or best.get("name")
        if found:
            return None
    return None


__all__ = [
    "BodiesComponent",
    "find_dialogues",
    "find_working_groups",
    "resolve_dialogues",
    "resolve_working_groups",
]
