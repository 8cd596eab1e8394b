"""Validation derived from the Table Schema in datapackage.json, column by column with polars, so
that a million-row table is read, typed and checked in about a second. Nothing here restates a
table's columns: types, required fields, enums, patterns, ranges and keys are all read from the
schema.

A table is a polars frame of text first (read_text_table: a missing value is null), then of typed
columns (typed_table); frames.to_pandas gives the pandas frames the notebooks use."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import polars as pl

from helpers import paths
from helpers.data import periods, schema
from helpers.data.problems import Message, row_problems, shown
from helpers.errors import DataError, Problem

BOM = b"\xef\xbb\xbf"
TRUE_VALUES = {"true", "True", "TRUE", "1"}
FALSE_VALUES = {"false", "False", "FALSE", "0"}
# [0-9], not \d: \d also takes Arabic-Indic digits, which pandas cannot read
INTEGER = re.compile(r"[+-]?[0-9]+")
NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
# never in text typed by hand; tab and line ends are fine
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TYPE_HINTS = {
    "integer": (
        "a whole number written with the digits 0-9 only (no thousands separators, no spaces)"
    ),
    "number": "a number written with the digits 0-9 and an optional decimal point",
    "boolean": "true or false",
    "date": "a date written YYYY-MM-DD",
}
# a name readers see (countries.csv's name_en): one line, no markup or direction marks, no formula
# start, no space at either end
NAME_FORM = (
    r"^[^\s=+@<>\u202a-\u202e\u2066-\u2069-]"
    r"(?:[^<>\r\n\u0085\u2028\u2029\u202a-\u202e\u2066-\u2069]*[^\s<>\u202a-\u202e\u2066-\u2069])?$"
)
# plain words for the forms datapackage.json uses; the form itself is always shown too
PATTERN_HINTS = {
    r"^[a-z0-9][a-z0-9-]*[a-z0-9]$": (
        "lower-case letters, digits and hyphens, no spaces (like snhr-2018-09)"
    ),
    r"^(unknown|https?://\S+)$": "a web address starting http:// or https://, or the word unknown",
    periods.REDUCED: "a year, month or day written YYYY, YYYY-MM or YYYY-MM-DD",
    r"^[A-Z]{3}(\+[A-Z]{3})*$": "ISO 3166 three-letter country codes joined by + (like IRQ+SYR)",
    r"^[0-9a-f]{64}$": "a sha256: 64 characters 0-9 and a-f",
    NAME_FORM: (
        "a name as readers see it: one line, no < or > or direction marks, not starting with "
        "= + - @ (which a spreadsheet reads as a formula), nor starting or ending with a space"
    ),
    r"^SY(0[1-9]|1[0-4])$": "an OCHA governorate P-code, SY01 to SY14",
    r"^[A-Z]{2}[A-Z0-9]{2,6}$": (
        "an OCHA governorate P-code: the country's two-letter ISO code, then digits or capital "
        "letters (like SY01)"
    ),
    r"^[a-z_]+:[a-z0-9_-]+$": "dimension:group in lower case (like us_administration:obama)",
    r"^[a-z][a-z_]*$": "lower-case letters and underscores (like civilians_killed)",
    r"^[a-z_]+$": "lower-case letters and underscores (like governorate)",
    r"^[A-Z][A-Z0-9-]*$": "capital letters, digits and hyphens (like S-GOVERNORATES)",
    r"^data/raw/[A-Za-z0-9._-]+$": (
        "a file name under data/raw/ (letters, digits, dots, hyphens, underscores)"
    ),
}
ASCII = r"^[\x00-\x7F]*$"


def non_ascii(value: str, expected: str) -> str:
    """The message for a value with a character outside ASCII: its first such character named by its
    code point and position, since a look-alike ('а' for 'a') or another script's digit ('٢' for
    '2') looks right in the value itself. expected: the form the value should have, in words."""
    position, char = next((k, ch) for k, ch in enumerate(value) if not ch.isascii())
    return (
        f"{shown(value)} contains the non-ASCII character {char!r} "
        f"(U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}) "
        f"at position {position + 1}; expected ASCII only: {expected}"
    )


def ascii_only(pattern: str) -> bool:
    """True when a pattern admits ASCII characters only, as every id's, code's and date's does;
    false if it holds a non-ASCII character or a class that takes any script's characters (\\d, \\w,
    \\s, \\S, ., [^...])."""
    bare = re.sub(r"\[[^\]^\\][^\]\\]*\]", "", pattern)  # the classes that list their characters
    return pattern.isascii() and not re.search(r"\\[dDwWsSpP]|\[\^|(?<!\\)\.", bare)


@contextlib.contextmanager
def _any_field_size() -> Iterator[None]:
    """The csv module's limit on a value's length lifted (a long quote is not an error), then
    restored."""
    old = csv.field_size_limit(sys.maxsize)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _records(text: str) -> list[list[str]]:
    """Every record as the csv module splits it (a blank line is a record with no cells). A CSV
    reader cannot tell: pandas and polars pad a short record with empty cells."""
    with _any_field_size():
        return list(csv.reader(io.StringIO(text, newline="")))


def _unclosed_quote(text: str) -> int | None:
    """The record (the header is 1) in which a quoted value starts that the file never closes, if
    any. Read strictly, which is the only way the csv module says so; its other strict complaints (a
    character after a closing quote) are not this project's errors, and reading goes on after
    them."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    with _any_field_size():
        k = 0
        while True:
            k += 1
            try:
                next(reader)
            except StopIteration:
                return None
            except csv.Error as exc:
                if str(exc) == "unexpected end of data":
                    return k


