"""Small hand-built, schema-valid records for the tables / report / show tests.

The extraction components are written in parallel, so these tests do not depend
on what they find today: each fact lists the surface strings it was "found" at and
``fact`` turns every occurrence into a mention with exact offsets.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pipeline.record import new_record
from pipeline.validate import check_record

# Defaults for every attribute the schema requires, per fact type.
DEFAULTS: dict[str, dict[str, Any]] = {
    "officials": {"title": None, "organization": None, "country": None, "aliases": []},
    "organizations": {"type": "other", "country": None, "parent": None, "aliases": []},
    "locations": {"type": "other", "country": None, "aliases": []},
    "countries": {"name": ""},
    "dates": {"granularity": None, "value": None},
    "working_groups": {"kind": "working group", "dialogue": None, "focus": None, "aliases": []},
    "dialogues": {"acronym": None, "countries": [], "aliases": []},
    "events": {"kind": None, "date": None, "location": None, "participants": [], "aliases": []},
    "agreements": {
        "kind": "agreement",
        "parties": [],
        "subject": None,
        "location": None,
        "date": None,
        "status": None,
    },
}

SEED_LIKE = (
    "WASHINGTON – Today, U.S. Secretary of Commerce Helen Marsh and Korean Minister of "
    "Trade, Industry, and Energy Joo Tae-rim met for the second MTPD Ministerial Meeting.\n\n"
    "The U.S. Department of Commerce signed a preliminary memorandum with Kestrel Electronics "
    "for a site in Central Texas. Secretary Marsh also welcomed the 2024 Meridian International "
    "Convention in San Diego.\n\n"
    "Minister Joo said the Harbour Logistics sub-working group will meet in May 2024.\n"
)

HOSTILE = (
    "Statement <script>alert(1)</script> by Minister Evil & Co. on "
    '<img src=x onerror="alert(3)"> trade. </script><b>bold?</b> "quoted" \'single\'\n'
)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def fact(
    fact_type: str, doc_text: str, found: list[str | tuple[str, str]], /, **attrs: Any
) -> dict[str, Any]:
    """A fact of ``fact_type`` with a mention at every occurrence of each string in ``found``.

    ``(surface, context)`` marks ``surface`` only inside the first occurrence of ``context``.
    """
    mentions = []
    for item in found:
        if isinstance(item, tuple):
            surface, context = item
            at = doc_text.find(context)
            assert at >= 0, f"{context!r} not in text"
            start = doc_text.find(surface, at)
            assert 0 <= start < at + len(context), f"{surface!r} not in {context!r}"
            end = start + len(surface)
            mentions.append({"start": start, "end": end, "text": surface, "source": "test:rule"})
            continue
        start = doc_text.find(item)
        assert start >= 0, f"{item!r} not in text"
        while start >= 0:
            end = start + len(item)
            mentions.append({"start": start, "end": end, "text": item, "source": "test:rule"})
            start = doc_text.find(item, end)
    mentions.sort(key=lambda m: m["start"])
    out: dict[str, Any] = {**DEFAULTS[fact_type], **attrs}
    out["source"] = attrs.get("source", "test:rule")
    out["mentions"] = mentions
    return out


def make_record(
    doc_id: str,
    text: str,
    facts: dict[str, list[dict[str, Any]]],
    published: str | None = "2024-06-27",
    title: str | None = None,
    keep_text: bool = True,
) -> dict[str, Any]:
    """A validated record for ``text`` holding ``facts``."""
    rec = new_record(doc_id, published, title, sha(text))
    for fact_type, items in facts.items():
        rec[fact_type] = items
    if keep_text:
        rec["text"] = text
    check_record(rec)
    return rec


def seed_like(doc_id: str = "rel-a", published: str | None = "2024-06-27") -> dict[str, Any]:
    """A seed-like release with overlapping mentions (a date in an event, a state in a region)."""
    t = SEED_LIKE
    return make_record(
        doc_id,
        t,
        {
            "officials": [
                fact(
                    "officials",
                    t,
                    ["Helen Marsh", "Secretary Marsh"],
                    name="Helen Marsh",
                    title="Secretary of Commerce",
                    organization="U.S. Department of Commerce",
                    country="US",
                    aliases=["Marsh"],
                ),
                fact(
                    "officials",
                    t,
                    ["Joo Tae-rim", "Minister Joo"],
                    name="Joo Tae-rim",
                    title="Minister of Trade, Industry, and Energy",
                    country="KR",
                ),
            ],
            "organizations": [
                fact(
                    "organizations",
                    t,
                    ["U.S. Department of Commerce"],
                    name="U.S. Department of Commerce",
                    type="government",
                    country="US",
                ),
                fact(
                    "organizations",
                    t,
                    ["Kestrel Electronics"],
                    name="Kestrel Electronics",
                    type="company",
                ),
            ],
            "locations": [
                fact(
                    "locations",
                    t,
                    ["Central Texas"],
                    name="Central Texas",
                    type="region",
                    country="US",
                ),
                fact("locations", t, ["San Diego"], name="San Diego", type="city", country="US"),
                fact(
                    "locations",
                    t,
                    [("Texas", "Central Texas")],
                    name="Texas",
                    type="state",
                    country="US",
                ),
            ],
            "countries": [
                fact("countries", t, ["U.S."], code="US", name="United States"),
                fact("countries", t, ["Korean"], code="KR", name="Korea"),
            ],
            "dates": [
                fact("dates", t, ["Today"], text="Today", value="2024-06-27", granularity="day"),
                fact(
                    "dates", t, ["May 2024"], text="May 2024", value="2024-05", granularity="month"
                ),
                fact(
                    "dates",
                    t,
                    [("2024", "2024 Meridian")],
                    text="2024",
                    value="2024",
                    granularity="year",
                ),
            ],
            "working_groups": [
                fact(
                    "working_groups",
                    t,
                    ["Harbour Logistics sub-working group"],
                    name="Harbour Logistics",
                    kind="sub-working group",
                    dialogue="MTPD",
                ),
            ],
            "events": [
                fact(
                    "events",
                    t,
                    ["second MTPD Ministerial Meeting"],
                    name="second MTPD Ministerial Meeting",
                    kind="meeting",
                    date="2024-06-27",
                ),
                fact(
                    "events",
                    t,
                    ["2024 Meridian International Convention"],
                    name="2024 Meridian International Convention",
                    kind="convention",
                    date="2024",
                    location="San Diego",
                ),
            ],
            "agreements": [
                fact(
                    "agreements",
                    t,
                    ["preliminary memorandum"],
                    kind="preliminary memorandum",
                    parties=["U.S. Department of Commerce", "Kestrel Electronics"],
                    location="Central Texas",
                    status="signed",
                    date="2024-06-27",
                ),
            ],
        },
        published=published,
        title="U.S. and Korea hold second MTPD Ministerial",
    )


def hostile(doc_id: str = "rel-x") -> dict[str, Any]:
    """A release whose text, title and fact names try to inject markup and script."""
    t = HOSTILE
    return make_record(
        doc_id,
        t,
        {
            "officials": [
                fact(
                    "officials",
                    t,
                    ["Minister Evil"],
                    name='Evil "</script><b>x</b>',
                    title="Minister",
                ),
            ],
            "organizations": [
                fact(
                    "organizations",
                    t,
                    ["<script>alert(1)</script>"],
                    name="<script>alert(1)</script>",
                    type="other",
                ),
            ],
        },
        title="</script><script>alert('title')</script>",
    )
