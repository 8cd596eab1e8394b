"""Numbers, dates and names as readers see them, for every stage: the findings' evidence needs them as
much as the tables and charts do, so no stage imports a later one to format a number."""

from __future__ import annotations

import pandas as pd
import polars as pl

GEOGRAPHY_NAMES = {"IRQ": "Iraq", "SYR": "Syria"}
RANGE_DASH = "–"


def per_value(s: pl.Series, fn, nulls: bool = True) -> pl.Series:
    """fn of each distinct value of a column, worked out once and spread back over the rows, as text (a
    long column has few distinct values). nulls: fn is given None for a missing value too; otherwise a
    missing value stays missing."""
    distinct = s.unique() if nulls else s.drop_nulls().unique()
    return s.replace_strict(
        distinct, [fn(v) for v in distinct.to_list()], default=None, return_dtype=pl.String
    )


def num(x) -> str:
    """A number as text shows it: "1,114"; "n/a" when unknown; two decimals when not whole."""
    if type(x) is int:  # the common case, first
        return f"{x:,}"
    if x is None or pd.isna(x):
        return "n/a"
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.2f}"


def nums(s: pl.Series) -> pl.Series:
    """num() of every value."""
    return per_value(s, num)


def _known(x) -> bool:
    return x is not None and not pd.isna(x)


def amount(low, high) -> str:
    """A count stated between two ends as a reader reads it: "1,114" (one number), "1,150–1,200" (a
    range), "n/a" (an end unknown)."""
    if not (_known(low) and _known(high)):
        return "n/a"
    return num(low) if low == high else f"{num(low)}{RANGE_DASH}{num(high)}"


def amounts(low: pl.Series, high: pl.Series) -> pl.Series:
    """amount() of every row (a long column has few ranges: their highs are written out alone)."""
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


def day(ts) -> str:
    """A date as the evidence writes it: "2018-09-27"; "date unknown" when it is not known."""
    return ts.strftime("%Y-%m-%d") if ts is not None and pd.notna(ts) else "date unknown"


def geography_label(code) -> str:
    if code is None or pd.isna(code):
        return "not stated"
    return " and ".join(GEOGRAPHY_NAMES.get(c, c) for c in str(code).split("+"))


def group_label(breakdown: str) -> str:
    """A breakdown's group as a label: "us_administration:obama" -> "Obama"."""
    return breakdown.split(":", 1)[1].replace("_", " ").title()
