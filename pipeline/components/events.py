"""Events: meetings, forums, showcases, summits, visits, found by the shape of their names.

Three shapes, none of them a list of names:
- a capitalised run headed by an event noun ("U.S.-Chile ABCD Battery
  Forum", "2025 Global Ports Convention"), with an ordinal in front
  ("second ... Ministerial Meeting") and a tail ("Meeting of Task Force on X",
  "State Visit to the Republic of Chile");
- a lower-case described event: determiner, modifiers, event noun ("a joint
  agritech virtual showcase"), or an event noun tied to a name ("the first
  meeting of the Task Force ...", "side event on the Partnership ...");
- a visit: "<person>’s visit to <places>".
A dated meeting of a dialogue ("the inaugural X Dialogue") is an event too.
Date, place and participants are read at resolution from the dates, locations,
officials and organizations already resolved in the same sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from pipeline.components.base import add_span, check_data_files, spans_of
from pipeline.components.shapes import (
    after_document_kind,
    char_range,
    country_prefix,
    doc_lowers,
    is_acronym_text,
    is_name_token,
    is_stop,
    left_start,
    ordinal_numbers,
    ordinal_value,
    paren_acronym,
    right_end,
    sentence_span,
    span_text,
    standing_after,
    standing_context,
    word_set,
)
from pipeline.normalize.names import clean_name, name_key
from pipeline.patterns.load import load_jsonl
from pipeline.record import mentions_json

if TYPE_CHECKING:
    from pipeline.record import Candidate, Context

FILE = "events.jsonl"
# "Partnership for X (PGII) event": a dialogue's own tail may sit inside an event name
_CROSS = frozenset({"dialogue"})


@dataclass(frozen=True, slots=True)
class Head:
    kind: str
    plural: bool = False
    lower_only: bool = False
    capitalised_only: bool = False
    needs_ordinal: bool = False
    needs_modifier: bool = False
    needs_possessive: bool = False
    needs_compound: bool = False


@cache
def heads() -> dict[str, Head]:
    """Event head noun (lower case) -> how it may be used."""
    out: dict[str, Head] = {}
    for row in load_jsonl(FILE, required=("set",)):
        if row["set"] != "event_head":
            continue
        out[str(row["word"]).lower()] = Head(
            kind=str(row["kind"]),
            plural=bool(row.get("plural")),
            lower_only=bool(row.get("lower_only")),
            capitalised_only=bool(row.get("capitalised_only")),
            needs_ordinal=bool(row.get("needs_ordinal")),
            needs_modifier=bool(row.get("needs_modifier")),
            needs_possessive=bool(row.get("needs_possessive")),
            needs_compound=bool(row.get("needs_compound")),
        )
    return out


@cache
def compounds() -> dict[str, str]:
    """Two-word kinds ("state visit", "trade mission") -> kind."""
    return {
        str(r["phrase"]).lower(): str(r["kind"])
        for r in load_jsonl(FILE, required=("set",))
        if r["set"] == "kind_compound"
    }


def _kind(doc: Doc, i: int, head: Head) -> str:
    if i > 0:
        pair = f"{doc[i - 1].lower_} {doc[i].lower_}".replace("’", "").replace("'", "")
        if pair in compounds():
            return compounds()[pair]
        if i > 1 and doc[i - 1].text in ("’", "'"):
            pair = f"{doc[i - 2].lower_} {doc[i].lower_}"
            if pair in compounds():
                return compounds()[pair]
    return head.kind


def _is_head_end(doc: Doc, i: int) -> bool:
    """No name continues after the head ("Dialogue (ABCD) Ministerial Meeting" continues)."""
    if i + 1 >= len(doc):
        return True
    acr = paren_acronym(doc, i + 1)
    k = acr[0] if acr else i + 1
    if k < len(doc) and _is_year(doc[k]):
        k += 1  # "India Energy Week 2024"
    if k >= len(doc):
        return True
    nxt = doc[k]
    return not (is_name_token(nxt) and not is_stop(nxt))


def _date_prefix_end(doc: Doc, a: int, b: int) -> int:
    """Skip a leading date inside a name ("October 2023 X", "June G7 ...", ", 2022 X")."""
    months = word_set("date_word")
    k = a
    if k < b and doc[k].lower_ in months:
        k += 1
        if k < b and doc[k].text.isdigit() and len(doc[k].text) <= 2:
            k += 1
        if k < b and doc[k].text == ",":
            k += 1
        if k < b and doc[k].text.isdigit() and len(doc[k].text) == 4:
            k += 1
        return k if k < b else a
    if (
        k < b - 1
        and doc[k].text.isdigit()
        and len(doc[k].text) == 4
        and k >= 2
        and doc[k - 1].text == ","
        and (doc[k - 2].text.isdigit() or doc[k - 2].lower_ in months)
    ):
        return k + 1
    return a


def _tail(doc: Doc, e: int, preps: tuple[str, ...]) -> int:
    """End of "of|on|for|to [the] <name run>" after token ``e`` (``e`` if none)."""
    if e + 1 < len(doc) and doc[e].lower_ in preps:
        k = e + 1
        if doc[k].lower_ == "the" and k + 1 < len(doc):
            k += 1
        if doc[k].lower_ in word_set("date_word"):
            return e  # "on October 16": a date, not part of the name
        end = right_end(doc, k)
        if (
            end < len(doc)
            and is_name_token(doc[end])
            and is_stop(doc[end])
            and doc[end].lower_.endswith("s")  # "Issues": noun or verb; "Held" is a verb
            and not _is_year(doc[end - 1])  # "Meeting of 2025 Concludes": a year closes it
        ):
            return e  # "on Steel Import Issues ...": a headline word cuts the run; unsure
        if end > k:
            return end
    return e


def _place_list(doc: Doc, start: int) -> int:
    """End of "Ghana, Tanzania, and Zambia" / "the United States" (``start`` if none)."""
    k = start + 1 if start < len(doc) and doc[start].lower_ == "the" else start
    end = right_end(doc, k)
    if end == k:
        return start
    while end + 1 < len(doc) and doc[end].text == ",":
        nxt = end + 1
        if doc[nxt].lower_ == "and":
            nxt += 1
        more = right_end(doc, nxt)
        if more == nxt:
            break
        end = more
    return end


class EventsComponent:
    """Marks event candidates in ``tf_events``."""

    def __init__(self, nlp: Language, name: str, data_files: list[str] | None = None) -> None:
        self.name = name
        self.data_files = check_data_files("tf_events", data_files)
        heads()
        compounds()

    def __call__(self, doc: Doc) -> Doc:
        table = heads()
        units = word_set("numbered_unit", FILE)
        for i, low in enumerate(doc_lowers(doc)):
            if low in units and doc[i].text.islower():
                _numbered_unit(doc, i)
                continue
            head = table.get(low)
            if head is None or head.plural:
                continue
            tok = doc[i]
            if head.needs_compound and _kind(doc, i, head) == head.kind:
                continue  # "mission" only as "trade mission", "business mission", ...
            cap = tok.text[:1].isupper()
            if (cap and head.lower_only) or (not cap and head.capitalised_only):
                continue
            if not _is_head_end(doc, i):
                continue
            if cap:
                _capitalised(doc, i, head)
            else:
                _described(doc, i, head)
        return doc


@Language.factory(
    "tf_events",
    default_config={
        "data_files": [
            "agreements.jsonl",
            "bodies.jsonl",
            "countries.jsonl",
            "events.jsonl",
        ]
    },
    assigns=["doc.spans", "doc._.tf_events"],
)
def make_events(nlp: Language, name: str, data_files: list[str]) -> EventsComponent:
    return EventsComponent(nlp, name, data_files)


def _add(doc: Doc, a: int, e: int, name_start: int, rule: str, kind: str, **attrs: Any) -> None:
    s, t = char_range(doc, a, e)
    name = span_text(doc, name_start, e)
    add_span(doc, "events", s, t, f"events:{rule}", name=name, kind=kind, **attrs)


def _capitalised(doc: Doc, i: int, head: Head) -> None:
    """'U.S.-Chile ABCD Battery Forum', 'second X Dialogue (ABCD) Ministerial Meeting'."""
    kind = _kind(doc, i, head)
    core = after_document_kind(doc, left_start(doc, i, cross=_CROSS), i)
    if head.needs_modifier and core == i:
        return
    if _in_venue(doc, i) or _country_possessive(doc, core, i):
        return
    preps = ("of", "on") if kind == "summit" else ("of", "on", "for", "to")
    after = i + 2 if i + 1 < len(doc) and _is_year(doc[i + 1]) else i + 1
    pair = f"{doc[i].lower_} {doc[after].lower_}" if after < len(doc) else ""
    if after == i + 1 and pair in compounds() and doc[after].text.islower():
        kind = compounds()[pair]  # "X Ministerial meeting of 2024": the kind word follows
        after += 1
    e = _tail(doc, after, preps)
    if core < i and ordinal_value(doc[core].text) and doc[core + 1].text[:1].isupper():
        core += 1  # "the 9th Japan-Indonesia Energy Dialogue": the name run took the ordinal
    ordinal = ordinal_value(doc[core - 1].text) if core > 0 else None
    if ordinal is None and core > 0 and doc[core - 1].lower_ in word_set("sequence_word", FILE):
        ordinal = doc[core - 1].lower_  # "the next X Dialogue": a meeting still to come
    start = core - 1 if ordinal else core
    if head.needs_ordinal and ordinal is None:
        return
    if doc[i].lower_ in ("forum", "summit") and (
        standing_context(doc, start) or (ordinal is None and standing_after(doc, e))
    ):
        return  # a standing forum is a dialogue (bodies component)
    if doc[i].lower_ == "convention" and e > after:
        return  # "Convention on Biological Diversity": a treaty, not a gathering
    if core == i and ordinal is None and i > 1 and doc[i - 1].text in ("’s", "'s"):
        # "President Lee’s Meeting with Prime Minister Sato" (a headline)
        owner = left_start(doc, i - 1, anchor=False)
        end = _tail(doc, after, ("with", "to"))
        if owner < i - 1 and end > after:
            _add(doc, owner, end, owner, "event_named", kind, base=span_text(doc, owner, end))
        return
    if core == i and e == i + 1 and ordinal is None:
        if i > 0 and doc[i - 1].lower_ in ("the", "this", "that"):
            _add(doc, i, i + 1, i, "event_anaphor", kind, anaphor=True)
        return
    undated = _date_prefix_end(doc, core, i)
    kind = "meeting" if head.needs_ordinal and kind != "ministerial" else kind
    _add(
        doc,
        start,
        e,
        start if ordinal else undated,
        "event_named",
        kind,
        ordinal=ordinal,
        base=span_text(doc, undated, i + 1),
    )


def _numbered_unit(doc: Doc, i: int) -> None:
    """ "the 21st session of the X Joint Commission", "the fifth round of the Y Dialogue":
    a numbered sitting of a named body is an event."""
    if i == 0 or i + 2 >= len(doc) or doc[i + 1].lower_ != "of":
        return
    number = ordinal_value(doc[i - 1].text)
    if number is None:
        return
    e = _tail(doc, i + 1, ("of",))
    if e <= i + 1:
        return
    _add(
        doc,
        i - 1,
        e,
        i - 1,
        "event_numbered",
        doc[i].lower_,
        ordinal=number,
        base=span_text(doc, i - 1, e),
    )


def _covered(doc: Doc, i: int) -> bool:
    """Token ``i`` lies inside an event this component already marked."""
    idx = doc[i].idx
    return any(
        (sp._.tf or {}).get("start", sp.start_char) <= idx < (sp._.tf or {}).get("end", sp.end_char)
        for sp in spans_of(doc, "events")
    )


def _in_venue(doc: Doc, i: int) -> bool:
    """ "the X Expo and Convention Centre": the head is part of a venue's name."""
    if i + 2 >= len(doc) or doc[i + 1].lower_ not in ("and", "&"):
        return False
    end = right_end(doc, i + 2)
    return end > i + 2 and doc[end - 1].lower_ in word_set("venue_word", FILE)


