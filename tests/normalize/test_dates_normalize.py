"""normalize_date and find_dateline: precision kept, reference explicit, no guessing."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.normalize.dates import find_dateline, normalize_date

REF = "2024-06-27"


@pytest.mark.parametrize(
    ("text", "value", "granularity"),
    [
        ("June 27, 2024", "2024-06-27", "day"),
        ("Sept. 5, 2024", "2024-09-05", "day"),
        ("JUNE 27, 2024", "2024-06-27", "day"),
        ("Thursday, June 27, 2024", "2024-06-27", "day"),
        ("27 June 2024", "2024-06-27", "day"),
        ("27th June, 2026", "2026-06-27", "day"),
        ("5th August, 2026", "2026-08-05", "day"),
        ("05 th August,2026", "2026-08-05", "day"),
        ("10thJune 2025", "2025-06-10", "day"),
        ("12 AUG 2026", "2026-08-12", "day"),
        ("2024-06-27", "2024-06-27", "day"),
        ("12.08.2026", "2026-08-12", "day"),
        ("May 2024", "2024-05", "month"),
        ("October 2023", "2023-10", "month"),
        ("December, 2022", "2022-12", "month"),
        ("2024", "2024", "year"),
        ("mid-2024", "2024", "year"),
        ("2012-2015", "2012/2015", "year"),
        ("FY 2025-26", "2025/2026", "year"),
    ],
)
def test_absolute_forms_keep_their_precision(text: str, value: str, granularity: str) -> None:
    assert normalize_date(text, REF) == (value, granularity)
    # absolute dates do not need the reference at all
    assert normalize_date(text, None) == (value, granularity)


def test_month_year_never_gets_a_day_from_the_reference() -> None:
    # the dateparser trap: with base 2024-06-27 it would answer 2024-05-27
    assert normalize_date("May 2024", dt.date(2024, 6, 27)) == ("2024-05", "month")


@pytest.mark.parametrize(
    ("text", "reference", "value", "granularity"),
    [
        ("Today", "2024-06-27", "2024-06-27", "day"),
        ("today’s", "2024-06-27", "2024-06-27", "day"),
        ("Yesterday", "2025-07-23", "2025-07-22", "day"),
        ("tomorrow", "2024-12-31", "2025-01-01", "day"),
        ("last year", "2026-08-12", "2025", "year"),
        ("this year", "2026-08-12", "2026", "year"),
        ("the current year", "2026-08-12", "2026", "year"),
        ("next year", "2022-11-15", "2023", "year"),
        ("last month", "2024-01-10", "2023-12", "month"),
        ("next month", "2024-12-10", "2025-01", "month"),
        ("December 19", "2024-06-27", "2024-12-19", "day"),
        ("19 December", "2024-06-27", "2024-12-19", "day"),
        ("April", "2026-08-12", "2026-04", "month"),
        ("this April", "2023-12-08", "2023-04", "month"),
        ("last December", "2024-06-27", "2023-12", "month"),
        ("next March", "2024-06-27", "2025-03", "month"),
        ("last Monday", "2024-06-27", "2024-06-24", "day"),
    ],
)
def test_relative_forms_resolve_against_the_reference(
    text: str, reference: str, value: str, granularity: str
) -> None:
    assert normalize_date(text, reference) == (value, granularity)
    assert normalize_date(text, dt.date.fromisoformat(reference)) == (value, granularity)


@pytest.mark.parametrize(
    ("text", "granularity"),
    [
        ("Today", "day"),
        ("yesterday", "day"),
        ("last year", "year"),
        ("the current year", "year"),
        ("next month", "month"),
        ("December 19", "day"),
        ("April", "month"),
    ],
)
def test_without_reference_relative_values_are_null(text: str, granularity: str) -> None:
    assert normalize_date(text, None) == (None, granularity)
    assert normalize_date(text, "not a date") == (None, granularity)


def test_prefer_places_a_yearless_date_around_the_reference() -> None:
    # "Since December" in a July release means the December before it
    assert normalize_date("December", "2023-07-12", prefer="past") == ("2022-12", "month")
    assert normalize_date("Since December", "2023-07-12") == ("2022-12", "month")
    assert normalize_date("January 10", "2024-11-20", prefer="future") == ("2025-01-10", "day")
    # a date already on the preferred side keeps the document's year
    assert normalize_date("April", "2023-07-12", prefer="past") == ("2023-04", "month")


@pytest.mark.parametrize("text", ["three years", "60 days", "the last six years", "decades", ""])
def test_durations_and_non_dates_give_nothing(text: str) -> None:
    assert normalize_date(text, REF)[0] is None


def test_impossible_dates_give_no_value() -> None:
    assert normalize_date("February 30, 2024", REF)[0] is None
    assert normalize_date("31.13.2024", REF)[0] is None


def test_dateparser_fallback_keeps_period() -> None:
    # not one of the explicit shapes: dateparser reads it, at day precision
    assert normalize_date("the 27th of June, 2024", None) == ("2024-06-27", "day")
    assert normalize_date("the 27th of June, 2024", None, fallback=False) == (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WASHINGTON, D.C. – June 27, 2024 – Today, the Secretary met", "2024-06-27"),
        ("Title of the release\nNew Delhi, 12 August 2026\nThe Minister said", "2026-08-12"),
        ("January 25, 2019\nUSTR announced", "2019-01-25"),
        ("Some title\nPosted On: 12 AUG 2026 4:15PM by PIB Delhi\nText", "2026-08-12"),
        ("Geneva, 5th August, 2026: The Council met", "2026-08-05"),
    ],
)
def test_find_dateline_reads_dateline_shapes(text: str, expected: str) -> None:
    assert find_dateline(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a date inside a sentence near the top is not a dateline
        "DPIIT Signs MoUs\n\nThe Department signed MoUs on 19 August 2026 to strengthen startups.",
        "Washington, DC – Today, the United States received a request.",
        # month and year only: datelines carry a day
        "New Delhi, May 2024\nText",
        # beyond the head of the release
        "Title\n" + "x " * 200 + "\nNew Delhi, 12 August 2026\nText",
        "",
    ],
)
def test_find_dateline_ignores_other_dates(text: str) -> None:
    assert find_dateline(text) is None


# -- year-less dates and weekdays: nearest the reference, read with the tense ---------------


@pytest.mark.parametrize(
    ("text", "reference", "prefer", "value"),
    [
        # no tense cue: the nearest such date, either side of the reference
        ("December", "2025-01-15", None, "2024-12"),
        ("January", "2024-11-20", None, "2025-01"),
        ("March 3", "2025-11-20", None, "2026-03-03"),
        ("2 February", "2025-12-30", None, "2026-02-02"),
        ("June", "2025-06-10", None, "2025-06"),
        # past: the latest on or before the reference
        ("November", "2025-02-01", "past", "2024-11"),
        ("May 15", "2025-04-02", "past", "2024-05-15"),
        ("April 2", "2025-04-02", "past", "2025-04-02"),
        ("April", "2025-04-02", "past", "2025-04"),
        # future: the earliest on or after the reference
        ("May 15", "2025-04-02", "future", "2025-05-15"),
        ("3 March", "2025-11-20", "future", "2026-03-03"),
        ("April 2", "2025-04-02", "future", "2025-04-02"),
        ("January", "2025-06-30", "future", "2026-01"),
    ],
)
def test_yearless_date_takes_the_year_nearest_the_reference(
    text: str, reference: str, prefer: str | None, value: str
) -> None:
    assert normalize_date(text, reference, prefer=prefer)[0] == value


def test_february_29_only_lands_in_a_leap_year() -> None:
    assert normalize_date("February 29", "2025-03-10") == ("2024-02-29", "day")
    assert normalize_date("February 29", "2027-01-10", prefer="future") == ("2028-02-29", "day")


# 2025-04-02 is a Wednesday.
@pytest.mark.parametrize(
    ("text", "prefer", "value"),
    [
        ("Wednesday", None, "2025-04-02"),  # the document's own weekday is its date
        ("Wednesday", "past", "2025-04-02"),
        ("Wednesday", "future", "2025-04-02"),
        ("Tuesday", "past", "2025-04-01"),
        ("Tuesday", "future", "2025-04-08"),
        ("Thursday", "past", "2025-03-27"),
        ("Thursday", "future", "2025-04-03"),
        ("Monday", None, "2025-03-31"),  # nearest: two days back, not five ahead
        ("Saturday", None, "2025-04-05"),  # nearest: three days ahead, not four back
        ("on Friday", None, "2025-04-04"),
        ("last Wednesday", None, "2025-03-26"),
        ("next Wednesday", None, "2025-04-09"),
    ],
)
def test_weekday_is_the_nearest_such_day_read_with_the_tense(
    text: str, prefer: str | None, value: str
) -> None:
    assert normalize_date(text, "2025-04-02", prefer=prefer) == (value, "day")
    assert normalize_date(text, None, prefer=prefer) == (None, "day")


@pytest.mark.parametrize(
    ("text", "reference", "value", "granularity"),
    [
        ("two weeks ago", "2025-04-02", "2025-03-19", "day"),
        ("a week ago", "2025-01-03", "2024-12-27", "day"),
        ("3 days ago", "2025-03-01", "2025-02-26", "day"),
        ("three months ago", "2025-02-10", "2024-11", "month"),
        ("A month ago", "2025-04-02", "2025-03", "month"),
        ("two years ago", "2025-04-02", "2023", "year"),
        ("a couple of years ago", "2026-08-12", "2024", "year"),
    ],
)
def test_n_units_ago_counts_back_at_the_units_precision(
    text: str, reference: str, value: str, granularity: str
) -> None:
    assert normalize_date(text, reference) == (value, granularity)
    assert normalize_date(text, None) == (None, granularity)


@pytest.mark.parametrize("text", ["a few weeks ago", "several years ago", "years ago"])
def test_uncounted_ago_gives_no_value(text: str) -> None:
    assert normalize_date(text, "2025-04-02")[0] is None


@pytest.mark.parametrize(
    ("text", "reference", "value", "granularity"),
    [
        ("year-end", "2025-04-02", "2025", "year"),
        ("the end of the year", "2023-10-30", "2023", "year"),
        ("month-end", "2025-04-02", "2025-04", "month"),
        ("the end of this month", "2024-12-05", "2024-12", "month"),
        # anchored phrases count from whatever reference they are given
        ("the following year", "2019-01-01", "2020", "year"),
        ("the following month", "2024-12-01", "2025-01", "month"),
        ("the next day", "2024-02-28", "2024-02-29", "day"),
        ("the previous year", "2031-06-01", "2030", "year"),
    ],
)
def test_year_end_and_anchored_phrases(
    text: str, reference: str, value: str, granularity: str
) -> None:
    assert normalize_date(text, reference) == (value, granularity)