NOT_COMMA_OR_QUOTE = bytes(k for k in range(256) if k not in (44, 34))
# every byte but CONTROL's (all ASCII)
NOT_CONTROL = bytes(k for k in range(256) if not CONTROL.match(chr(k)))


def commas_outside_quotes(data: bytes) -> int:
    """The number of commas that separate cells (not those inside a quoted value); -1 if the quotes
    do not pair up. With only commas and quotes kept, everything between an opening and its closing
    quote is a comma inside a value (a doubled quote inside a value closes and reopens it, and adds
    nothing)."""
    kept = np.frombuffer(data.translate(None, NOT_COMMA_OR_QUOTE), dtype=np.uint8)
    quotes = np.flatnonzero(kept == 34)
    if len(quotes) % 2:
        return -1
    return len(kept) - len(quotes) - int((quotes[1::2] - quotes[0::2] - 1).sum())


def _header_problems(file: str, header: list[str], expected: list[str]) -> list[Problem]:
    want = ",".join(expected)
    if not header:
        return [Problem(file, f"the first row is empty; expected the header row: {want}", row=1)]
    problems = [
        Problem(file, f"missing column; the header must have: {want}", row=1, column=c)
        for c in expected
        if c not in header
    ]
    for k, c in enumerate(header):
        if c == "":
            problems.append(
                Problem(
                    file,
                    f"header cell {k + 1} is empty (a stray comma?); expected only: {want}",
                    row=1,
                )
            )
        elif c not in expected:
            problems.append(
                Problem(
                    file,
                    "unexpected column (a typo, or a column the schema does not define); "
                    f"expected only: {want}",
                    row=1,
                    column=c,
                )
            )
        elif c in header[:k]:
            problems.append(
                Problem(
                    file,
                    "this column is in the header twice "
                    f"(cells {header.index(c) + 1} and {k + 1}); expected each column once",
                    row=1,
                    column=c,
                )
            )
    return problems


def _cell_count_problems(file: str, counts: list[int], n: int) -> list[Problem]:
    """Rows with too few or too many cells, and empty rows between rows (empty lines after the last
    row are dropped by the caller). Row numbers count every line, as a spreadsheet shows them."""
    rows = pl.DataFrame({"cells": counts}, schema={"cells": pl.Int64})
    cells = rows["cells"]
    blank = cells == 0
    problems = row_problems(
        file,
        rows,
        blank,
        None,
        "an empty row; expected a row of data on every line up to the last: delete the empty row",
    )
    problems += row_problems(
        file,
        rows,
        ~blank & (cells < n),
        None,
        lambda r: (
            f"this row has {r['cells']} cells but the header has {n} columns; "
            "expected one cell per column (an empty value still needs its comma)"
        ),
    )
    problems += row_problems(
        file,
        rows,
        cells > n,
        None,
        lambda r: (
            f"this row has {r['cells']} cells but the header has {n} columns; "
            "expected one cell per column: quote any value that contains a comma"
        ),
    )
    return problems


