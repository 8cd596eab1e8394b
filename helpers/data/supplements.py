"""What a later source supplies that an earlier row left unknown (supplements.csv): a release's day
that its first carrier did not print, a data-through date found on another page. A supplement fills
a blank cell of a row of reports.csv or figures.csv, or makes a partial date exact (2018-07 ->
2018-07-26), before the table is typed and checked; the row keeps its id, and the supplement keeps
who said so (stated_by, locator, confirmed_on). It never changes a value a row states: that is a
correction, made in the row itself, where the history of the file records it."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from helpers.data import schema
from helpers.data.problems import row_problems, shown
from helpers.errors import Problem

DATE_FORM = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


def refines(stated: str | None, supplied: str) -> bool:
    """Whether a supplied value may fill a cell that states `stated`: the cell is blank, or it holds
    a partial date (a year, or a year and month) that the supplied, more exact date starts with."""
    if stated is None or stated == "":
        return True
    return (
        pl.select(pl.lit(stated).str.contains(DATE_FORM)).item()
        and len(supplied) > len(stated)
        and supplied.startswith(stated + "-")
    )


def supplied(
    name: str, text: pl.DataFrame, supplements: pl.DataFrame, root: Path | str | None = None
) -> tuple[pl.DataFrame, list[Problem]]:
    """The text cells of table `name` with its supplements applied, and the problems of the
    supplements that cannot be applied (named by their row of supplements.csv): a row id the table
    does not hold, a column it does not have or that is its key, a cell that already states a
    value."""
    file = schema.resource("supplements", root)["path"]
    target = schema.resource(name, root)["path"]
    mine = supplements.with_row_index("_at").filter(pl.col("table") == name)
    if mine.is_empty():
        return text, []
    (key,) = schema.primary_key(name, root)
    columns = [c for c in text.columns if c != key]
    positions = {row_id: k for k, row_id in enumerate(text[key].to_list())}
    problems: list[Problem] = []
    cells = {c: text[c].to_list() for c in columns}
    full = supplements.with_row_index("_at")
    for row in mine.iter_rows(named=True):
        at, column, value = row["_at"], row["column"], row["value"]
        mask = (full["_at"] == at).to_list()
        if row["row_id"] not in positions:
            problems += row_problems(
                file,
                full,
                mask,
                "row_id",
                f"{shown(row['row_id'])} is not a {key} in {target}; expected the id of the row "
                "the value is supplied for",
            )
            continue
        if column not in cells:
            problems += row_problems(
                file,
                full,
                mask,
                "column",
                f"{shown(column)} is not a column {target} may be supplied in; expected one of "
                f"{', '.join(columns)} (never the key, {key})",
            )
            continue
        stated = cells[column][positions[row["row_id"]]]
        if not refines(stated, value):
            problems += row_problems(
                file,
                full,
                mask,
                "value",
                f"{target} already states {column} = {shown(stated)} for {row['row_id']!r}; a "
                "supplement fills only what a row leaves unknown (or makes a partial date exact): "
                "correct the row itself instead",
            )
            continue
        cells[column][positions[row["row_id"]]] = value
    if problems:
        return text, problems
    return text.with_columns(pl.Series(c, cells[c], dtype=pl.String) for c in columns), []


def repointed(
    problems: list[Problem],
    keys: dict[str, list],
    supplements: pl.DataFrame | None,
    root: Path | str | None = None,
    move: bool = True,
) -> list[Problem]:
    """problems, each one about a cell a supplement filled moved to that supplement's row of
    supplements.csv (its value column), where the value was typed and where it is corrected; it
    still names the cell it fills. keys: table name -> its key column's values in row order (the
    ids supplements name). move False (a rule across cells, where the row's own value may be the
    wrong one): the problem stays at the table's row and says which supplement filled the cell."""
    if supplements is None or supplements.is_empty() or not problems:
        return problems
    file = schema.resource("supplements", root)["path"]
    positions = {table: {value: k for k, value in enumerate(ids)} for table, ids in keys.items()}
    filled: dict[tuple[str, int, str], tuple[int, str, str]] = {}
    for at, row in enumerate(supplements.select("table", "row_id", "column").iter_rows()):
        table, row_id, column = row
        if row_id in positions.get(table, {}):
            target = schema.resource(table, root)["path"]
            filled[(target, positions[table][row_id] + 2, column)] = (at + 2, target, row_id)
    out = []
    for problem in problems:
        found = filled.get((problem.file, problem.row, problem.column))
        if found is None:
            out.append(problem)
            continue
        at, target, row_id = found
        if not move:
            out.append(
                Problem(
                    problem.file,
                    f"{problem.message} (its {problem.column} is supplied by {file}, row {at})",
                    row=problem.row,
                    column=problem.column,
                )
            )
            continue
        out.append(
            Problem(
                file,
                f"{problem.message} (the value it supplies for {problem.column} of {row_id!r} "
                f"in {target})",
                row=at,
                column="value",
            )
        )
    return out