def _country_possessive(doc: Doc, core: int, i: int) -> bool:
    """ "the United States’ Summit": a country's own thing, named by its kind only."""
    if i - 1 <= core or doc[i - 1].text not in ("’", "'", "’s", "'s"):
        return False
    codes, end = country_prefix(doc, core, i - 1)
    return bool(codes) and end == i - 1


def _modifier_word(tok: Token) -> bool:
    """A word of a described event's modifiers: lower case, a hyphen, an acronym ("MoU"),
    or a date ("the January 30 roundtable", "the May 2024 showcase")."""
    text = tok.text
    return (
        (text.islower() and (tok.is_alpha or "-" in text))
        or text == "-"
        or (is_acronym_text(text) and "." not in text)
        or tok.lower_ in word_set("date_word")
        or (text.isdigit() and (len(text) <= 2 or _is_year(tok)))
    )


def _described(doc: Doc, i: int, head: Head) -> None:
    """'a joint agritech virtual showcase', 'the first meeting of the Task Force ...'."""
    kind = _kind(doc, i, head)
    if head.needs_ordinal:
        return  # a lower-case "dialogue" is talk, not a meeting
    if i > 0 and doc[i - 1].lower_ in heads() and _covered(doc, i):
        return  # "X Ministerial meeting": already read with its capitalised head
    # "<person or country>’s [recent] visit to <places>"
    k = i - 1
    while k >= 0 and doc[k].text.islower() and doc[k].is_alpha and i - k <= 2:
        k -= 1
    if k >= 1 and doc[k].lower_ in ("’s", "'s", "’", "'") and is_name_token(doc[k - 1]):
        owner = left_start(doc, k, anchor=False)
        if owner < k and i + 1 < len(doc) and doc[i + 1].lower_ == "to":
            end = _place_list(doc, i + 2)
            if end > i + 2:
                _add(doc, owner, end, owner, "event_visit", kind, base=span_text(doc, owner, k))
                return
        if owner < k and kind == "meeting" and i + 2 < len(doc) and doc[i + 1].lower_ == "with":
            # "the President’s meeting with President Roe": who met whom names the meeting
            end = i + 2
            while end < len(doc) and is_name_token(doc[end]) and not is_stop(doc[end]):
                end += 1
            if end > i + 2:
                _add(
                    doc,
                    owner,
                    end,
                    owner,
                    "event_meeting_with",
                    kind,
                    base=span_text(doc, owner, end),
                )
                return
    if head.needs_possessive:
        return
    # "<Name> (ACR) event", "<Name> meeting"
    if kind not in ("visit", "mission", "trade mission", "state visit") and i > 0:
        anchor = i
        acr = paren_acronym(doc, i - 3) if i >= 3 else None
        if acr and acr[0] == i:
            anchor = i - 3
        if is_name_token(doc[anchor - 1]) and not is_stop(doc[anchor - 1]):
            a = left_start(doc, anchor, anchor=True, cross=_CROSS)
            named = any(not ordinal_value(t.text) for t in doc[a:anchor])
            if a < anchor and named and head_is_free(doc, a):
                _add(doc, a, i + 1, a, "event_of_name", kind, base=span_text(doc, a, i + 1))
                return
    dets = word_set("determiner")
    k = i - 1
    while k >= 0 and i - k <= 5 and doc[k].lower_ not in dets:
        if not _modifier_word(doc[k]) and not ordinal_value(doc[k].text):
            return
        k -= 1
    if k < 0 or doc[k].lower_ not in dets:
        return
    mods = list(range(k + 1, i))
    preps = ("of", "on", "to") if kind in _TRAVEL else ("of", "on")
    e = _tail(doc, i + 1, preps)
    if kind in _TRAVEL and e > i + 1:
        e = _tail(doc, e, ("by",))  # "a visit to Peru by the Agency Administrator"
    generic = word_set("generic_modifier")
    specific = [m for m in mods if doc[m].lower_ not in generic and not ordinal_value(doc[m].text)]
    ordinal = next((ordinal_value(doc[m].text) for m in mods if ordinal_value(doc[m].text)), None)
    if e == i + 1 and not specific and not (ordinal and kind != head.kind):
        return  # "the meeting", "a bilateral meeting"; "its fourth ministerial meeting" stays
    start = k + 1
    _add(
        doc,
        start,
        e,
        start,
        "event_described",
        kind,
        ordinal=ordinal,
        base=span_text(doc, start, e),
    )


