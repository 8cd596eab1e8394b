"""Synthetic collections for benchmarks and scale tests: the real curated data replicated N times.

Copy k (k >= 2) of every report, figure, series, report-specific check and comparison gets the suffix
`-x<k>` on its identifiers and on every reference to them, so the copy is a complete, valid collection
of N times the size: N times the report pages, N timelines, N times the figure rows. Raw documents are
shared (a copy quotes the same words from the same file), so quotes still trace to their source."""
from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths, schema

# For each table: the columns holding identifiers that a copy renames.
RENAMED = {
    "reports": ("report_id", "carried_by"),
    "figures": ("figure_id", "report_id", "carried_by", "series"),
    "checks": ("check_id", "report_id"),
    "comparisons": ("comparison_id", "numerator", "denominator"),
}


def _replicate_table(df: pd.DataFrame, columns, copies: int, only_rows=None) -> pd.DataFrame:
    base = df if only_rows is None else df[only_rows]
    if copies <= 1 or base.empty:
        return df
    reps = pd.concat([base] * (copies - 1), ignore_index=True)
    k = np.repeat(np.arange(2, copies + 1), len(base)).astype(str)
    suffix = pd.Series(np.char.add("-x", k), index=reps.index)
    for col in columns:
        reps[col] = reps[col].where(reps[col] == "", reps[col] + suffix)
    return pd.concat([df, reps], ignore_index=True)


def replicate(dest, copies: int, source=None) -> Path:
    """Write a data root at dest holding `copies` copies of the collection at source (default: ours)."""
    src, dest = paths.data_root(source), Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(src / "datapackage.json", dest / "datapackage.json")
    shutil.copytree(src / "data", dest / "data", dirs_exist_ok=True)
    for name, columns in RENAMED.items():
        path = schema.table_path(name, src)
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        only = df["report_id"] != "" if name == "checks" else None  # collection-wide checks apply to copies as they are
        out = _replicate_table(df, columns, copies, only)
        out.to_csv(schema.table_path(name, dest), index=False, lineterminator="\n")
    return dest


def copies_for_rows(rows: int, source=None) -> int:
    """How many copies give at least this many figure rows."""
    n = len(pd.read_csv(schema.table_path("figures", source), dtype=str, keep_default_na=False))
    return math.ceil(rows / n)
