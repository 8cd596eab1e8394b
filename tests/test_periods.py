"""Reduced-precision dates: the first and last day a year, month or day can mean, and their
words."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import polars as pl

from helpers.data import periods
from helpers.data.kept import Kept


def test_bounds_of_a_year_a_month_and_a_day_and_nothing_for_what_is_not_a_date():
    values = pd.Series(
        [
            "2014",
            "2018-08",
            "2016-02",
            "2015-02",
            "2016-02-29",
            "2015-02-29",
            "2018-13",
            "x",
            "",
            None,
        ],
        dtype="string",
    )
    first, last = periods.bound(values, "first").to_list(), periods.bound(values, "last").to_list()
    assert first[:5] == [
        datetime(2014, 1, 1),
        datetime(2018, 8, 1),
        datetime(2016, 2, 1),
        datetime(2015, 2, 1),
        datetime(2016, 2, 29),
    ]
    assert last[:5] == [
        datetime(2014, 12, 31),
        datetime(2018, 8, 31),
        datetime(2016, 2, 29),
        datetime(2015, 2, 28),
        datetime(2016, 2, 29),
    ]
    assert first[5:] == last[5:] == [None] * 5  # not a real day, month or date; empty; missing


def test_labels_keep_the_precision_the_source_gave():
    assert [periods.label(v) for v in ("2014", "2014-08", "2014-09-23", "", None)] == [
        "2014",
        "August 2014",
        "23 September 2014",
        "date not stated",
        "date not stated",
    ]


def test_dates_and_spans_read_as_running_text():
    assert [periods.on(v) for v in ("2018-09-27", "2018-07", "2018", None)] == [
        "on 27 September 2018",
        "in July 2018",
        "in 2018",
        "on a date not stated",
    ]
    assert [
        periods.span(start, end)
        for start, end in [("2014-08", "2018-08-31"), ("2014", ""), (None, "2018-07"), ("", None)]
    ] == [
        "August 2014 to 31 August 2018",
        "from 2014 (end not stated)",
        "up to July 2018",
        "dates not stated",
    ]


def test_no_year_overflows_into_another_century():
    """A timestamp in nanoseconds holds the years 1678-2261 only: polars would read "3000" as a day
    in 1830. Such a year (which loading refuses anyway) has no bound here, never a wrong one."""
    values = pd.Series(
        ["3000", "3000-01", "1600-05-01", "0000", "9999-12-31", "2261-12", "1678"], dtype="string"
    )
    assert periods.bound(values, "first").to_list() == [None] * 5 + [
        datetime(2261, 12, 1),
        datetime(1678, 1, 1),
    ]
    assert periods.bound(values, "last").to_list()[5:] == [
        datetime(2261, 12, 31),
        datetime(1678, 12, 31),
    ]


def test_only_ascii_digits_make_a_date():
    values = pl.Series(
        ["٢٠١٨", "2018-0٩", "۲۰۱۸-۰۸-۰۱", "2018", "2018-09", "2018-09-31", "2018-9", "+2018"]
    )
    first = values.to_frame("v").select(periods.first_day(pl.col("v"))).to_series().to_list()
    assert first == [None, None, None, date(2018, 1, 1), date(2018, 9, 1), None, None, None]
    last = values.to_frame("v").select(periods.last_day(pl.col("v"))).to_series().to_list()
    assert last[3:5] == [date(2018, 12, 31), date(2018, 9, 30)]
    days = (
        values.to_frame("v")
        .select(periods.first_day(pl.col("v"), periods.DAY))
        .to_series()
        .to_list()
    )
    assert days == [None] * 8  # DAY takes only YYYY-MM-DD; 2018-09-31 is not a day


def test_kept_answers_are_the_same_for_short_and_long_columns_and_by_their_own_values():
    """Each value's answer is kept (periods._KEPT): asked again, or inside a long column, the
    same values give the same dates; other values, or the other end, their own."""
    values = ["2018-09", "2017", None, "2018-09-27", "not a date"]
    long = values * 5
    for which in ("first", "last"):
        short = periods.bound(values, which).to_list()
        assert periods.bound(values, which).to_list() == short
        assert periods.bound(long, which).to_list()[: len(values)] == short
    assert (
        periods.bound(["2018-09"], "first").to_list()
        != periods.bound(["2018-09"], "last").to_list()
    )
    assert (
        periods.bound(["2018-10"], "last").to_list() != periods.bound(["2018-09"], "last").to_list()
    )
    assert (
        periods.first_days(["2018-09"]).to_list()
        == periods.first_days(["2018-09"] * 40).to_list()[:1]
    )
    named = periods.bound(pl.Series("zz_name", ["2018-09"]), "first")
    assert named.name == "zz_name"


def test_a_column_of_more_distinct_values_than_are_kept_answers_every_row(monkeypatch):
    """Kept answers are bounded (periods._KEPT): a column of more distinct dates than that still
    gets each row's own, the same as with room for all."""
    values = [f"19{year}-0{month}" for year in range(50, 60) for month in range(1, 4)]
    expected = periods.bound(values, "last").to_list()
    monkeypatch.setattr(periods, "_KEPT", Kept(3))
    assert periods.bound(values, "last").to_list() == expected
    assert expected[0] == datetime(1950, 1, 31) and len(set(expected)) == len(values)
    assert periods.first_days([None, "zz"]).to_list() == [None, None]
