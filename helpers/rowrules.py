"""Rules within a row that a Table Schema cannot express: ranges whose bounds must be in order,
periods that end after they start, a number that must read as its printed form. Vectorised."""
from __future__ import annotations

import pandas as pd

from . import periods, schema
from .errors import Problem
from .validate import _problems, _show


def _period_problems(file: str, df: pd.DataFrame) -> list[Problem]:
    out = []
    for col in ("period_start", "period_end"):
        s = df[col]
        which = "first" if col == "period_start" else "last"
        bound = periods.series_bound(s, which)
        bad = s.notna() & bound.isna()
        out += _problems(file, df, bad, col, lambda r, c=col: f"{_show(r[c])} is not a real date (YYYY, YYYY-MM or YYYY-MM-DD)")
    start = periods.series_bound(df["period_start"], "first")
    end = periods.series_bound(df["period_end"], "last")
    out += _problems(file, df, (end < start).fillna(False), "period_end",
                     lambda r: f"the period ends ({r['period_end']}) before it starts ({r['period_start']})")
    return out


def figure_problems(figures: pd.DataFrame, root=None) -> list[Problem]:
    file = schema.resource("figures", root)["path"]
    f = figures
    between = f["qualifier"] == "between"
    out = []
    out += _problems(file, f, between & (f["low"].isna() | f["high"].isna()), "low", "a range ('between') needs both low and high")
    out += _problems(file, f, between & f["value"].notna(), "value", "leave value empty for a range ('between'); give low and high")
    out += _problems(file, f, ~between & f["value"].isna(), "value", "a value is required (only a 'between' range may leave it empty)")
    out += _problems(file, f, ~between & (f["low"].notna() | f["high"].notna()), "low", "low and high are only for a 'between' range")
    out += _problems(file, f, (f["low"] > f["high"]).fillna(False), "low", lambda r: f"low ({r['low']:,}) is above high ({r['high']:,}); expected low no larger than high")
    written = f["value_as_written"]
    plain = written.str.fullmatch(r"[\d][\d,. ]*").fillna(False) & f["value"].notna()
    digits = written.str.replace(r"[^\d]", "", regex=True)
    mismatch = plain & (digits != f["value"].astype("string"))
    out += _problems(file, f, mismatch.fillna(False), "value", lambda r: f"{r['value']} does not match the printed {r['value_as_written']!r}; expected the same digits as value_as_written")
    return out + _period_problems(file, f)


def report_problems(reports: pd.DataFrame, root=None) -> list[Problem]:
    file = schema.resource("reports", root)["path"]
    out = _period_problems(file, reports)
    bad = reports["published"].notna() & periods.series_bound(reports["published"], "first").isna()
    out += _problems(file, reports, bad, "published", lambda r: f"{_show(r['published'])} is not a real date")
    out += _problems(file, reports, (reports["carried_by"] == reports["report_id"]).fillna(False), "carried_by",
                     "a report cannot be carried by itself; leave carried_by empty when the report is read directly")
    return out