_TRAVEL = frozenset({"visit", "state visit", "trade mission", "trip", "tour"})


def _is_year(tok: Token) -> bool:
    return len(tok.text) == 4 and tok.text.isdigit() and tok.text[:2] in ("19", "20")


def head_is_free(doc: Doc, a: int) -> bool:
    """The run before a lower-case event noun is a name, not a sentence-initial word."""
    return not (a == 0 or doc[a - 1].is_space or doc[a - 1].text in (".", ":")) or (
        doc[a].text.isupper() or any(c.isupper() for c in doc[a].text[1:])
    )


# -- resolution ---------------------------------------------------------------------------

_ORD_WORDS = re.compile(r"\b(\d+)(st|nd|rd|th)\b")


def _fold_key(name: str) -> list[str]:
    key = name_key(name)
    key = _ORD_WORDS.sub(lambda m: m.group(1), key)
    for word, number in ordinal_numbers().items():
        key = re.sub(rf"\b{word}\b", number, key)
    return [w for w in key.split() if w not in ("the", "of", "s")]


_VISITS = frozenset({"visit", "state visit", "trip", "tour"})


@dataclass(frozen=True)
class _Key:
    """What identifies an event across its mentions."""

    words: list[str]  # the name's words, ordinals as numbers, "of"/"the" dropped
    base: list[str]  # the same without a tail ("State Visit" of "State Visit to Korea")
    kind: str
    dialogue: int | None  # index of a dialogue named inside, for "inaugural X Dialogue"
    ordinal: str | None


