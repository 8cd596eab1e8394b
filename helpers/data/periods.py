"""Dates as sources give them: a year ("since 2014"), a month ("August 2014") or a day. Stored in
ISO form at the precision the source gives, never padded into a false precision.

Every date in the data is read here, worked out as a polars Date (days: no year can overflow it)
before anything turns it into a timestamp: a date is written with the ASCII digits 0-9, is a real
calendar date, and lies between 1900-01-01 and the day after the day the check runs (validate.py
refuses the rest)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
import polars as pl

from helpers.data import frames
from helpers.data.kept import Kept

MONTHS = [calendar.month_name[i] for i in range(13)]
# [0-9], not \d: \d also takes Arabic-Indic and other digits
REDUCED = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
EARLIEST = dt.date(1900, 1, 1)
UNSTATED = "date not stated"
NS_YEARS = (1678, 2261)  # the whole years a timestamp in nanoseconds (pandas' and charts') can hold


def latest() -> dt.date:
    """The last day a date in the data may be: tomorrow (a day's grace for a curator's zone)."""
    return dt.date.today() + dt.timedelta(days=1)


def _parts(value: str) -> tuple[int, int | None, int | None]:
    bits = [int(b) for b in value.split("-")]
    return bits[0], (bits[1] if len(bits) > 1 else None), (bits[2] if len(bits) > 2 else None)


def _missing(value: Any) -> bool:
    return (
        value is None
        or value is pd.NA
        or (isinstance(value, float) and pd.isna(value))
        or value == ""
    )


def label(value: Any) -> str:
    """ "2014-08" -> "August 2014"; "2014-09-23" -> "23 September 2014"; empty -> "date not
    stated"."""
    if _missing(value):
        return UNSTATED
    year, month, day = _parts(str(value))
    if month is None:
        return str(year)
    if day is None:
        return f"{MONTHS[month]} {year}"
    return f"{day} {MONTHS[month]} {year}"


def on(value: Any) -> str:
    """A date after a verb, as running text writes it: "on 27 September 2018" (a day), "in July
    2018" (a month or a year); "on a date not stated" when it is empty."""
    if _missing(value):
        return "on a date not stated"
    return f"{'on' if re.match(DAY, str(value)) else 'in'} {label(value)}"


def span(start: Any, end: Any) -> str:
    """The months a figure covers, from its first and last dates (either may be empty): "August
    2014 to 31 August 2018", "from August 2014 (end not stated)", "up to 31 August 2018", "dates
    not stated"."""
    if _missing(start):
        return "dates not stated" if _missing(end) else f"up to {label(end)}"
    if _missing(end):
        return f"from {label(start)} (end not stated)"
    return f"{label(start)} to {label(end)}"


def first_day(text: pl.Expr, form: str = REDUCED) -> pl.Expr:
    """The first day a date written YYYY, YYYY-MM or YYYY-MM-DD (form: REDUCED, or DAY for days
    only) can mean, as a polars Date expression; null where the text is not in the form or not a
    real calendar date."""
    n = text.str.len_bytes()
    day = pl.when(n == 4).then(text + "-01-01").when(n == 7).then(text + "-01").otherwise(text)
    return (
        pl.when(text.str.contains(form)).then(day).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
    )


def last_day(text: pl.Expr) -> pl.Expr:
    """The last day a date written YYYY, YYYY-MM or YYYY-MM-DD can mean, as a polars Date expression
    (or null)."""
    first, n = first_day(text), text.str.len_bytes()
    return (
        pl.when(n == 4)
        .then(first.dt.offset_by("1y").dt.offset_by("-1d"))
        .when(n == 7)
        .then(first.dt.month_end())
        .otherwise(first)
    )


def _per_value(
    values: Iterable, fn: Callable[[pl.Expr], pl.Expr], kind: tuple[str, str]
) -> pl.Series:
    """fn (of a text expression) of every value of a column (a pandas or polars column, or a list).
    Each distinct value is worked out once per process: kind names fn (what it works out, and how),
    and the answer is kept by kind and value (_KEPT), since checks and sentences ask again and
    again about the same few dates, and each polars query costs 2 ms; the values not yet kept are
    worked out together, in one query."""
    column = frames.as_polars_series(values).cast(pl.String)
    texts = column.to_list()
    new = [v for v in dict.fromkeys(texts) if v is not None and (kind, v) not in _KEPT]
    dtype = _DTYPES.get(kind)
    if new or dtype is None:
        out = pl.Series("v", new, dtype=pl.String).to_frame().select(fn(pl.col("v"))).to_series()
        dtype = _DTYPES.setdefault(kind, out.dtype)
        for value, answer in zip(new, out.to_list(), strict=True):
            _KEPT.put((kind, value), answer)
    answers = {v: _answer(kind, v, fn) for v in dict.fromkeys(texts) if v is not None}
    return pl.Series(column.name, [answers.get(v) for v in texts], dtype=dtype)


def _answer(kind: tuple[str, str], value: str, fn: Callable[[pl.Expr], pl.Expr]) -> Any:
    """The kept answer for one value; worked out again alone if it was dropped meanwhile (a column
    of more distinct values than _KEPT holds)."""
    if (kind, value) in _KEPT:
        return _KEPT.get((kind, value))
    answer = pl.Series("v", [value]).to_frame().select(fn(pl.col("v"))).to_series().item()
    return _KEPT.put((kind, value), answer)


# the answers by what was worked out and the value (_per_value), and the type of each kind's
# answers
_KEPT: Kept[Any] = Kept(1 << 16)
_DTYPES: dict[tuple[str, str], pl.DataType] = {}


def first_days(values: Iterable, form: str = REDUCED) -> pl.Series:
    """first_day() of every value of a column (a pandas or polars column, or a list), as a polars
    Series of Dates."""
    return _per_value(values, lambda text: first_day(text, form), ("first day", form))


def bound(values: Iterable, which: str) -> pl.Series:
    """first()/last() of every value of a column of reduced-precision dates, as a polars
    Datetime("ns") Series (a pandas or polars column, or a list); an invalid or empty value, or one
    no timestamp in nanoseconds can hold, gives null (never a date wrapped round into another
    century)."""
    day = first_day if which == "first" else last_day
    return _per_value(
        values,
        lambda text: (
            pl.when(day(text).dt.year().is_between(*NS_YEARS))
            .then(day(text))
            .cast(pl.Datetime("ns"))
        ),
        ("bound", which),
    )


# an ISO date or month standing alone in text: "2018-09-27", "2014-08"
ISO_DATE = re.compile(r"(?<![\w/-])[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?(?![\w/-])")


def dates_in_words(text: str) -> str:
    """text with every ISO date or month standing alone written as readers write it:
    "2018-09-27" -> "27 September 2018", "2014-08" -> "August 2014"."""
    return ISO_DATE.sub(lambda found: label(found.group(0)), text)