def _read_regular(data: bytes, n: int) -> pl.DataFrame | None:
    """The cells of a regular file (every record with exactly n cells, no empty lines), read by
    polars; None for anything else, which read_text_table then reads record by record to say what is
    wrong."""
    try:
        # one chunk per column (polars reads in pieces): later steps over a long table are faster
        cells = pl.read_csv(
            data, infer_schema=False, has_header=True, quote_char='"', raise_if_empty=False
        ).rechunk()
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, pl.exceptions.ShapeError):
        return None
    # polars refuses a record with too many cells but pads one with too few, and reads an empty line
    # as a row of empty cells: either leaves fewer separating commas than n - 1 per record
    if cells.width != n or commas_outside_quotes(data) != (n - 1) * (cells.height + 1):
        return None
    return cells


def _read_irregular(text: str, file: str, header: list[str]) -> pl.DataFrame:
    """Record by record: names the first unclosed quote, or each row with the wrong number of cells
    and each empty row. Empty lines after the last row are dropped (the one repair made here)."""
    row = _unclosed_quote(text)
    if row is not None:
        raise DataError(
            [
                Problem(
                    file,
                    "a quoted value that starts in this row is never closed; expected a closing "
                    'double quote (a quote mark inside a value is written twice: "")',
                    row=row,
                )
            ]
        )
    rows = _records(text)[1:]
    counts = [len(r) for r in rows]
    last = max((k for k, c in enumerate(counts) if c > 0), default=-1) + 1
    # empty lines after the last row are fine
    problems = _cell_count_problems(file, counts[:last], len(header))
    if problems:
        raise DataError(problems)
    # every row up to the last now has exactly one cell per column
    return (
        pl.DataFrame(
            [dict(zip(header, r, strict=True)) for r in rows[:last]],
            schema={c: pl.String for c in header},
            orient="row",
        )
        if last
        else pl.DataFrame(schema={c: pl.String for c in header})
    )


def _stripped(cells: pl.DataFrame) -> pl.DataFrame:
    """White space around each value dropped and an empty value made null, touching only the columns
    that have any (a long clean table is not copied)."""
    edge = cells.select(pl.col(c).str.contains(r"^\s|\s$").any() for c in cells.columns).row(0)
    empty = cells.select((pl.col(c).str.len_bytes() == 0).any() for c in cells.columns).row(0)
    return cells.with_columns(
        pl.col(c).str.strip_chars().replace("", None) if e else pl.col(c).replace("", None)
        for c, e, z in zip(cells.columns, edge, empty, strict=True)
        if e or z
    )


def read_text_table(path: Path, name: str, root: Path | str | None = None) -> pl.DataFrame:
    """The table at path as a polars frame of text cells in the schema's column order (an empty cell
    is null), repairing only what is safe to repair (a UTF-8 byte-order mark, CRLF line ends, spaces
    around a value, empty lines after the last row, columns in another order). Anything else raises
    DataError with its place named."""
    return table_cells(table_bytes(path, name, root), name, root)


def table_cells(data: bytes, name: str, root: Path | str | None = None) -> pl.DataFrame:
    """The bytes of table `name`'s file (table_bytes) as read_text_table reads them."""
    resource = schema.resource(name, root)
    expected = schema.field_names(name, root)
    return text_cells(data, resource["path"], expected, resource.get("optional", False))


def table_bytes(path: Path, name: str, root: Path | str | None = None) -> bytes:
    """The bytes of the file at path, table `name`'s file, read as read_text_table reads it: a file
    that is missing, a link, outside the data folder or not a regular file raises DataError."""
    file = schema.resource(name, root)["path"]
    expected = schema.field_names(name, root)
    outside = (
        "the file is a symbolic link or lies outside the data folder; expected the table itself, "
        "a regular file inside data/: put the file there instead of the link"
    )
    if not path.resolve().is_relative_to(paths.data_root(root)):
        raise DataError([Problem(file, outside)])
    try:
        data = paths.read_regular(path)
    except FileNotFoundError:
        raise DataError(
            [
                Problem(
                    file,
                    "the file is missing; expected a CSV file with the header row: "
                    f"{','.join(expected)}",
                )
            ]
        ) from None
    except paths.NotAFile as exc:
        raise DataError(
            [
                Problem(
                    file,
                    outside
                    if exc.kind == "a symbolic link"
                    else "not a regular file (a folder, pipe or device); expected a CSV file",
                )
            ]
        ) from None
    return data


