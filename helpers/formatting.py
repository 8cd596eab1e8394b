"""Numbers, dates and names as readers see them, for every stage: the findings' evidence needs them
as much as the tables and charts do, so no stage imports a later one to format a number."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import polars as pl

GEOGRAPHY_NAMES = {"IRQ": "Iraq", "SYR": "Syria"}
RANGE_DASH = "–"


def per_value(column: pl.Series, fn: Callable[[Any], str | None], nulls: bool = True) -> pl.Series:
    """fn of each distinct value of a column, worked out once and spread back over the rows, as a
    text column (a long column has few distinct values). nulls: fn is given None for a missing value
    too; otherwise a missing value stays missing."""
    distinct = column.unique() if nulls else column.drop_nulls().unique()
    return column.replace_strict(
        distinct, [fn(v) for v in distinct.to_list()], default=None, return_dtype=pl.String
    )


def num(value: Any) -> str:
    """A number as text shows it: "1,114"; "n/a" when unknown; two decimals when not whole."""
    if type(value) is int:  # the common case, first
        return f"{value:,}"
    if value is None or pd.isna(value):
        return "n/a"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"


def nums(column: pl.Series) -> pl.Series:
    """num() of every value of a column, as a text column ("n/a" where a value is missing)."""
    return per_value(column, num)


def _known(value: Any) -> bool:
    return value is not None and not pd.isna(value)


def amount(low: Any, high: Any) -> str:
    """A count stated between two ends as a reader reads it: "1,114" (one number), "1,150–1,200" (a
    range), "n/a" (an end unknown)."""
    if not (_known(low) and _known(high)):
        return "n/a"
    return num(low) if low == high else f"{num(low)}{RANGE_DASH}{num(high)}"


def amounts(low: pl.Series, high: pl.Series) -> pl.Series:
    """amount() of every row, as a text column named "amount" (a long column has few ranges: their
    highs are written out alone)."""
    known = low.is_not_null() & high.is_not_null()
    single = nums(low)
    ranged = pl.select(pl.when(low != high).then(high)).to_series()
    spans = pl.concat_str([single, pl.lit(RANGE_DASH), nums(ranged)])
    return pl.select(
        pl.when(~known)
        .then(pl.lit("n/a"))
        .when(low == high)
        .then(single)
        .otherwise(spans)
        .alias("amount")
    ).to_series()


def day(timestamp: Any) -> str:
    """A date as the evidence writes it: "2018-09-27"; "date unknown" when it is not known."""
    if timestamp is not None and pd.notna(timestamp):
        return timestamp.strftime("%Y-%m-%d")
    return "date unknown"


def geography_label(code: str | None) -> str:
    """A geography code as readers name it: "IRQ" -> "Iraq", "IRQ+SYR" -> "Iraq and Syria" (a code
    without a name stays as it is); "not stated" when there is none."""
    if code is None or pd.isna(code):
        return "not stated"
    return " and ".join(GEOGRAPHY_NAMES.get(c, c) for c in str(code).split("+"))


def group_label(breakdown: str) -> str:
    """A breakdown's group as a label: "us_administration:obama" -> "Obama"."""
    return breakdown.split(":", 1)[1].replace("_", " ").title()
