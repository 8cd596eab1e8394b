"""Rules within a row that a Table Schema cannot express: ranges whose bounds must be in order,
periods that end after they start, a number that must read as its printed form. Column by column."""
from __future__ import annotations

import polars as pl

from . import frames, periods, schema
from .errors import Problem
from .validate import _problems, _show


def _period_problems(file: str, df: pl.DataFrame) -> list[Problem]:
    out = []
    start, end = periods.bound(df["period_start"], "first"), periods.bound(df["period_end"], "last")
    for col, bound in (("period_start", start), ("period_end", end)):
        out += _problems(file, df, df[col].is_not_null() & bound.is_null(), col, lambda r, c=col: f"{_show(r[c])} is not a real date (YYYY, YYYY-MM or YYYY-MM-DD)")
    out += _problems(file, df, end < start, "period_end",
                     lambda r: f"the period ends ({r['period_end']}) before it starts ({r['period_start']})")
    return out


def figure_problems(figures, root=None) -> list[Problem]:
    file = schema.resource("figures", root)["path"]
    f = frames.as_polars(figures)
    between = (f["qualifier"] == "between").fill_null(False)
    value, low, high = f["value"], f["low"], f["high"]
    out = []
    out += _problems(file, f, between & (low.is_null() | high.is_null()), "low", "a range ('between') needs both low and high")
    out += _problems(file, f, between & value.is_not_null(), "value", "leave value empty for a range ('between'); give low and high")
    out += _problems(file, f, ~between & value.is_null(), "value", "a value is required (only a 'between' range may leave it empty)")
    out += _problems(file, f, ~between & (low.is_not_null() | high.is_not_null()), "low", "low and high are only for a 'between' range")
    out += _problems(file, f, low > high, "low", lambda r: f"low ({r['low']:,}) is above high ({r['high']:,}); expected low no larger than high")
    written = f["value_as_written"]
    plain = written.str.contains(r"^(?:[\d][\d,. ]*)$") & value.is_not_null()
    digits = written.str.replace_all(r"[^\d]", "")
    out += _problems(file, f, plain & (digits != value.cast(pl.String)), "value",
                     lambda r: f"{r['value']} does not match the printed {r['value_as_written']!r}; expected the same digits as value_as_written")
    return out + _period_problems(file, f)


def breakdown_problems(figures, dimensions, root=None) -> list[Problem]:
    """Each breakdown's dimension (before the colon) is declared in dimensions.csv, which says how text
    writes it; a figure's group within it is free."""
    file = schema.resource("figures", root)["path"]
    f, d = frames.as_polars(figures), frames.as_polars(dimensions)
    dim = f["breakdown"].str.split(":").list.first()
    return _problems(file, f, dim.is_not_null() & ~dim.is_in(d["dimension"].implode()), "breakdown",
                     lambda r: f"the dimension {r['breakdown'].split(':')[0]!r} is not in {schema.resource('dimensions', root)['path']}; "
                               "expected a declared dimension: add a row there saying how text writes it (like US administration)")


def report_problems(reports, root=None) -> list[Problem]:
    file = schema.resource("reports", root)["path"]
    r = frames.as_polars(reports)
    out = _period_problems(file, r)
    out += _problems(file, r, r["published"].is_not_null() & periods.bound(r["published"], "first").is_null(), "published",
                     lambda x: f"{_show(x['published'])} is not a real date")
    out += _problems(file, r, r["carried_by"] == r["report_id"], "carried_by",
                     "a report cannot be carried by itself; leave carried_by empty when the report is read directly")
    return out