def text_cells(data: bytes, file: str, expected: list[str], optional: bool = False) -> pl.DataFrame:
    """The bytes of a table's CSV file as read_text_table reads a file: text cells in the order of
    expected (its schema's columns), the same repairs, and the same DataError naming file, row and
    column for anything else. optional: a header without rows is an empty table, not a problem.
    A table of any version of the data (a commit's blob) is read through it too."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    if not data or data.isspace():  # isspace() stops at the first byte that is not white space
        raise DataError(
            [
                Problem(
                    file, f"the file is empty; it needs a header row: {','.join(expected)}", row=1
                )
            ]
        )
    line = data.find(b"\n")
    first = data if line < 0 or b'"' in data[:line] else data[: line + 1]
    try:
        header = [
            c.strip() for c in next(csv.reader(io.StringIO(first.decode("utf-8"), newline="")), [])
        ]
    except UnicodeDecodeError:
        header = None  # reported below, with the place of the first bad byte
    except csv.Error as exc:
        raise DataError(
            [Problem(file, f"cannot be read as CSV ({exc}); expected comma-separated text")]
        ) from None
    cells = (
        _read_regular(data, len(expected))
        if header is not None and not _header_problems(file, header, expected)
        else None
    )
    if cells is None:
        # not regular: decode, check the header, read record by record to name what is wrong
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            row = data[: exc.start].count(b"\n") + 1
            raise DataError(
                [
                    Problem(
                        file,
                        f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
                        f"{exc.start:,}); save the file as UTF-8",
                        row=row,
                    )
                ]
            ) from None
        problems = _header_problems(file, header, expected)  # decoded, so the header was too
        if problems:
            raise DataError(problems)
        cells = _read_irregular(text, file, header)
    else:
        cells.columns = header
    if cells.height == 0 and not optional:
        raise DataError(
            [
                Problem(
                    file,
                    "the file has a header but no rows; expected at least one row of data",
                    row=2,
                )
            ]
        )
    # white space around a value is dropped (Unicode's White_Space: str.strip()'s set but for the
    # control characters U+001C-U+001F, which the check below reports), and an empty value is null
    cells = _stripped(cells.select(expected))
    problems = []
    # the control characters are ASCII: look at the bytes
    for col in expected if data.translate(None, NOT_CONTROL) else []:
        problems += row_problems(
            file,
            cells,
            cells[col].str.contains(CONTROL.pattern),
            col,
            lambda r, c=col: (
                "contains the invisible control character "
                f"U+{ord(CONTROL.search(r[c]).group()):04X}; expected plain text: delete it"
            ),
        )
    if problems:
        raise DataError(problems)
    return cells


def _fullmatch(text: pl.Expr, pattern: str) -> pl.Expr:
    return text.str.contains(f"^(?:{pattern})$")


class _Checks:
    """The checks of one table, gathered as polars expressions and worked out in one pass, in
    parallel over the columns; the problems are then listed in the order the checks were added."""

    def __init__(self) -> None:
        self.masks: list[tuple[pl.Expr, str | None, Message]] = []

    def add(self, bad: pl.Expr, column: str | None, message: Message) -> None:
        """bad: true in each row that breaks the check; message: text, or a function of the row."""
        self.masks.append((bad, column, message))

    def problems(self, file: str, cells: pl.DataFrame, typed: pl.DataFrame) -> list[Problem]:
        """The checks over the text cells and their typed values (columns typed_<name>)."""
        if not self.masks:
            return []
        found = pl.concat([cells, typed], how="horizontal").select(
            bad.fill_null(False).alias(f"m{k}") for k, (bad, _, _) in enumerate(self.masks)
        )
        hit = found.select(pl.all().any()).row(0)
        return [
            p
            for k, (_, column, message) in enumerate(self.masks)
            if hit[k]
            for p in row_problems(file, cells, found[f"m{k}"], column, message)
        ]


def _string_checks(
    checks: _Checks, col: str, constraints: dict, longest: int, written: pl.Expr
) -> None:
    """written: the values to check for their form (present, and ASCII where the form is ASCII)."""
    present = pl.col(col).is_not_null()
    pattern, enum, most = (constraints.get(k) for k in ("pattern", "enum", "maxLength"))
    # a date's form is _date_checks' business
    if pattern is not None and pattern != periods.REDUCED:
        hint = PATTERN_HINTS.get(pattern)
        checks.add(
            written & ~_fullmatch(pl.col(col), pattern),
            col,
            lambda r: (
                f"expected {hint}, got {shown(r[col])} (the schema's form: {pattern})"
                if hint
                else f"expected the form {pattern}, got {shown(r[col])}"
            ),
        )
    if enum is not None:
        checks.add(
            written & ~pl.col(col).is_in(enum),
            col,
            lambda r: f"expected one of: {', '.join(enum)}; got {shown(r[col])}",
        )
    # no more characters than bytes: count them only then
    if most is not None and longest > most:
        checks.add(
            present & (pl.col(col).str.len_chars() > most),
            col,
            lambda r: (
                f"the value is {len(r[col]):,} characters long; expected at most {most:,} "
                "(a paste that ran on?)"
            ),
        )


def _written(col: str, kind: str) -> pl.Expr:
    """Is each value of an integer or number column written in the Table Schema's lexical form?"""
    return _fullmatch(pl.col(col), (INTEGER if kind == "integer" else NUMBER).pattern)