@dataclass
class _Event:
    name: str
    kind: str
    key: _Key
    forms: list[str]
    cands: list[Any]
    source: str
    keys: list[_Key]


def _dialogue_of(c: Candidate, ctx: Context) -> int | None:
    for idx, d in enumerate(ctx.facts.get("dialogues") or []):
        for m in d.get("mentions") or []:
            if c.start <= m["start"] and m["end"] <= c.end:
                return idx
    return None


def _same(ev: _Event, key: _Key) -> bool:
    """Two mentions name one event: any of its forms matches (see ``_same_key``)."""
    return any(_same_key(k, key) for k in ev.keys)


def _number(words: list[str]) -> str | None:
    return words[0] if words and words[0].isdigit() and len(words[0]) <= 2 else None


def _word_eq(a: str, b: str) -> bool:
    """Equal, or a demonym of the other ("America"/"American", "Korea"/"Korean")."""
    short, long = sorted((a, b), key=len)
    return a == b or (len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= 2)


def _seq_eq(a: list[str], b: list[str]) -> bool:
    return len(a) == len(b) and all(_word_eq(x, y) for x, y in zip(a, b, strict=True))


def _same_key(one: _Key, key: _Key) -> bool:
    """Same dialogue meeting, same words, or a short form; a leading ordinal counts only
    when both forms carry one ("second X Dialogue" is not "inaugural X Dialogue")."""
    if key.dialogue is not None and key.dialogue == one.dialogue and key.ordinal:
        return key.ordinal == one.ordinal
    if key.kind in _VISITS and key.kind == one.kind and key.base == one.base:
        return True
    words, other = key.words, one.words
    if words == other or (len(words) > 1 and set(words) == set(other)):
        return True
    n1, n2 = _number(words), _number(other)
    if n1 and n2 and n1 != n2:
        return False
    words, other = words[1 if n1 else 0 :], other[1 if n2 else 0 :]
    if n1 and n1 == n2 and key.kind == one.kind and len(words) >= 3 and words[:3] == other[:3]:
        return True  # "3rd Meeting of the X Authority of ABC" / "... of the Y Trust"
    short, long = sorted((words, other), key=len)
    if len(short) < 2:
        return False
    return _seq_eq(long[: len(short)], short) or _seq_eq(long[-len(short) :], short)


