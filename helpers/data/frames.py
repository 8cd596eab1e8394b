"""Tables between the two libraries the project uses. polars does the work on long tables (reading,
validation, effective figures, checks: a million rows in seconds); pandas is what notebooks, charts and
views are written in. The conversions keep every column's type exact both ways:

    polars String           <-> pandas "string"   (a missing value is null / <NA>)
    polars Int64            <-> pandas "Int64"    (or numpy int64 for the columns named in `plain`)
    polars Float64          <-> pandas "Float64"
    polars Boolean          <-> pandas "boolean"
    polars Datetime(unit)   <-> pandas datetime64[unit]

per_value is the one column helper here: a function of each distinct value, spread back over the rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl


def series_to_pandas(
    s: pl.Series, plain: bool = False, text: str = "string"
) -> pd.api.extensions.ExtensionArray | np.ndarray:
    dtype = s.dtype
    if dtype == pl.String or dtype == pl.Null:
        return pd.array(s.cast(pl.String).to_numpy(), dtype=text)
    if isinstance(dtype, pl.Datetime):
        return s.to_numpy().astype(f"datetime64[{dtype.time_unit}]")
    if dtype == pl.Boolean:
        if plain:
            return s.to_numpy().astype(bool)
        return pd.arrays.BooleanArray(s.fill_null(False).to_numpy(), s.is_null().to_numpy())
    if dtype.is_integer():
        if plain:
            return s.cast(pl.Int64).to_numpy()
        return pd.arrays.IntegerArray(
            s.cast(pl.Int64).fill_null(0).to_numpy(), s.is_null().to_numpy()
        )
    if dtype.is_float():
        return pd.arrays.FloatingArray(
            s.cast(pl.Float64).fill_null(0.0).to_numpy(), s.is_null().to_numpy()
        )
    raise TypeError(f"no pandas type for the polars type {dtype} of column {s.name!r}")


def to_pandas(df: pl.DataFrame, plain=(), text: str = "string") -> pd.DataFrame:
    """A polars frame as a pandas frame with a RangeIndex; columns in `plain` as numpy columns; text as
    pandas' "string" (missing: <NA>) or, with text="str", pandas' default text type (missing: NaN)."""
    return pd.DataFrame(
        {name: series_to_pandas(df.get_column(name), name in plain, text) for name in df.columns},
        columns=df.columns,
    )


def series_to_polars(s: pd.Series) -> pl.Series:
    dtype = s.dtype
    if pd.api.types.is_datetime64_dtype(dtype):
        unit = np.datetime_data(dtype)[0]
        return pl.Series(s.name, s.to_numpy(), dtype=pl.Datetime(unit))
    values = s.astype(object).where(s.notna(), None).tolist()
    if pd.api.types.is_bool_dtype(dtype):
        return pl.Series(s.name, values, dtype=pl.Boolean)
    if pd.api.types.is_integer_dtype(dtype):
        return pl.Series(s.name, values, dtype=pl.Int64)
    if pd.api.types.is_float_dtype(dtype):
        return pl.Series(s.name, values, dtype=pl.Float64)
    return pl.Series(s.name, [None if v is None else str(v) for v in values], dtype=pl.String)


def to_polars(df: pd.DataFrame) -> pl.DataFrame:
    """A pandas frame (as to_pandas makes them, or built by hand in a test) as a polars frame."""
    return pl.DataFrame([series_to_polars(df[c].rename(c)) for c in df.columns])


def as_polars(df) -> pl.DataFrame:
    """df itself if it is a polars frame, else its conversion: helpers that take a table take either."""
    return df if isinstance(df, pl.DataFrame) else to_polars(df)


def as_polars_series(s) -> pl.Series:
    if isinstance(s, pl.Series):
        return s
    return series_to_polars(s if isinstance(s, pd.Series) else pd.Series(list(s), dtype=object))