def _typed(col: str, kind: str) -> pl.Expr:
    """The typed value of a text column (null where it does not read as its type), as
    typed_<col>."""
    text = pl.col(col)
    if kind in ("integer", "number"):
        value = text.cast(pl.Int64 if kind == "integer" else pl.Float64, strict=False)
        # 1e5 in an integer column is never half-read
        out = pl.when(_written(col, kind)).then(value)
    elif kind == "boolean":
        out = (
            pl.when(text.is_in(sorted(TRUE_VALUES)))
            .then(True)
            .when(text.is_in(sorted(FALSE_VALUES)))
            .then(False)
        )
    elif kind == "date":
        out = pl.col(f"day_{col}").cast(pl.Datetime("us"))  # the day typed_table works out first
    else:  # a string, or a type this project does not use yet: keep the text, never drop it
        out = text
    return out.alias(f"typed_{col}")


def _form(kind: str, constraints: dict) -> str | None:
    """The form a field's values are written in, in words, if it admits ASCII only (ids, codes,
    dates)."""
    if kind == "date":
        return TYPE_HINTS["date"]
    pattern = constraints.get("pattern") if kind == "string" else None
    return (
        PATTERN_HINTS.get(pattern, f"the form {pattern}")
        if pattern and ascii_only(pattern)
        else None
    )


def _date_form(kind: str, constraints: dict) -> str | None:
    """The form of a date column: a typed date's YYYY-MM-DD, or a year, month or day in text."""
    return (
        periods.DAY
        if kind == "date"
        else periods.REDUCED
        if constraints.get("pattern") == periods.REDUCED
        else None
    )


def _date_checks(checks: _Checks, col: str, written: pl.Expr, hint: str) -> None:
    """The one check of every date in the data, a typed date or the text of a year, month or day: a
    real calendar date from 1900-01-01 to tomorrow, worked out in days (column day_<col>) before any
    conversion (no year overflows a timestamp here: 3000 would become 1830 in nanoseconds)."""
    first, latest = pl.col(f"day_{col}"), periods.latest()
    checks.add(
        written & first.is_null(),
        col,
        lambda r: f"expected {hint} (a real calendar date), got {shown(r[col])}",
    )
    checks.add(
        first < periods.EARLIEST,
        col,
        lambda r: (
            f"{shown(r[col])} is before {periods.EARLIEST}; expected a date from 1900 on: "
            "check the year"
        ),
    )
    checks.add(
        first > latest,
        col,
        lambda r: (
            f"{shown(r[col])} is after tomorrow ({latest}); no date in the data can be later: "
            "check the year"
        ),
    )


