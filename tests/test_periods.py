"""Reduced-precision dates: the first and last day a year, month or day can mean, and their words."""
from __future__ import annotations

from datetime import datetime

import pandas as pd

from helpers import periods


def test_bounds_of_a_year_a_month_and_a_day_and_nothing_for_what_is_not_a_date():
    values = pd.Series(["2014", "2018-08", "2016-02", "2015-02", "2016-02-29", "2015-02-29", "2018-13", "x", "", None], dtype="string")
    first, last = periods.bound(values, "first").to_list(), periods.bound(values, "last").to_list()
    assert first[:5] == [datetime(2014, 1, 1), datetime(2018, 8, 1), datetime(2016, 2, 1), datetime(2015, 2, 1), datetime(2016, 2, 29)]
    assert last[:5] == [datetime(2014, 12, 31), datetime(2018, 8, 31), datetime(2016, 2, 29), datetime(2015, 2, 28), datetime(2016, 2, 29)]
    assert first[5:] == last[5:] == [None] * 5  # not a real day, month or date; empty; missing


def test_labels_keep_the_precision_the_source_gave():
    assert [periods.label(v) for v in ("2014", "2014-08", "2014-09-23", "", None)] == \
        ["2014", "August 2014", "23 September 2014", "not stated", "not stated"]
