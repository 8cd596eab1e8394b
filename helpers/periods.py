"""Dates as sources give them: a year ("since 2014"), a month ("August 2014") or a day. Stored in ISO
form at the precision the source gives, never padded into a false precision."""
from __future__ import annotations

import calendar

import pandas as pd
import polars as pl

from . import frames

MONTHS = [calendar.month_name[i] for i in range(13)]


def _parts(value: str) -> tuple[int, int | None, int | None]:
    bits = [int(b) for b in value.split("-")]
    return bits[0], (bits[1] if len(bits) > 1 else None), (bits[2] if len(bits) > 2 else None)


def label(value) -> str:
    """"2014-08" -> "August 2014"; "2014-09-23" -> "23 September 2014"; empty -> "not stated"."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) or value == "":
        return "not stated"
    y, m, d = _parts(str(value))
    if m is None:
        return str(y)
    if d is None:
        return f"{MONTHS[m]} {y}"
    return f"{d} {MONTHS[m]} {y}"


def bound(values, which: str) -> pl.Series:
    """first()/last() of every value of a column of reduced-precision dates, as a polars Datetime("ns")
    Series (a pandas or polars column, or a list); an invalid or empty value gives null. Worked out once
    per distinct value (a long column has few)."""
    s = frames.as_polars_series(values).cast(pl.String)
    distinct = s.drop_nulls().unique()
    n = distinct.str.len_chars()
    day = distinct.str.strptime(pl.Datetime("ns"), "%Y-%m-%d", strict=False)
    month = distinct.str.strptime(pl.Datetime("ns"), "%Y-%m", strict=False)
    year = distinct.str.strptime(pl.Datetime("ns"), "%Y", strict=False)
    if which == "last":
        month = month.dt.month_end()
        year = year.dt.offset_by("1y").dt.offset_by("-1d")
    bounds = pl.select(pl.when(n == 10).then(day).when(n == 7).then(month).when(n == 4).then(year)).to_series()
    return s.replace_strict(distinct, bounds, default=None, return_dtype=pl.Datetime("ns")).alias(s.name)
