"""Candidates -> facts: one entry per real-world thing, every mention kept.

Each fact type's resolver lives beside its component (``components/<x>.py``,
function ``resolve(cands, ctx)``) so the rule that marks a mention and the rule
that folds it into an entry are read together. Types resolve in an order that
lets later ones read earlier ones (an official's body among the organizations,
an event's date among the dates) through ``Context.facts``.

Resolvers work on the very ``Candidate`` objects they are given, so a resolver that
calls ``c.reject(reason)`` leaves that reason for ``candidate_fates`` (record.py, no
spaCy) to report after resolution: every candidate is then kept or vetoed, with why.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.components import (
    agreements,
    bodies,
    countries,
    dates,
    events,
    officials,
    organizations,
    places,
)
from pipeline.record import (
    FACT_LISTS,
    Candidate,
    Context,
    Fact,
    candidate_fates,
    candidate_rows,
    mentions_json,
    mentions_of,
)

__all__ = [
    "RESOLVE_ORDER",
    "Context",
    "candidate_fates",
    "candidate_rows",
    "mentions_json",
    "mentions_of",
    "resolve",
]

RESOLVE_ORDER: tuple[str, ...] = (
    "countries",
    "dates",
    "locations",
    "organizations",
    "officials",
    "dialogues",
    "working_groups",
    "events",
    "agreements",
)


RESOLVERS: dict[str, Callable[[list[Candidate], Context], list[Fact]]] = {
    "countries": countries.resolve,
    "dates": dates.resolve,
    "locations": places.resolve,
    "organizations": organizations.resolve,
    "officials": officials.resolve,
    "dialogues": bodies.resolve_dialogues,
    "working_groups": bodies.resolve_working_groups,
    "events": events.resolve,
    "agreements": agreements.resolve,
}


def resolve(cands: list[Candidate], text: str, reference: str | None) -> dict[str, list[Fact]]:
    """Facts per list name from the candidates of one whole document."""
    boiler = sorted((c.start, c.end) for c in cands if c.type == "boilerplate")
    kept = [
        c
        for c in cands
        if c.type != "boilerplate" and not any(s <= c.start and c.end <= e for s, e in boiler)
    ]
    ctx = Context(text=text, reference=reference, cands=kept, boilerplate=boiler)
    for fact_type in RESOLVE_ORDER:
        ctx.facts[fact_type] = RESOLVERS[fact_type](ctx.of(fact_type), ctx)
    return {name: ctx.facts.get(name, []) for name in FACT_LISTS}
