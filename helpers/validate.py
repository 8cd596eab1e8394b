"""Validation derived from the Table Schema in datapackage.json, vectorised with pandas so that a
million-row table checks in well under a second per rule. Nothing here restates a table's columns:
types, required fields, enums, patterns, ranges and keys are all read from the schema."""
from __future__ import annotations

import io
import re

import pandas as pd

from . import schema
from .errors import DataError, Problem

MAX_REPORTED = 5  # per rule and column: enough to fix, not a wall of text
BOM = b"\xef\xbb\xbf"
TRUE_VALUES = {"true", "True", "TRUE", "1"}
FALSE_VALUES = {"false", "False", "FALSE", "0"}
INTEGER = re.compile(r"[+-]?\d+")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TYPE_HINTS = {
    "integer": "a whole number written with digits only (no thousands separators, no spaces)",
    "number": "a number written with digits and an optional decimal point",
    "boolean": "true or false",
    "date": "a date written YYYY-MM-DD",
}


def _show(value: str, limit: int = 60) -> str:
    text = value if len(value) <= limit else value[:limit] + f"… ({len(value):,} characters)"
    return repr(text)


def _problems(file: str, df: pd.DataFrame, mask: pd.Series, column: str | None, message) -> list[Problem]:
    """One Problem per offending row (up to MAX_REPORTED, then a count of the rest)."""
    idx = mask[mask].index
    out = []
    for i in idx[:MAX_REPORTED]:
        text = message(df.loc[i]) if callable(message) else message
        out.append(Problem(file, text, row=int(i) + 2, column=column))
    if len(idx) > MAX_REPORTED:
        out.append(Problem(file, f"… and {len(idx) - MAX_REPORTED:,} more rows with the same problem", column=column))
    return out


def read_text_table(path, name: str, root=None) -> pd.DataFrame:
    """Read a CSV as text cells, repairing only what is safe to repair (a UTF-8 byte-order mark,
    CRLF line ends, spaces around a value) and refusing everything else with its place named."""
    file = schema.resource(name, root)["path"]
    expected = schema.field_names(name, root)
    data = path.read_bytes()
    if data.startswith(BOM):
        data = data[len(BOM):]
    if not data.strip():
        raise DataError([Problem(file, f"the file is empty; it needs a header row: {','.join(expected)}", row=1)])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise DataError([Problem(file, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start:,}); save the file as UTF-8", row=row)]) from None
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False,
                         index_col=False, skip_blank_lines=True, engine="c")
    except pd.errors.ParserError as exc:
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if m:
            n, line, saw = m.groups()
            raise DataError([Problem(file, f"this row has {saw} cells but the header has {n} columns; quote any value that contains a comma", row=int(line))]) from None
        raise DataError([Problem(file, f"cannot be read as CSV: {exc}")]) from None
    header = [str(c).strip() for c in df.columns]
    df.columns = header
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    problems = [Problem(file, f"missing column; the header must have: {','.join(expected)}", row=1, column=c) for c in missing]
    problems += [Problem(file, f"unexpected column (a typo, a duplicate, or a column the schema does not define); expected only: {','.join(expected)}", row=1, column=c) for c in extra]
    if problems:
        raise DataError(problems)
    df = df[expected]
    short = df.isna().any(axis=1)
    if short.any():
        raise DataError(_problems(file, df, short, None, f"this row has fewer cells than the header's {len(expected)} columns"))
    if df.empty:
        raise DataError([Problem(file, "the file has a header but no rows", row=2)])
    return df.apply(lambda s: s.str.strip())


def _check_string(file, df, col, s, present, c) -> list[Problem]:
    out = []
    if "pattern" in c:
        bad = present & ~s.str.fullmatch(c["pattern"]).fillna(False)
        out += _problems(file, df, bad, col, lambda r: f"{_show(r[col])} does not match the expected form {c['pattern']}")
    if "enum" in c:
        bad = present & ~s.isin(c["enum"])
        out += _problems(file, df, bad, col, lambda r: f"{_show(r[col])} is not one of: {', '.join(c['enum'])}")
    if "maxLength" in c:
        bad = present & (s.str.len() > c["maxLength"])
        out += _problems(file, df, bad, col, f"longer than {c['maxLength']:,} characters")
    return out


