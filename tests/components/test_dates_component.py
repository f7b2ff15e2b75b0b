"""tf_dates: candidates from text shapes (blank pipeline) and with the model; resolution."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.api import Extractor
from pipeline.components.base import spans_of
from pipeline.nlp import build_blank
from tests.conftest import make_src as _src

# Sentences of the seed release (seeds/000_b60951ee979ae1a4.txt), published 2024-06-27.
SEED = (
    "Today, U.S. Department of Commerce Secretary Gina Raimondo and Korean Minister Ahn "
    "Duk-geun held the second Ministerial Meeting.\n"
    "The Healthcare working group held a joint telehealth virtual showcase in May 2024 and a "
    "U.S.-Korea Biopharma Roundtable at the 2024 BIO International Convention in San Diego.\n"
    "The group saw significant outcomes, such as the October 2023 Additive Manufacturing "
    "Industry Showcase.\n"
)
SEED_VALUES = {"2024-06-27", "2024-05", "2024", "2023-10"}


def dates(ex: Extractor, text: str, published: str | None = "2024-06-27") -> list[dict[str, Any]]:
    record = ex.extract(_src(text, published))
    for fact in record["dates"]:  # every mention is character-true
        for m in fact["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    return record["dates"]


def values(ex: Extractor, text: str, published: str | None = "2024-06-27") -> set[str | None]:
    return {d["value"] for d in dates(ex, text, published)}


# -- model-free --------------------------------------------------------------------------


def test_seed_dates_without_model(blank: Extractor) -> None:
    facts = dates(blank, SEED)
    assert {d["value"] for d in facts} == SEED_VALUES
    by_value = {d["value"]: d for d in facts}
    assert by_value["2024-05"]["granularity"] == "month"
    assert by_value["2024-06-27"]["text"] == "Today"
    assert all(d["source"].startswith("dates:") for d in facts)


@pytest.mark.parametrize(
    "text",
    [
        "Exports grew over the last six years and will double in three years.",
        "The review takes at least 60 days; over the next five years prices rose each year.",
        "India's $30 trillion economy; Section 301 applies; over 2000 companies took part.",
        "They shipped 2,000 units and 1500 MW; Regulation (EU) 2019/452; call +91 11 2306 2024.",
        "The 1990s and the 21st century; the President may decide; Theresa May spoke.",
        "The target for FY 2025-26 and 2025-26 was met.",
        "Minister Jan Christian Vestre met DECLARATION signatories; Marine 5 sailed.",
        "The office at 1800 G Street NW and 1900 Pennsylvania Avenue; H.R. 2024 passed.",
    ],
)
def test_durations_amounts_and_labels_are_not_dates(blank: Extractor, text: str) -> None:
    assert dates(blank, text) == []


def test_range_of_months_gives_both_ends_and_the_relative_year(blank: Extractor) -> None:
    text = "Exports grew during the first four months from April to July of the current year."
    got = values(blank, text, "2026-08-12")
    assert got == {"2026-04", "2026-07", "2026"}


def test_year_range_gives_both_ends(blank: Extractor) -> None:
    assert values(blank, "Support provided to corn in 2012-2015 exceeded limits.") == {
        "2012",
        "2015",
    }


def test_day_range_gives_both_days(blank: Extractor) -> None:
    got = values(blank, "Talks: June 27-28, 2024 and on 3-4 July.")
    assert got == {"2024-06-27", "2024-06-28", "2024-07-03", "2024-07-04"}


def test_range_parts_carry_their_role() -> None:
    nlp = build_blank()
    doc = nlp("From April to July 2024 exports rose.")
    roles = {s.text: s._.tf for s in spans_of(doc, "dates")}
    infos = {text: next(iter(info.values())) for text, info in roles.items()}
    assert infos["April"]["role"] == "start"
    assert infos["July 2024"]["role"] == "end"
    assert infos["April"]["source"] == "dates:month"


def test_indian_english_forms(blank: Extractor) -> None:
    text = (
        "The MoU was signed on 05 th August,2026 at New Delhi. The meeting on 10thJune 2025 "
        "reviewed the Act, 1999 and the Vision for 2047."
    )
    assert values(blank, text, "2026-08-11") == {"2026-08-05", "2025-06-10", "1999", "2047"}


def test_month_ranges_with_hyphens_and_numeric_dates(blank: Extractor) -> None:
    text = "During April-June 2025 exports grew. The policy was launched on 31.03.2023."
    assert values(blank, text, "2025-07-24") == {"2025-04", "2025-06", "2023-03-31"}


def test_yearless_dates_take_the_document_year(blank: Extractor) -> None:
    assert values(blank, "On December 19 the Secretary spoke; in April talks began.") == {
        "2024-12-19",
        "2024-04",
    }


def test_yearless_month_borrows_an_earlier_explicit_year(blank: Extractor) -> None:
    text = "In December 2022, leaders met. Since December, EXIM has approved loans."
    facts = dates(blank, text, "2023-07-12")
    assert [d["value"] for d in facts] == ["2022-12"]
    assert len(facts[0]["mentions"]) == 2


def test_one_fact_per_value_first_text_kept(blank: Extractor) -> None:
    text = "Today, ministers met. The world faces today many challenges. Today’s event ended."
    facts = dates(blank, text)
    assert len(facts) == 1
    assert facts[0]["text"] == "Today"
    assert facts[0]["value"] == "2024-06-27"
    assert len(facts[0]["mentions"]) == 3


def test_without_document_date_relative_values_are_null(blank: Extractor) -> None:
    facts = dates(blank, "Today, trade rose on last year and in May 2024.", published=None)
    got = {(d["text"], d["value"]) for d in facts}
    assert got == {("Today", None), ("last year", None), ("May 2024", "2024-05")}
    assert {d["granularity"] for d in facts if d["value"] is None} == {"day", "year"}


def test_dateline_overrides_published_as_reference(blank: Extractor) -> None:
    text = "WASHINGTON, D.C. – June 27, 2024 – Today, the ministers met."
    # published metadata a day late (a syndicated copy): the dateline anchors "Today"
    assert values(blank, text, "2024-06-28") == {"2024-06-27"}


# -- with the model ------------------------------------------------------------------------


def test_seed_dates_with_model(full: Extractor) -> None:
    assert values(full, SEED) == SEED_VALUES


def test_model_date_does_not_override_a_quantity(full: Extractor) -> None:
    text = "Over 2000 companies and 1500 exporters joined the Trade Act of 1974 programme."
    assert values(full, text) == {"1974"}


def test_past_tense_moves_a_later_month_to_the_previous_year(full: Extractor) -> None:
    text = "In December, President Biden hosted African leaders in Washington."
    assert values(full, text, "2023-07-12") == {"2022-12"}
    text = "The ministers will meet again in December in Washington."
    assert values(full, text, "2023-07-12") == {"2023-12"}


def test_model_durations_are_not_dates(full: Extractor) -> None:
    text = "Over the last six years and for decades, exports grew annually; every year it rose."
    assert dates(full, text) == []
