"""Validation derived from the Table Schema in datapackage.json, vectorised with pandas so that a
million-row table checks in well under a second per rule. Nothing here restates a table's columns:
types, required fields, enums, patterns, ranges and keys are all read from the schema."""
from __future__ import annotations

import csv
import io
import re
import sys

import numpy as np
import pandas as pd

from . import schema
from .errors import DataError, Problem

MAX_REPORTED = 5  # per rule and column: enough to fix, not a wall of text
BOM = b"\xef\xbb\xbf"
TRUE_VALUES = {"true", "True", "TRUE", "1"}
FALSE_VALUES = {"false", "False", "FALSE", "0"}
INTEGER = re.compile(r"[+-]?[0-9]+")  # [0-9], not \d: \d also takes Arabic-Indic digits, which pandas cannot read
NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # never in text typed by hand; tab and line ends are fine
TYPE_HINTS = {
    "integer": "a whole number written with the digits 0-9 only (no thousands separators, no spaces)",
    "number": "a number written with the digits 0-9 and an optional decimal point",
    "boolean": "true or false",
    "date": "a date written YYYY-MM-DD",
}
PATTERN_HINTS = {  # plain words for the forms datapackage.json uses; the form itself is always shown too
    r"^[a-z0-9][a-z0-9-]*[a-z0-9]$": "lower-case letters, digits and hyphens, no spaces (like snhr-2018-09)",
    r"^(unknown|https?://\S+)$": "a web address starting http:// or https://, or the word unknown",
    r"^\d{4}(-\d{2}(-\d{2})?)?$": "a year, month or day written YYYY, YYYY-MM or YYYY-MM-DD",
    r"^[A-Z]{3}(\+[A-Z]{3})*$": "ISO 3166 three-letter country codes joined by + (like IRQ+SYR)",
    r"^[0-9a-f]{64}$": "a sha256: 64 characters 0-9 and a-f",
    r"^SY(0[1-9]|1[0-4])$": "an OCHA governorate P-code, SY01 to SY14",
    r"^[a-z_]+:[a-z0-9_-]+$": "dimension:group in lower case (like us_administration:obama)",
    r"^[a-z][a-z_]*$": "lower-case letters and underscores (like civilians_killed)",
    r"^[a-z_]+$": "lower-case letters and underscores (like governorate)",
    r"^[A-Z][A-Z0-9-]*$": "capital letters, digits and hyphens (like S-GOVERNORATES)",
    r"^data/raw/[A-Za-z0-9._-]+$": "a file name under data/raw/ (letters, digits, dots, hyphens, underscores)",
}


def _show(value: str, limit: int = 60) -> str:
    text = value if len(value) <= limit else value[:limit] + f"… ({len(value):,} characters)"
    return repr(text)


def _problems(file: str, df: pd.DataFrame, mask: pd.Series, column: str | None, message) -> list[Problem]:
    """One Problem per offending row (up to MAX_REPORTED, then a count of the rest)."""
    if not mask.any():
        return []
    idx = mask[mask].index
    out = []
    for i in idx[:MAX_REPORTED]:
        text = message(df.loc[i]) if callable(message) else message
        out.append(Problem(file, text, row=int(i) + 2, column=column))
    if len(idx) > MAX_REPORTED:
        out.append(Problem(file, f"… and {len(idx) - MAX_REPORTED:,} more rows with the same problem", column=column))
    return out


def _cell_counts(text: str, header_only: bool = False) -> tuple[list[str], pd.Series | None]:
    """The header, and the number of cells in each later record as the csv module splits them (a blank
    line has none). pandas cannot count them: it pads a short row with empty cells without a word."""
    old = csv.field_size_limit(sys.maxsize)
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = [c.strip() for c in next(reader, [])]
        return header, None if header_only else pd.Series([len(r) for r in reader], dtype="int64")
    finally:
        csv.field_size_limit(old)


