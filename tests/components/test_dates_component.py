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


def test_yearless_dates_read_the_tense_of_their_clause(blank: Extractor) -> None:
    # the word forms give the tense without a tagger: irregular ("spoke", "began") and
    # regular ("opened") past forms look back from the document date (2024-06-27)
    assert values(blank, "On December 19 the Secretary spoke; in April talks began.") == {
        "2023-12-19",
        "2024-04",
    }
    assert values(blank, "The office opened on December 19.") == {"2023-12-19"}
    # a participle after an auxiliary is no past tense; "will" looks ahead
    assert values(blank, "Talks will be held on December 19.") == {"2024-12-19"}
    # no cue: the nearest December 19 (175 days ahead, not 191 back)
    assert values(blank, "Deadline for comments: December 19.") == {"2024-12-19"}


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


# -- unseen news shapes (issue 9) ---------------------------------------------------------------

# 2025-04-02 is a Wednesday: the reference of the tests below unless they say otherwise.
WED = "2025-04-02"


def by_text(ex: Extractor, text: str, published: str | None = WED) -> dict[str, str | None]:
    """Each date's first text -> value."""
    return {d["text"]: d["value"] for d in dates(ex, text, published)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister said Friday that exports rose.", {"Friday": "2025-03-28"}),
        ("Northwind Ltd. said Wednesday it would expand.", {"Wednesday": WED}),
        ("The talks, officials said, resume on Monday.", {"Monday": "2025-03-31"}),
        ("Jane Doe will travel to Geneva on Thursday.", {"Thursday": "2025-04-03"}),
        ("Tuesday's meeting will set the agenda.", {"Tuesday": "2025-04-08"}),
    ],
)
def test_bare_weekday_is_a_day_resolved_like_a_yearless_date(
    blank: Extractor, text: str, expected: dict[str, str]
) -> None:
    assert by_text(blank, text) == expected
    facts = dates(blank, text)
    assert {d["granularity"] for d in facts} == {"day"}
    # without a document date the weekday is still a date, with no value
    assert {d["value"] for d in dates(blank, text, None)} == {None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The talks ended Thursday in Geneva.", "2025-03-27"),  # past: on or before
        ("The delegates arrived Saturday and talks began.", "2025-03-29"),
        ("The ministers sign the pact Thursday.", "2025-04-03"),  # no cue: nearest
    ],
)
def test_weekday_tense_comes_from_the_model_tags(full: Extractor, text: str, expected: str) -> None:
    assert values(full, text, WED) == {expected}


@pytest.mark.parametrize(
    "text",
    [
        "Black Friday sales rose and Cyber Monday followed.",
        "The office is open Monday to Friday, from 9 to 5.",
        "Counters work Monday-Saturday; the desk closes every Sunday.",
        "Shops open on Monday through Saturday; the desk opens every Tuesday to Thursday.",
    ],
)
def test_named_and_recurring_weekdays_are_not_dates(blank: Extractor, text: str) -> None:
    assert dates(blank, text) == []


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # reported speech about the future is future, whatever the reporting verb
        ("The ministers agreed that the group would meet on May 15.", WED, "2025-05-15"),
        ("Jane Doe said the council would convene in March.", "2025-11-20", "2026-03"),
        # a past statement: the latest such date on or before the document date
        ("The ministers met on May 15 in Geneva.", WED, "2024-05-15"),
        ("In November the board approved the plan.", "2025-02-01", "2024-11"),
        # a future one: the earliest on or after
        ("The ministers will meet on March 3 in Geneva.", "2025-11-20", "2026-03-03"),
        # no tense cue: the nearest
        ("Talks on December 19 in Geneva.", "2025-01-15", "2024-12-19"),
    ],
)
def test_yearless_date_takes_the_year_its_clause_tense_implies(
    full: Extractor, text: str, published: str, expected: str
) -> None:
    assert values(full, text, published) == {expected}


