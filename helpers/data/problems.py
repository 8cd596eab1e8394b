"""Problems named row by row, shared by the schema's checks (validate.py) and the rules a schema
cannot express (rowrules.py): a few rows per rule are enough to fix, never a wall of text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl

from helpers.errors import Problem

MAX_REPORTED = 5  # per rule and column: enough to fix, not a wall of text

# what a problem says: the same text for every row, or a function of the offending row (a dict)
Message = str | Callable[[dict[str, Any]], str]


def shown(value: str, limit: int = 60) -> str:
    """A value as a message quotes it: its repr, cut after `limit` characters with the full length
    said, so that a pasted page does not flood the message."""
    text = value if len(value) <= limit else value[:limit] + f"… ({len(value):,} characters)"
    return repr(text)


def row_problems(
    file: str,
    table: pl.DataFrame,
    mask: pl.Series | np.ndarray | list[bool],
    column: str | None,
    message: Message,
) -> list[Problem]:
    """One Problem per offending row (up to MAX_REPORTED, then one more counting the rest).

    mask: a boolean polars Series (null counts as false) or numpy array over the table's rows.
    message: text, or a function of the offending row as a dict. A row's number counts the header as
    row 1, as a spreadsheet shows it. Returns an empty list when no row is marked."""
    at = np.flatnonzero(
        mask.fill_null(False).to_numpy()
        if isinstance(mask, pl.Series)
        else np.asarray(mask, dtype=bool)
    )
    out = []
    for i in at[:MAX_REPORTED].tolist():
        text = message(table.row(i, named=True)) if callable(message) else message
        out.append(Problem(file, text, row=i + 2, column=column))
    if len(at) > MAX_REPORTED:
        out.append(
            Problem(
                file,
                f"… and {len(at) - MAX_REPORTED:,} more rows with the same problem",
                column=column,
            )
        )
    return out