EDGES = b"".join(b" " if chr(k).isspace() and k not in (10, 13) else b"," if k in (44, 10, 13) else b"a" for k in range(128)) + b"a" * 128
NOT_COMMA_OR_QUOTE = bytes(k for k in range(256) if k not in (44, 34))
NOT_CONTROL = bytes(k for k in range(256) if not re.match(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", bytes([k])))
SPACE_BYTES = np.frombuffer(b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f", dtype=np.uint8)
WIDE_SPACES = (b"\xc2\x85", b"\xc2\xa0", b"\xe1\x9a\x80", b"\xe2\x81\x9f", b"\xe3\x80\x80")  # the rest of str.isspace() in UTF-8,
WIDE_SPACE_E280 = re.compile(rb"\xe2\x80[\x80-\x8a\xa8\xa9\xaf]")  # with U+2000-U+200A, U+2028, U+2029, U+202F


class _Quoting:
    """Where a CSV's double quotes open and close values, found with numpy, not by parsing each row.
    Answers two questions cheaply: does every record have exactly the header's number of cells, and
    can any cell have white space around it (which read_text_table strips)."""

    def __init__(self, data: bytes):
        self.data = data
        b = np.frombuffer(data, dtype=np.uint8)
        q = np.flatnonzero(b == 34)
        self.opens, self.closes = q[0::2], q[1::2]
        self.wide = (any(data.find(w[:1]) >= 0 and w in data for w in WIDE_SPACES)
                     or (data.find(b"\xe2") >= 0 and WIDE_SPACE_E280.search(data) is not None))
        before = b[self.opens - 1] if len(q) else b[:0]
        if len(q) and self.opens[0] == 0:
            before = before.copy()
            before[0] = 10  # the file starts with a quote: as after a line end
        after = b[np.minimum(self.closes + 1, len(b) - 1)]
        if len(self.closes) and self.closes[-1] == len(b) - 1:
            after = after.copy()
            after[-1] = 10
        # RFC 4180: a quote opens a value after a comma or a line end, closes it before one, or is doubled inside it
        self.well_formed = (len(q) % 2 == 0 and bool(np.isin(before, (44, 10, 13, 34)).all()) and bool(np.isin(after, (44, 10, 13, 34)).all())
                            and bool(((before != 34) | self._doubled_before()).all()))
        self.b = b

    def _doubled_before(self) -> np.ndarray:
        """For each opening quote: does a closing quote come right before it (a doubled quote)?"""
        o, c = self.opens, self.closes
        return np.concatenate([[False], o[1:] - 1 == c[:-1]]) if len(o) else np.zeros(0, dtype=bool)

    def _doubled_after(self) -> np.ndarray:
        o, c = self.opens, self.closes
        return np.concatenate([c[:-1] + 1 == o[1:], [False]]) if len(c) else np.zeros(0, dtype=bool)

    def commas_outside(self) -> int:
        # keep only commas and quotes: then everything between an opening and its closing quote is a comma
        kept = np.frombuffer(self.data.translate(None, NOT_COMMA_OR_QUOTE), dtype=np.uint8)
        q = np.flatnonzero(kept == 34)
        return len(kept) - len(q) - int((q[1::2] - q[0::2] - 1).sum()) if len(q) % 2 == 0 else -1

    def may_need_strip(self) -> bool:
        if not self.well_formed or self.wide:
            return True
        b = self.b
        # quoted values: the byte after an opening quote that starts a value, before a closing quote that ends one
        starts = self.opens[~self._doubled_before()]
        ends = self.closes[~self._doubled_after()]
        if np.isin(b[starts + 1], SPACE_BYTES).any() or np.isin(b[ends - 1], SPACE_BYTES).any():
            return True
        # unquoted values: white space next to a comma or a line end, with the quoted values cut out (well
        # formed, a quote is never next to white space outside a value)
        outside = b"\x00".join(self.data.split(b'"')[0::2]).rstrip(b"\r\n").translate(EDGES)  # white space -> " ", comma or line end -> ",", else "a"
        return outside[:1] == b" " or outside[-1:] == b" " or b", " in outside or b" ," in outside


def _header_problems(file: str, header: list[str], expected: list[str]) -> list[Problem]:
    want = ",".join(expected)
    if not header:
        return [Problem(file, f"the first row is empty; expected the header row: {want}", row=1)]
    problems = [Problem(file, f"missing column; the header must have: {want}", row=1, column=c) for c in expected if c not in header]
    for k, c in enumerate(header):
        if c == "":
            problems.append(Problem(file, f"header cell {k + 1} is empty (a stray comma?); expected only: {want}", row=1))
        elif c not in expected:
            problems.append(Problem(file, f"unexpected column (a typo, or a column the schema does not define); expected only: {want}", row=1, column=c))
        elif c in header[:k]:
            problems.append(Problem(file, f"this column is in the header twice (cells {header.index(c) + 1} and {k + 1}); expected each column once", row=1, column=c))
    return problems


def _cell_count_problems(file: str, counts: pd.Series, n: int) -> list[Problem]:
    """Rows with too few or too many cells, and empty rows between rows (empty lines after the last
    row are dropped by the caller). Row numbers count every line, as a spreadsheet shows them."""
    blank = counts == 0
    rows = pd.DataFrame({"cells": counts})
    problems = _problems(file, rows, blank, None, "an empty row; expected a row of data on every line up to the last: delete the empty row")
    problems += _problems(file, rows, ~blank & (counts < n), None,
                          lambda r: f"this row has {r['cells']} cells but the header has {n} columns; expected one cell per column (an empty value still needs its comma)")
    problems += _problems(file, rows, counts > n, None,
                          lambda r: f"this row has {r['cells']} cells but the header has {n} columns; expected one cell per column: quote any value that contains a comma")
    return problems


def read_text_table(path, name: str, root=None) -> pd.DataFrame:
    """Read a CSV as text cells, repairing only what is safe to repair (a UTF-8 byte-order mark,
    CRLF line ends, spaces around a value, empty lines after the last row, columns in another order)
    and refusing everything else with its place named."""
    file = schema.resource(name, root)["path"]
    expected = schema.field_names(name, root)
    if not path.is_file():
        raise DataError([Problem(file, f"the file is missing; expected a CSV file with the header row: {','.join(expected)}")])
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
        line = text.find("\n")
        header, _ = _cell_counts(text if line < 0 or '"' in text[:line] else text[:line + 1], header_only=True)
    except csv.Error as exc:
        raise DataError([Problem(file, f"cannot be read as CSV ({exc}); expected comma-separated text")]) from None
    problems = _header_problems(file, header, expected)
    if problems:
        raise DataError(problems)
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False,
                         index_col=False, skip_blank_lines=False, engine="c")
    except pd.errors.ParserError as exc:
        m = re.search(r"EOF inside string starting at row (\d+)", str(exc))
        if m:
            raise DataError([Problem(file, 'a quoted value that starts in this row is never closed; expected a closing double quote (a quote mark inside a value is written twice: "")', row=int(m.group(1)) + 1)]) from None
        df, error = None, exc
    last = None if df is None else len(df)
    cut = _Quoting(data)
    full = df is not None and cut.well_formed and cut.commas_outside() == (len(expected) - 1) * (len(df) + 1)
    if df is None or ((df.iloc[:, -1] == "").any() and not full):  # only then can a row be short or empty: count every row's cells
        counts = _cell_counts(text)[1]
        filled = counts[counts > 0]
        last = int(filled.index.max()) + 1 if len(filled) else 0
        problems = _cell_count_problems(file, counts.iloc[:last], len(expected))  # empty lines after the last row are fine
        if problems:
            raise DataError(problems)
        if df is None or len(df) != len(counts):
            raise DataError([Problem(file, f"cannot be read as CSV ({error if df is None else 'the rows do not add up'}); expected comma-separated text with one row per line")])
    df = df.iloc[:last]
    df.columns = header
    if df.empty:
        raise DataError([Problem(file, "the file has a header but no rows; expected at least one row of data", row=2)])
    df = df[expected]
    if cut.may_need_strip():  # strip only when some cell can have white space around it
        df = df.apply(lambda s: s.str.strip())
    for col in expected if data.translate(None, NOT_CONTROL) else []:  # the control characters are ASCII: look at the bytes
        problems += _problems(file, df, df[col].str.contains(CONTROL.pattern, regex=True), col,
                              lambda r, c=col: f"contains the invisible control character U+{ord(CONTROL.search(r[c]).group()):04X}; expected plain text: delete it")
    if problems:
        raise DataError(problems)
    return df


class _Distinct:
    """A text column's distinct values: a test on every cell runs once per distinct value and is spread
    back over the rows (most columns of a long table repeat a few values)."""

    def __init__(self, s: pd.Series):
        self.s = s
        self.codes, uniques = pd.factorize(s)
        self.values = pd.Series(uniques, dtype=s.dtype)
        self.all_distinct = len(uniques) == len(s)

    def mask(self, test) -> pd.Series:
        """test(series) -> boolean series, evaluated on the distinct values, as a mask over the rows."""
        if self.all_distinct:
            return pd.Series(np.asarray(test(self.s), dtype=bool), index=self.s.index)
        return pd.Series(np.asarray(test(self.values), dtype=bool)[self.codes], index=self.s.index)

    def map(self, convert) -> pd.Series:
        """convert(series) -> series, evaluated on the distinct values, spread over the rows."""
        if self.all_distinct:
            return convert(self.s)
        out = convert(self.values)
        return pd.Series(out.array.take(self.codes), index=self.s.index, name=self.s.name)


def _check_string(file, df, col, s, present, c, d=None) -> list[Problem]:
    d = d or _Distinct(s)
    out = []
    if "pattern" in c:
        bad = present & ~d.mask(lambda v: v.str.fullmatch(c["pattern"]).fillna(False))
        hint = PATTERN_HINTS.get(c["pattern"])
        out += _problems(file, df, bad, col, lambda r: f"expected {hint}, got {_show(r[col])} (the schema's form: {c['pattern']})"
                         if hint else f"expected the form {c['pattern']}, got {_show(r[col])}")
    if "enum" in c:
        bad = present & ~d.mask(lambda v: v.isin(c["enum"]))
        out += _problems(file, df, bad, col, lambda r: f"expected one of: {', '.join(c['enum'])}; got {_show(r[col])}")
    if "maxLength" in c:
        bad = present & d.mask(lambda v: v.str.len() > c["maxLength"])
        out += _problems(file, df, bad, col, lambda r: f"the value is {len(r[col]):,} characters long; expected at most {c['maxLength']:,} (a paste that ran on?)")
    return out


def typed_table(df: pd.DataFrame, name: str, root=None) -> pd.DataFrame:
    """Check every cell against its field in the schema and return the table with typed columns."""
    file = schema.resource(name, root)["path"]
    problems: list[Problem] = []
    out = {}
    for field in schema.fields(name, root):
        col, kind, c = field["name"], field.get("type", "string"), field.get("constraints", {})
        s = df[col]
        d = _Distinct(s)
        present = d.mask(lambda v: v != "")
        if c.get("required"):
            problems += _problems(file, df, ~present, col, "a value is required here")
        if kind == "string":
            problems += _check_string(file, df, col, s, present, c, d)
            out[col] = s.where(present, None).astype("string")
        elif kind in ("integer", "number"):
            pattern = INTEGER if kind == "integer" else NUMBER
            good = d.mask(lambda v: v.str.fullmatch(pattern.pattern).fillna(False))
            bad = present & ~good
            problems += _problems(file, df, bad, col, lambda r, k=kind: f"expected {TYPE_HINTS[k]}, got {_show(r[col])}")
            num = d.map(lambda v: pd.to_numeric(v.where((v != "") & v.str.fullmatch(pattern.pattern).fillna(False)), errors="coerce"))
            num = num.astype("Int64") if kind == "integer" else num.astype("Float64")
            if "minimum" in c:
                problems += _problems(file, df, (num < c["minimum"]).fillna(False), col, lambda r: f"expected at least {c['minimum']:,}, got {r[col]}")
            if "maximum" in c:
                problems += _problems(file, df, (num > c["maximum"]).fillna(False), col, lambda r: f"expected at most {c['maximum']:,}, got {r[col]}; check for an extra digit")
            out[col] = num
        elif kind == "boolean":
            bad = present & ~d.mask(lambda v: v.isin(TRUE_VALUES | FALSE_VALUES))
            problems += _problems(file, df, bad, col, lambda r: f"expected {TYPE_HINTS['boolean']}, got {_show(r[col])}")
            out[col] = s.map(lambda v: True if v in TRUE_VALUES else (False if v in FALSE_VALUES else None)).astype("boolean")
        elif kind == "date":
            dates = d.map(lambda v: pd.to_datetime(v.where((v != "") & v.str.fullmatch(DATE.pattern).fillna(False)), format="%Y-%m-%d", errors="coerce"))
            bad = present & dates.isna()
            problems += _problems(file, df, bad, col, lambda r: f"expected {TYPE_HINTS['date']} (a real calendar day), got {_show(r[col])}")
            out[col] = dates
        else:  # a type this project does not use yet: keep the text, never silently drop it
            out[col] = s.where(present, None).astype("string")
        if c.get("unique") and not d.all_distinct:
            dup = present & s.duplicated(keep="first")  # = present & duplicated(keep=False) & duplicated(keep="first")
            if dup.any():
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
    problems, key_sets = [], {}
    for name, df in tables.items():
        file = schema.resource(name, root)["path"]
        for child, parent, parent_col in schema.foreign_keys(name, root):
            if parent not in tables:
                continue
            if (parent, parent_col) not in key_sets:
                key_sets[parent, parent_col] = set(tables[parent][parent_col].dropna())
            keys = key_sets[parent, parent_col]
            s = df[child]
            unknown = [v for v in s.dropna().unique() if v not in keys]  # each distinct value looked up once
            if not unknown:
                continue
            bad = s.notna() & s.isin(unknown)
            parent_file = schema.resource(parent, root)["path"]
            problems += _problems(file, df, bad, child, lambda r, pc=parent_col, pf=parent_file: f"{_show(r[child])} is not a {pc} in {pf}")
    return problems