def typed_table(df: pd.DataFrame, name: str, root=None) -> pd.DataFrame:
    """Check every cell against its field in the schema and return the table with typed columns."""
    file = schema.resource(name, root)["path"]
    problems: list[Problem] = []
    out = {}
    for field in schema.fields(name, root):
        col, kind, c = field["name"], field.get("type", "string"), field.get("constraints", {})
        s = df[col]
        present = s != ""
        if c.get("required"):
            problems += _problems(file, df, ~present, col, "a value is required here")
        if kind == "string":
            problems += _check_string(file, df, col, s, present, c)
            out[col] = s.where(present, None).astype("string")
        elif kind in ("integer", "number"):
            pattern = INTEGER if kind == "integer" else NUMBER
            good = s.str.fullmatch(pattern.pattern).fillna(False)
            bad = present & ~good
            problems += _problems(file, df, bad, col, lambda r, k=kind: f"expected {TYPE_HINTS[k]}, got {_show(r[col])}")
            num = pd.to_numeric(s.where(present & good), errors="coerce")
            num = num.astype("Int64") if kind == "integer" else num.astype("Float64")
            if "minimum" in c:
                problems += _problems(file, df, (num < c["minimum"]).fillna(False), col, lambda r: f"{r[col]} is below the minimum of {c['minimum']:,}")
            if "maximum" in c:
                problems += _problems(file, df, (num > c["maximum"]).fillna(False), col, lambda r: f"{r[col]} is above the maximum of {c['maximum']:,}; check for an extra digit")
            out[col] = num
        elif kind == "boolean":
            bad = present & ~s.isin(TRUE_VALUES | FALSE_VALUES)
            problems += _problems(file, df, bad, col, lambda r: f"expected {TYPE_HINTS['boolean']}, got {_show(r[col])}")
            out[col] = s.map(lambda v: True if v in TRUE_VALUES else (False if v in FALSE_VALUES else None)).astype("boolean")
        elif kind == "date":
            dates = pd.to_datetime(s.where(present & s.str.fullmatch(DATE.pattern).fillna(False)), format="%Y-%m-%d", errors="coerce")
            bad = present & dates.isna()
            problems += _problems(file, df, bad, col, lambda r: f"expected {TYPE_HINTS['date']} (a real calendar day), got {_show(r[col])}")
            out[col] = dates
        else:  # a type this project does not use yet: keep the text, never silently drop it
            out[col] = s.where(present, None).astype("string")
        if c.get("unique"):
            dup = present & s.duplicated(keep=False) & s.duplicated(keep="first")
            first = s[present].drop_duplicates().reset_index().set_index(col)["index"]
            problems += _problems(file, df, dup, col, lambda r: f"{_show(r[col])} is already used in row {int(first[r[col]]) + 2}; values in this column must be unique")
    pk = schema.primary_key(name, root)
    if len(pk) > 1:
        dup = df.duplicated(subset=pk, keep="first")
        problems += _problems(file, df, dup, ", ".join(pk), f"this combination of {', '.join(pk)} is already used in an earlier row")
    if problems:
        raise DataError(problems)
    return pd.DataFrame(out, index=df.index)


def check_foreign_keys(tables: dict[str, pd.DataFrame], root=None) -> list[Problem]:
    """Every reference points at an existing row: a report id, a P-code, a metric, a figure."""
    problems = []
    for name, df in tables.items():
        file = schema.resource(name, root)["path"]
        for child, parent, parent_col in schema.foreign_keys(name, root):
            if parent not in tables:
                continue
            keys = set(tables[parent][parent_col].dropna())
            s = df[child]
            bad = s.notna() & ~s.isin(keys)
            parent_file = schema.resource(parent, root)["path"]
            problems += _problems(file, df, bad, child, lambda r, pc=parent_col, pf=parent_file: f"{_show(r[child])} is not a {pc} in {pf}")
    return problems