# "ELCINA).The event": a sentence boundary the tokenizer glued; no name spans one
_GLUED = re.compile(r"\)\.|[a-z]{2}\.[A-Z]")


def _is_curated_body(name: str, ctx: Context) -> bool:
    """A name the curated body list knows ("United Nations Conference on Trade and
    Development") is that organization, not a gathering."""
    key = name_key(name)
    return any(
        str(o.get("source")) == "organizations:gazetteer"
        and key
        in {name_key(str(o.get("name") or ""))} | {name_key(a) for a in o.get("aliases") or []}
        for o in ctx.facts.get("organizations") or []
    )


def _is_mechanism(name: str, key: _Key, ctx: Context) -> bool:
    """An unnumbered event named like a dialogue of the release is that mechanism, not a
    meeting of it ("the Global ABC Forum" where ABC Forum is a standing forum)."""
    if _number(key.words) or key.ordinal:
        return False
    words = name_key(name).split()
    for d in ctx.facts.get("dialogues") or []:
        forms = [d.get("name") or "", *(d.get("aliases") or [])]
        if any(name_key(f) == name_key(name) for f in forms):
            return True
        acronym = str(d.get("acronym") or "").lower()
        full = name_key(str(d.get("name") or "")).split()
        if (
            acronym
            and acronym in words
            and full
            and words[-1] == full[-1]
            and set(words) - {acronym} <= set(full)
        ):
            return True
    return False


