"""One way of writing dates, on screen and on paper, and what a date field accepts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from soberhouse import date_style
from soberhouse.date_style import DateStyle, TypedDateProblem, parse_typed_date

OCT_19 = dt.date(2026, 10, 19)


@pytest.fixture(autouse=True)
def style_restored() -> Iterator[None]:
    yield
    date_style.use_style(date_style.DEFAULT_STYLE)


@pytest.mark.parametrize(("style", "written", "short", "typed"), [
    (DateStyle.DAY_MONTH_YEAR, "19 Oct 2026", "19 Oct", "19/10/2026"),
    (DateStyle.MONTH_DAY_YEAR, "Oct 19, 2026", "Oct 19", "10/19/2026"),
    (DateStyle.ISO, "2026-10-19", "2026-10-19", "2026-10-19"),
])
def test_each_style_writes_a_day_one_way(style: DateStyle, written: str, short: str,
                                         typed: str) -> None:
    date_style.use_style(style)
    assert date_style.written_date(OCT_19) == written
    assert date_style.written_day_in_month(OCT_19) == short
    assert date_style.typed_date(OCT_19) == typed
    assert parse_typed_date(typed) == OCT_19  # what a field shows, it reads back


@pytest.mark.parametrize("text", ["19/10/2026", "19.10.2026", "19-10-2026", "2026-10-19",
                                  "2026/10/19", "19 Oct 2026", "19 october 2026",
                                  "Oct 19, 2026", " 19/10/2026 "])
def test_a_date_field_reads_what_a_manager_types(text: str) -> None:
    assert parse_typed_date(text, DateStyle.DAY_MONTH_YEAR) == OCT_19


def test_month_first_computers_read_month_first() -> None:
    assert parse_typed_date("10/19/2026", DateStyle.MONTH_DAY_YEAR) == OCT_19
    assert parse_typed_date("2/3/2026", DateStyle.MONTH_DAY_YEAR) == dt.date(2026, 2, 3)
    assert parse_typed_date("2/3/2026", DateStyle.DAY_MONTH_YEAR) == dt.date(2026, 3, 2)


@pytest.mark.parametrize(("text", "message"), [
    ("", "Type a date."),
    ("19/10/26", "Type the year with four digits (dd/mm/yyyy)."),
    ("31/02/2026", "February 2026 has no day 31."),
    ("19/13/2026", "“19/13/2026” has no month 13: months go from 1 to 12."),
    ("Choose…9880412", "“Choose…9880412” is not a date: type it as dd/mm/yyyy."),
    ("19 Smarch 2026", "“Smarch” is not a month."),
])
def test_text_that_is_not_a_date_is_named(text: str, message: str) -> None:
    with pytest.raises(TypedDateProblem) as problem:
        parse_typed_date(text, DateStyle.DAY_MONTH_YEAR)
    assert str(problem.value) == message


@pytest.mark.parametrize(("pattern", "style"), [
    ("M/d/yy", DateStyle.MONTH_DAY_YEAR), ("dd/MM/yyyy", DateStyle.DAY_MONTH_YEAR),
    ("dd.MM.yy", DateStyle.DAY_MONTH_YEAR), ("yyyy-MM-dd", DateStyle.ISO),
    ("y/M/d", DateStyle.ISO),
])
def test_the_computers_format_picks_the_style(pattern: str, style: DateStyle) -> None:
    assert date_style.style_of_locale_pattern(pattern) is style


def test_the_chosen_style_is_kept_with_the_data(db: object) -> None:
    assert date_style.saved_style() is None
    assert date_style.follow_saved_style("M/d/yy") is DateStyle.MONTH_DAY_YEAR
    date_style.save_style(DateStyle.ISO)
    assert date_style.follow_saved_style("M/d/yy") is DateStyle.ISO
    assert date_style.written_date(OCT_19) == "2026-10-19"
    date_style.save_style(None)
    assert date_style.follow_saved_style("dd.MM.yy") is DateStyle.DAY_MONTH_YEAR