def test_tense_cue_is_the_dates_own_clause_not_the_sentence(full: Extractor) -> None:
    text = "The group, which will meet again in June, met in March in Geneva."
    assert by_text(full, text, "2025-04-10") == {"June": "2025-06", "March": "2025-03"}
    text = "The board approved the plan in January; the plant will open in February."
    assert by_text(full, text, "2025-03-10") == {"January": "2025-01", "February": "2026-02"}
    text = "Jane Doe said Friday that the works will start in May."
    assert by_text(full, text, "2025-06-04") == {"Friday": "2025-05-30", "May": "2026-05"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Exports rose two weeks ago and prices fell three months ago.",
            {"two weeks ago": ("2025-03-19", "day"), "three months ago": ("2025-01", "month")},
        ),
        (
            "A year ago the plant opened; 10 days ago it doubled output.",
            {"A year ago": ("2024", "year"), "10 days ago": ("2025-03-23", "day")},
        ),
    ],
)
def test_n_units_ago(blank: Extractor, text: str, expected: dict[str, tuple[str, str]]) -> None:
    got = {d["text"]: (d["value"], d["granularity"]) for d in dates(blank, text, WED)}
    assert got == expected


def test_uncounted_ago_is_not_a_date(blank: Extractor) -> None:
    assert dates(blank, "A few weeks ago and years ago, exports rose by 12 percent.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The plant opened in 2019 and doubled output the following year.", {"2019", "2020"}),
        ("Talks began in March 2021 and ended the following month.", {"2021-03", "2021-04"}),
        (
            "Jane Doe was elected on 4 May 2022; the previous day she spoke.",
            {"2022-05-04", "2022-05-03"},
        ),
    ],
)
def test_following_year_counts_from_the_date_just_mentioned(
    blank: Extractor, text: str, expected: set[str]
) -> None:
    assert values(blank, text, WED) == expected


def test_following_year_without_an_earlier_date_counts_from_the_document(
    blank: Extractor,
) -> None:
    assert values(blank, "The plant will double output the following year.", WED) == {"2026"}
    # a duration, not a date
    assert dates(blank, "Output will grow over the following year.", WED) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The deal should close by year-end.", {"2025"}),
        ("Northwind Ltd. expects approval by the end of the year.", {"2025"}),
        ("Payments are due at month-end.", {"2025-04"}),
        # a year after it is the date; fiscal year-ends are optional
        ("Reserves at year-end 2023 were high; fiscal year-end results follow.", {"2023"}),
    ],
)
def test_year_end(blank: Extractor, text: str, expected: set[str]) -> None:
    assert values(blank, text, WED) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Jane Doe, 49, the chief executive of Northwind Ltd., said output will rise.",
        "The founder, John Roe, 62, retired, and Mary Major, 55, succeeded him.",
    ],
)
def test_an_age_after_a_name_is_not_a_date(full: Extractor, blank: Extractor, text: str) -> None:
    assert dates(full, text, WED) == []
    assert dates(blank, text, WED) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The summit opens on Saturday, April 25: leaders will attend.", "2026-04-25"),
        ("Schedule for 25 April: arrivals, then talks.", "2026-04-25"),
        ("Deadline May 3: applications close.", "2026-05-03"),
    ],
)
def test_a_colon_after_the_day_keeps_the_day(blank: Extractor, text: str, expected: str) -> None:
    facts = dates(blank, text, "2026-04-02")
    assert [(d["value"], d["granularity"]) for d in facts] == [(expected, "day")]


def test_a_time_after_the_day_is_still_a_day(blank: Extractor) -> None:
    assert values(blank, "Talks open April 25 10:30 a.m. in Geneva.", "2026-04-02") == {
        "2026-04-25"
    }


def test_scan_finds_every_date_of_a_long_weekday_and_yearless_text(blank: Extractor) -> None:
    """A long release full of weekdays and year-less dates: every one found. How the
    time grows with the length is measured by bench/dates_scaling.py (no timed tests)."""
    from pipeline.components.dates import Evidence, scan

    unit = (
        "On Tuesday the group said it would meet on May 15, a week ago; "
        "the deadline was extended to 3 and 4 June, the following year; "
    )
    large = unit * 1000
    assert len(scan(large, Evidence(large))) == 1000 * 6


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # an infinitive after a past verb looks ahead of it, like "would"
        ("The ministers agreed to meet again on May 15 in Geneva.", WED, "2025-05-15"),
        ("The two sides decided to hold the next round in June.", "2025-07-02", "2026-06"),
        # a past verb with the date before the infinitive stays past
        ("The partnership was launched in June to mobilize funds.", WED, "2024-06"),
    ],
)
def test_infinitive_after_a_past_verb_is_future(
    full: Extractor, text: str, published: str, expected: str
) -> None:
    assert values(full, text, published) == {expected}


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("The ministry extended the deadline to March 31.", "2025-02-10", "2025-03-31"),
        ("The board postponed the vote until early June.", "2025-04-02", "2025-06"),
        ("Northwind Ltd. deferred payments till 15 January.", "2025-11-20", "2026-01-15"),
    ],
)
def test_a_date_something_is_moved_to_lies_ahead(
    blank: Extractor, full: Extractor, text: str, published: str, expected: str
) -> None:
    assert values(full, text, published) == {expected}
    assert values(blank, text, published) == {expected}