def _rank(c: Candidate, name: str) -> tuple[bool, int]:
    """Which form names an event: a capitalised name over a description, then the longer."""
    return c.source == "events:event_named", len(name)


def resolve(cands: list[Candidate], ctx: Context) -> list[dict[str, Any]]:
    """One entry per event; date, place and participants from the same sentence."""

    events: list[_Event] = []
    for c in cands:
        if c.attrs.get("anaphor"):
            same = [ev for ev in events if ev.kind == c.attrs.get("kind")]
            if same:
                same[-1].cands.append(c)
            continue
        name = clean_name(str(c.attrs.get("name") or c.text))
        if not name:
            continue
        kind = str(c.attrs.get("kind") or "event")
        key = _Key(
            _fold_key(name),
            _fold_key(str(c.attrs.get("base") or name)),
            kind,
            _dialogue_of(c, ctx),
            c.attrs.get("ordinal"),
        )
        if _is_mechanism(name, key, ctx) or _is_curated_body(name, ctx) or _GLUED.search(name):
            continue
        hit = next((ev for ev in events if _same(ev, key)), None)
        if hit is None:
            events.append(_Event(name, kind, key, [name], [c], c.source, [key]))
            continue
        hit.keys.append(key)
        hit.cands.append(c)
        hit.forms.append(name)
        if _rank(c, name) > _rank(hit.cands[0], hit.name):
            hit.name = name
            hit.cands.insert(0, hit.cands.pop())
    spans = [(c.start, c.end, idx) for idx, ev in enumerate(events) for c in ev.cands]
    dates = _assign(ctx, spans, _points(ctx, ("dates",), "value"), dates=True)
    places = _assign(ctx, spans, _points(ctx, ("locations", "countries"), "name"), dates=False)
    hosts = _hosts(ctx, spans)
    out: list[dict[str, Any]] = []
    for idx, ev in enumerate(events):
        date = dates.get(idx) or (dates.get(hosts[idx]) if idx in hosts else None)
        place = places.get(idx) or (places.get(hosts[idx]) if idx in hosts else None)
        if ev.kind in _VISITS:
            place = _visit_places(ctx, ev) or place
        aliases = [f for f in dict.fromkeys(ev.forms) if name_key(f) != name_key(ev.name)]
        out.append(
            {
                "name": ev.name,
                "kind": ev.kind,
                "date": date,
                "location": place,
                "participants": _participants(ctx, ev),
                "aliases": aliases,
                "mentions": mentions_json(c.mention for c in ev.cands),
                "source": ev.source,
            }
        )
    return out


def _points(ctx: Context, types: tuple[str, ...], field: str) -> list[tuple[int, int, str, str]]:
    """(start, end, value, type) of every mention of the facts of ``types``."""
    out = []
    for t in types:
        for f in ctx.facts.get(t) or []:
            value = f.get(field)
            if not value:
                continue
            for m in f.get("mentions") or []:
                out.append((int(m["start"]), int(m["end"]), str(value), t))
    return out


# Text between an event and its date/place: "X in May 2024", "X, held in Seoul on ..."
_AFTER = re.compile(
    r"^\s*,?\s*((was|were|will be|is)\s+)?(held\s+)?"
    r"((in|at)\s+(the\s+)?[A-Z][^\s,.;]*(\s+[A-Z][^\s,.;]*)*\s*,?\s*)*"  # "in Luleå"
    r"(in|on|at|from)\s+(the\s+)?$"
)
# Text between a date and its event: "Today at the X", "In June, at the X"
_BEFORE = re.compile(
    r"^\s*,?\s*(at|during|on the margins of|on the sidelines of|ahead of)\s+(the\s+)?$", re.I
)
_WORD = re.compile(r"[\w’'-]+")