def typed_table(cells: pl.DataFrame, name: str, root: Path | str | None = None) -> pl.DataFrame:
    """The table of text cells (as read_text_table gives it) with every column typed as its field in
    the schema says: integers, numbers, booleans, dates as datetimes, text as text. Every cell is
    checked against its field first; any that breaks it raises DataError, one line per problem."""
    file = schema.resource(name, root)["path"]
    fields = schema.fields(name, root)
    kinds = {f["name"]: (f.get("type", "string"), f.get("constraints", {})) for f in fields}
    dates = {col: form for col, kc in kinds.items() if (form := _date_form(*kc))}
    # the columns written in ASCII only
    forms = {col: form for col, kc in kinds.items() if (form := _form(*kc))}
    days = [periods.first_days(cells[col], form).alias(f"day_{col}") for col, form in dates.items()]
    typed = cells.with_columns(days).select(
        *(_typed(f["name"], f.get("type", "string")) for f in fields), *(d.name for d in days)
    )
    longest = cells.select(pl.col(f["name"]).str.len_bytes().max() for f in fields).row(
        0, named=True
    )
    # a column with a character beyond ASCII has a value longer in bytes than in characters: look
    # only then
    wide = (
        cells.select(
            (pl.col(c).str.len_bytes() != pl.col(c).str.len_chars()).any() for c in forms
        ).row(0, named=True)
        if forms
        else {}
    )
    checks = _Checks()
    for field in fields:
        col, kind = field["name"], field.get("type", "string")
        constraints = field.get("constraints", {})
        present, value = pl.col(col).is_not_null(), pl.col(f"typed_{col}")
        if constraints.get("required"):
            checks.add(~present, col, "a value is required here")
        form, written = forms.get(col), present
        # a value outside ASCII is named by its code point, not as a value of the wrong form
        if form and wide[col]:
            written = present & pl.col(col).str.contains(ASCII)
            checks.add(
                present & ~written, col, lambda r, col=col, form=form: non_ascii(r[col], form)
            )
        if col in dates:
            _date_checks(checks, col, written, form)
        if kind == "string":
            _string_checks(checks, col, constraints, longest[col] or 0, written)
        elif kind in ("integer", "number"):
            written = _written(col, kind)
            checks.add(
                present & ~written,
                col,
                lambda r, k=kind, col=col: f"expected {TYPE_HINTS[k]}, got {shown(r[col])}",
            )
            # beyond a 64-bit integer
            checks.add(
                present & written & value.is_null(),
                col,
                lambda r, col=col: (
                    f"{shown(r[col])} is too large to be stored; expected at most "
                    f"{2**63 - 1:,}: check for extra digits"
                ),
            )
            if "minimum" in constraints:
                checks.add(
                    value < constraints["minimum"],
                    col,
                    lambda r, least=constraints["minimum"], col=col: (
                        f"expected at least {least:,}, got {r[col]}"
                    ),
                )
            if "maximum" in constraints:
                checks.add(
                    value > constraints["maximum"],
                    col,
                    lambda r, most=constraints["maximum"], col=col: (
                        f"expected at most {most:,}, got {r[col]}; check for an extra digit"
                    ),
                )
        elif kind == "boolean":
            checks.add(
                present & value.is_null(),
                col,
                lambda r, col=col: f"expected {TYPE_HINTS['boolean']}, got {shown(r[col])}",
            )
        if constraints.get("unique"):
            checks.add(
                present & ~pl.col(col).is_first_distinct(),
                col,
                lambda r, values=cells[col], col=col: (
                    f"{shown(r[col])} is already used in row "
                    f"{int((values == r[col]).arg_true()[0]) + 2}; "
                    "values in this column must be unique"
                ),
            )
    pk = schema.primary_key(name, root)
    if len(pk) > 1:
        checks.add(
            ~pl.struct(pk).is_first_distinct(),
            ", ".join(pk),
            f"this combination of {', '.join(pk)} is already used in an earlier row",
        )
    problems = checks.problems(file, cells, typed)
    if problems:
        raise DataError(problems)
    return typed.drop(d.name for d in days).rename(lambda c: c.removeprefix("typed_"))


def check_foreign_keys(
    tables: dict[str, pl.DataFrame], root: Path | str | None = None
) -> list[Problem]:
    """The problems with the references between the tables (empty when every reference points at an
    existing row: a report id, a P-code, a metric, a figure). A reference to a table not given is
    not checked."""
    problems = []
    for name, table in tables.items():
        file = schema.resource(name, root)["path"]
        for child, parent, parent_col in schema.foreign_keys(name, root):
            if parent not in tables:
                continue
            references, keys = table[child], tables[parent][parent_col]
            used = references.drop_nulls().unique()
            # the keys in use: few, even in a long parent table
            keys = keys.filter(keys.is_in(used.implode())).unique()
            if len(keys) == len(used):
                continue
            bad = references.is_not_null() & ~references.is_in(keys.implode())
            parent_file = schema.resource(parent, root)["path"]
            problems += row_problems(
                file,
                table,
                bad,
                child,
                lambda r, child=child, pc=parent_col, pf=parent_file: (
                    f"{shown(r[child])} is not a {pc} in {pf}"
                ),
            )
    return problems
