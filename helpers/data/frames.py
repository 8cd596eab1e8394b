"""Tables between the two libraries the project uses. polars does the work on long tables (reading,
validation, effective figures, checks: a million rows in seconds); pandas is what notebooks, charts
and views are written in. The conversions keep every column's type exact both ways:

    polars String           <-> pandas "string"   (a missing value is null / <NA>)
    polars Int64            <-> pandas "Int64"    (or numpy int64 for the columns named in `plain`)
    polars Float64          <-> pandas "Float64"
    polars Boolean          <-> pandas "boolean"
    polars Datetime(unit)   <-> pandas datetime64[unit]

A table handed to a helper may be either kind (`Table`); as_polars gives the polars frame to work
on."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TypeAlias

import numpy as np
import pandas as pd
import polars as pl

# a table as a helper takes it: the pandas frame a notebook holds, or the polars frame the stages
# pass
Table: TypeAlias = pd.DataFrame | pl.DataFrame


def series_to_pandas(
    column: pl.Series, plain: bool = False, text: str = "string"
) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """The values of a polars column as the pandas array to_pandas puts in a frame: a nullable
    extension array ("string", "Int64", "Float64", "boolean") or, with plain, a numpy array;
    datetimes as numpy datetime64 in the column's own unit. text: the pandas type for text."""
    dtype = column.dtype
    if dtype == pl.String or dtype == pl.Null:
        return pd.array(column.cast(pl.String).to_numpy(), dtype=text)
    if isinstance(dtype, pl.Datetime):
        return column.to_numpy().astype(f"datetime64[{dtype.time_unit}]")
    if dtype == pl.Boolean:
        if plain:
            return column.to_numpy().astype(bool)
        return pd.arrays.BooleanArray(
            column.fill_null(False).to_numpy(), column.is_null().to_numpy()
        )
    if dtype.is_integer():
        if plain:
            return column.cast(pl.Int64).to_numpy()
        return pd.arrays.IntegerArray(
            column.cast(pl.Int64).fill_null(0).to_numpy(), column.is_null().to_numpy()
        )
    if dtype.is_float():
        return pd.arrays.FloatingArray(
            column.cast(pl.Float64).fill_null(0.0).to_numpy(), column.is_null().to_numpy()
        )
    raise TypeError(f"no pandas type for the polars type {dtype} of column {column.name!r}")


def to_pandas(
    table: pl.DataFrame, plain: Collection[str] = (), text: str = "string"
) -> pd.DataFrame:
    """A polars frame as a pandas frame with a RangeIndex; columns in `plain` as numpy columns;
    text as pandas' "string" (missing: <NA>) or, with text="str", pandas' default text type
    (missing: NaN)."""
    return pd.DataFrame(
        {
            name: series_to_pandas(table.get_column(name), name in plain, text)
            for name in table.columns
        },
        columns=table.columns,
    )


def series_to_polars(column: pd.Series) -> pl.Series:
    """A pandas column as a polars Series of the matching type (the reverse of series_to_pandas);
    anything that is not a datetime, boolean, integer or float becomes text, missing values null."""
    dtype = column.dtype
    if pd.api.types.is_datetime64_dtype(dtype):
        unit = np.datetime_data(dtype)[0]
        return pl.Series(column.name, column.to_numpy(), dtype=pl.Datetime(unit))
    values = column.astype(object).where(column.notna(), None).tolist()
    if pd.api.types.is_bool_dtype(dtype):
        return pl.Series(column.name, values, dtype=pl.Boolean)
    if pd.api.types.is_integer_dtype(dtype):
        return pl.Series(column.name, values, dtype=pl.Int64)
    if pd.api.types.is_float_dtype(dtype):
        return pl.Series(column.name, values, dtype=pl.Float64)
    return pl.Series(column.name, [None if v is None else str(v) for v in values], dtype=pl.String)


def to_polars(table: pd.DataFrame) -> pl.DataFrame:
    """A pandas frame (as to_pandas makes them, or built by hand in a test) as a polars frame."""
    return pl.DataFrame([series_to_polars(table[c].rename(c)) for c in table.columns])


def as_polars(table: Table) -> pl.DataFrame:
    """The table itself if it is a polars frame, else its conversion: helpers that take a table
    take either."""
    return table if isinstance(table, pl.DataFrame) else to_polars(table)


def as_polars_series(values: pl.Series | pd.Series | Iterable) -> pl.Series:
    """A column as a polars Series: a polars Series as it is, a pandas one converted, and any other
    sequence of values read as a pandas column of objects first."""
    if isinstance(values, pl.Series):
        return values
    if isinstance(values, pd.Series):
        return series_to_polars(values)
    return series_to_polars(pd.Series(list(values), dtype=object))