def _belongs(ctx: Context, gap: str, point_first: bool, dates: bool) -> bool:
    """Whether the text between an event and a date/place ties them together."""
    if (_BEFORE if point_first else _AFTER).match(gap):
        return True
    if not dates:
        return False
    words = [w.lower() for w in _WORD.findall(gap)]
    return len(words) <= 30 and any(w in word_set("hold_verb", FILE) for w in words)


def _assign(
    ctx: Context,
    spans: list[tuple[int, int, int]],
    points: list[tuple[int, int, str, str]],
    dates: bool,
) -> dict[int, str]:
    """Give each date (place) to the event it belongs to.

    A point inside an event's name belongs to it (a country inside "U.S.-Korea X
    Forum" does not: that names the parties, not the place). Otherwise the text
    between the two must tie them ("in", "at the", a verb like "held"), within one
    sentence; the nearest such event wins.
    """
    best: dict[int, tuple[int, int, str]] = {}  # event -> (distance, mention start, value)

    def offer(idx: int, dist: int, start: int, value: str) -> None:
        if idx not in best or (dist, start) < best[idx][:2]:
            best[idx] = (dist, start, value)

    for ps, pe, value, t in points:
        inside = [(s, idx) for s, e, idx in spans if s <= ps and pe <= e]
        if inside:
            if t != "countries":
                for s, idx in inside:
                    offer(idx, 0, s, value)
            continue
        lo, hi = sentence_span(ctx.text, ps, pe)
        near: list[tuple[int, int, int]] = []
        for s, e, idx in spans:
            if not (lo <= s and e <= hi):
                continue
            if e <= ps and _belongs(ctx, ctx.text[e:ps], False, dates):
                near.append((ps - e, s, idx))
            elif pe <= s and _belongs(ctx, ctx.text[pe:s], True, dates):
                near.append((s - pe, s, idx))
        if near:
            dist, s, idx = min(near)
            offer(idx, 1 + dist, s, value)
    return {idx: v[2] for idx, v in best.items()}


_HOST = re.compile(r"^\s*(at|during|on the margins of|on the sidelines of)\s+(the\s+)?$", re.I)


def _hosts(ctx: Context, spans: list[tuple[int, int, int]]) -> dict[int, int]:
    """Event -> the event it took place at ("a Roundtable at the 2024 X Convention")."""
    out: dict[int, int] = {}
    for _s1, e1, i1 in spans:
        for s2, _e2, i2 in spans:
            if i1 != i2 and e1 <= s2 and s2 - e1 < 40 and _HOST.match(ctx.text[e1:s2]):
                out.setdefault(i1, i2)
    return out


def _participants(ctx: Context, ev: _Event) -> list[str]:
    """Officials/bodies that held, hosted or attended the event, in the same sentence.

    Before the event: named in the clause whose verb holds it ("X and Y held the
    ..."). After it: a list right behind "hosted by", "led by", ... that ends at
    the next such verb.
    """
    first = min(ev.cands, key=lambda c: c.start)
    lo, hi = sentence_span(ctx.text, first.start, first.end)
    holds = word_set("hold_verb", FILE)
    cues = word_set("participant_cue", FILE)
    out: list[str] = []
    for t in ("officials", "organizations"):
        for f in ctx.facts.get(t) or []:
            for m in f.get("mentions") or []:
                s, e = int(m["start"]), int(m["end"])
                if not (lo <= s and e <= hi) or (first.start <= s < first.end):
                    continue
                if e <= first.start:
                    words = [w.lower() for w in _WORD.findall(ctx.text[e : first.start])]
                    ok = len(words) <= 25 and any(w in holds for w in words)
                else:
                    words = [w.lower() for w in _WORD.findall(ctx.text[first.end : s])]
                    ok = (
                        len(words) >= 2
                        and words[0] in cues
                        and words[1] == "by"
                        and len(words) <= 22
                        and not any(w in holds for w in words[2:])
                    )
                if ok and f.get("name") and f["name"] not in out:
                    out.append(str(f["name"]))
                    break
    return out


def _visit_places(ctx: Context, ev: _Event) -> str | None:
    """Where a visit went: the countries/places after "to" in its name."""
    for c in ev.cands:
        cut = c.text.find(" to ")
        if cut < 0:
            continue
        names = [
            value
            for s, e, value, _t in _points(ctx, ("locations", "countries"), "name")
            if c.start + cut <= s and e <= c.end
        ]
        if names:
            return ", ".join(dict.fromkeys(names))
    return None