def test_anchored_phrases_chain_on(blank: Extractor) -> None:
    text = "Northwind Ltd. opened in 2019, grew the following year and doubled the following year."
    # one phrase, two mentions: both count from the dated mention just before them
    assert values(blank, text, WED) == {"2019", "2020", "2021"}
    text = "Talks opened in March and closed the following month."
    assert values(blank, text, "2025-06-02") == {"2025-03", "2025-04"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Output rose in Q3 2024 and H1 2023.", {"2024", "2023"}),
        ("Sales for q4 2022 fell.", {"2022"}),
    ],
)
def test_a_year_after_a_quarter_or_half_is_a_year(
    blank: Extractor, text: str, expected: set[str]
) -> None:
    assert values(blank, text, WED) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks are set for Jan 15 in Geneva.", "2026-01-15"),
        ("The vote is slated for March 1.", "2026-03-01"),
    ],
)
def test_set_for_is_future(blank: Extractor, text: str, expected: str) -> None:
    assert values(blank, text, "2025-04-02") == {expected}


def test_a_weekday_span_of_an_event_gives_both_days(blank: Extractor) -> None:
    text = "The forum runs from Monday through Wednesday in Geneva."
    assert values(blank, text, "2025-04-01") == {"2025-03-31", "2025-04-02"}
    text = "Delegates meet Tuesday to Thursday."
    assert values(blank, text, WED) == {"2025-04-01", "2025-04-03"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ministers met in Geneva on 3 and 4 March.", {"2025-03-03", "2025-03-04"}),
        ("Talks were held March 3 and 4, 2024.", {"2024-03-03", "2024-03-04"}),
        ("Hearings run 14 to 16 April 2026.", {"2026-04-14", "2026-04-16"}),
    ],
)
def test_two_days_joined_by_a_word_are_a_range(
    blank: Extractor, text: str, expected: set[str]
) -> None:
    assert values(blank, text, WED) == expected


def test_a_count_after_a_day_is_no_range(blank: Extractor) -> None:
    # "and 4 companies": the 4 is a count, not a second day
    assert values(blank, "On May 3 and 4 companies will sign.", WED) == {"2025-05-03"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The plant opened in March 2019; later that year it doubled output.", {"2019-03", "2019"}),
        ("Talks resumed on 4 May 2022 and a deal was signed the same day.", {"2022-05-04"}),
    ],
)
def test_that_year_and_the_same_day_name_the_date_before(
    blank: Extractor, text: str, expected: set[str]
) -> None:
    assert values(blank, text, WED) == expected


@pytest.mark.parametrize(
    "text",
    [
        "That year was hard for exporters.",
        "In 2020 talks restarted, and later that day they ended.",  # a year gives no day
    ],
)
def test_that_year_without_a_date_before_is_no_date(blank: Extractor, text: str) -> None:
    assert {d["text"] for d in dates(blank, text, WED)} <= {"2020"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the earlier mention's year fits the tense: borrowed
        ("In May 2024 exports rose. Since May, prices fell.", {"2024-05"}),
        # it does not: the tense wins
        ("In May 2024 the group met. The group will meet again in May.", {"2024-05", "2025-05"}),
        ("The forum in June 2025 will be big. Talks began in June.", {"2025-06", "2024-06"}),
    ],
)
def test_a_borrowed_year_must_fit_the_tense(full: Extractor, text: str, expected: set[str]) -> None:
    assert values(full, text, WED) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # an infinitive after the date is no cue: nearest
        (
            "The review, published on December 19, lists steps to make trade safer.",
            "2024-12-23",
            "2024-12-19",
        ),
        # "since" earlier in the clause looks back
        (
            "Officials said that since the summit in December, exports have grown.",
            "2025-08-02",
            "2024-12",
        ),
    ],
)
def test_cues_after_the_date_and_since_before_it(
    full: Extractor, text: str, published: str, expected: str
) -> None:
    assert values(full, text, published) == {expected}


def test_a_weekday_inside_a_name_the_model_found_is_no_date(full: Extractor) -> None:
    got = by_text(full, "The Sunday Times reported the deal on Monday.", WED)
    assert got == {"Monday": "2025-03-31"}
