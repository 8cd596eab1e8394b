"""Tables cross between polars (validation, checks) and pandas (notebooks) with every type exact."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl

from helpers import formatting
from helpers.data import frames, load


def test_every_type_survives_the_round_trip_with_its_missing_values():
    df = pl.DataFrame(
        {
            "text": ["a", None, "“c”"],
            "whole": [1, None, -3],
            "real": [0.5, None, 2.0],
            "flag": [True, None, False],
            "day": pl.Series(["2018-09-27", None, "2014-08-08"]).str.strptime(
                pl.Datetime("us"), "%Y-%m-%d"
            ),
            "row": [2, 3, 4],
        }
    )
    pdf = frames.to_pandas(df, plain=("row",))
    assert [str(t) for t in pdf.dtypes] == [
        "string",
        "Int64",
        "Float64",
        "boolean",
        "datetime64[us]",
        "int64",
    ]
    assert pdf["text"].isna().tolist() == [False, True, False] and pdf.loc[2, "text"] == "“c”"
    assert pdf["whole"].isna().tolist() == [False, True, False] and int(pdf.loc[2, "whole"]) == -3
    assert pdf["flag"].isna().tolist() == [False, True, False] and not pdf.loc[2, "flag"]
    assert pdf["day"].isna().tolist() == [False, True, False] and pdf.loc[0, "day"] == pd.Timestamp(
        "2018-09-27"
    )
    back = frames.to_polars(pdf)
    assert back.to_dicts() == df.to_dicts()
    assert back.schema == df.schema


def test_findings_text_uses_pandas_default_text_type():
    pdf = frames.to_pandas(pl.DataFrame({"t": ["x", None]}), text="str")
    assert pdf["t"].dtype == pd.StringDtype(na_value=np.nan)


def test_a_package_gives_the_same_table_in_either_library(pkg):
    figures = pkg.frames["figures"]
    assert isinstance(figures, pl.DataFrame) and isinstance(pkg.figures, pd.DataFrame)
    assert figures.height == len(pkg.figures) and list(figures.columns) == list(pkg.figures.columns)
    assert frames.to_polars(pkg.figures).to_dicts() == figures.to_dicts()
    # a package built from pandas tables (as a test or a notebook may build one) converts the other
    # way
    other = load.Package(root=pkg.root, tables={"figures": pkg.figures})
    assert other.frames["figures"].to_dicts() == figures.to_dicts()
    assert frames.as_polars(figures) is figures


def test_per_value_works_out_each_distinct_value_once():
    calls = []

    def shout(v):
        calls.append(v)
        return "none" if v is None else v.upper()

    s = pl.Series(["a", None, "b", "a", None, "a"])
    assert formatting.per_value(s, shout).to_list() == ["A", "none", "B", "A", "none", "A"]
    assert len(calls) == 3 and set(calls) == {"a", "b", None}
    calls.clear()
    assert formatting.per_value(s, shout, nulls=False).to_list() == ["A", None, "B", "A", None, "A"]
    assert sorted(calls) == ["a", "b"]
