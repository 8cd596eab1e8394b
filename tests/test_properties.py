"""Properties over generated data, with strategies derived from datapackage.json (types, required,
enums, patterns, ranges, lengths, unique keys): what the schema accepts loads with the same values;
what it rejects is reported at its row and column, never passed through; the check rules never
raise, and a part that no longer sums to its total is a fail. Reproducible: derandomized, no example
database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil

import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import paths
from helpers.checks import crosscheck as checks
from helpers.data import load, schema, validate
from helpers.errors import DataError

SETTINGS = {"deadline": None, "derandomize": True, "database": None}
TABLES = ["figures", "reports", "not_figures", "governorates"]
# Text a person could type: no control characters, surrogates or Unicode line separators. Free text
# may
# also hold a tab or a line break inside a quoted value; values never start or end with white space
# (loading strips it, a safe repair covered in test_bad_input.py).
LINE = st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"))
FREE = st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"), include_characters="\n\t")
CONTROL = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\x7f"]
# The Table Schema's lexical forms, written out here rather than taken from helpers/data/validate.py
INTEGER = re.compile(r"[+-]?[0-9]+")
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
REDUCED = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"  # the schema's form of a year, month or day
# Every date in the data is a real one from 1900 on and not after tomorrow (today, to be safe at
# midnight)
DATES = st.dates(dt.date(1900, 1, 1), dt.date.today())
NOT_ASCII_DIGITS = st.text(
    st.characters(categories=("Nd",)).filter(lambda c: not c.isascii()), min_size=1, max_size=4
)


def stripped(s: str) -> bool:
    return s == s.strip()


def in_range(s: str) -> bool:
    """Is the first day a date written YYYY, YYYY-MM or YYYY-MM-DD can mean from 1900 to
    tomorrow?"""
    return (
        s[:4] >= "1900"
        and (s + "-01-01")[:10] <= (dt.date.today() + dt.timedelta(days=1)).isoformat()
    )


def real_day(s: str) -> bool:
    try:
        dt.date.fromisoformat(s)
    except ValueError:
        return False
    return bool(DAY.fullmatch(s))


# ---- strategies from the schema ------------------------------------------------------------------


def valid_cell(field: dict):
    """(text as written in the CSV, value expected after loading) for one field of the schema."""
    kind, c = field.get("type", "string"), field.get("constraints", {})
    if kind == "integer":
        value = st.integers(c.get("minimum", -(10**12)), c.get("maximum", 10**12)).map(
            lambda n: (str(n), n)
        )
    elif kind == "number":
        value = st.floats(
            c.get("minimum"), c.get("maximum"), allow_nan=False, allow_infinity=False
        ).map(lambda x: (repr(x), x))
    elif kind == "boolean":
        value = st.sampled_from(sorted(validate.TRUE_VALUES | validate.FALSE_VALUES)).map(
            lambda v: (v, v in validate.TRUE_VALUES)
        )
    elif kind == "date":
        value = DATES.map(lambda d: (d.isoformat(), pd.Timestamp(d)))
    elif c.get("pattern") == REDUCED:
        value = st.tuples(DATES, st.sampled_from([4, 7, 10])).map(
            lambda t: (t[0].isoformat()[: t[1]],) * 2
        )
    elif "enum" in c:
        value = st.sampled_from(c["enum"]).map(lambda v: (v, v))
    else:
        longest = min(c.get("maxLength", 10**9), 60)
        text = (
            st.from_regex(c["pattern"], fullmatch=True, alphabet=LINE)
            if "pattern" in c
            else st.text(FREE, min_size=1, max_size=longest)
        )
        value = text.filter(
            lambda s: s and stripped(s) and len(s) <= c.get("maxLength", 10**9)
        ).map(lambda s: (s, s))
    return value if c.get("required") else st.one_of(st.just(("", None)), value)


def invalid_cell(field: dict):
    """Text the schema rejects for this field, in every way the schema can say so (None if none)."""
    kind, c = field.get("type", "string"), field.get("constraints", {})
    ways = [
        st.builds(
            lambda a, ch, b: a + ch + b,
            st.text(LINE, min_size=1, max_size=5).filter(stripped),
            st.sampled_from(CONTROL),
            st.text(LINE, min_size=1, max_size=5).filter(stripped),
        )
    ]
    if c.get("required"):
        ways.append(st.just(""))
    if kind == "integer":
        ways += [
            st.text(LINE, min_size=1, max_size=8).filter(
                lambda s: stripped(s) and not INTEGER.fullmatch(s)
            ),
            st.text(st.characters(categories=("Nd",)), min_size=1, max_size=6).filter(
                lambda s: not INTEGER.fullmatch(s)
            ),
            st.integers(1000, 10**9).map(lambda n: f"{n:,}"),
            st.integers(0, 999).map(lambda n: f"{n}.5"),
        ]
        if "minimum" in c:
            ways.append(st.integers(max_value=c["minimum"] - 1).map(str))
        if "maximum" in c:
            ways.append(st.integers(min_value=c["maximum"] + 1).map(str))
    elif kind == "date":
        ways += [
            st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True).filter(
                lambda s: not real_day(s) or not in_range(s)
            ),
            st.text(LINE, min_size=1, max_size=12).filter(
                lambda s: stripped(s) and not real_day(s)
            ),
            NOT_ASCII_DIGITS.map(lambda d: f"2018-0{d[0]}-01"),
        ]
    elif kind == "boolean":
        ways.append(
            st.text(LINE, min_size=1, max_size=6).filter(
                lambda s: stripped(s) and s not in validate.TRUE_VALUES | validate.FALSE_VALUES
            )
        )
    elif kind == "string":
        if "enum" in c:
            ways.append(
                st.text(LINE, min_size=1, max_size=12).filter(
                    lambda s: stripped(s) and s not in c["enum"]
                )
            )
        if "pattern" in c:
            ways.append(
                st.text(LINE, min_size=1, max_size=12).filter(
                    lambda s: stripped(s) and not re.fullmatch(c["pattern"], s)
                )
            )
        if (
            c.get("pattern") == REDUCED
        ):  # the form, but not a real date from 1900 to tomorrow, or in another script's digits
            ways += [
                st.from_regex(REDUCED, fullmatch=True).filter(
                    lambda s: not real_day((s + "-01-01")[:10]) or not in_range(s)
                ),
                NOT_ASCII_DIGITS.map(lambda d: (d * 4)[:4]),
            ]
        if "maxLength" in c:
            ways.append(st.just("x" * (c["maxLength"] + 1)))
    return st.one_of(ways)


def valid_table(name: str):
    fields = schema.fields(name)
    unique = [
        (lambda r, k=f["name"]: r[k][0]) for f in fields if f.get("constraints", {}).get("unique")
    ]
    pk = schema.primary_key(name)
    if len(pk) > 1:
        unique.append(lambda r: tuple(r[k][0] for k in pk))
    rows = st.fixed_dictionaries({f["name"]: valid_cell(f) for f in fields})
    return st.lists(rows, min_size=1, max_size=6, unique_by=tuple(unique) or None)


VALID = {name: valid_table(name) for name in TABLES}
INVALID = {name: {f["name"]: invalid_cell(f) for f in schema.fields(name)} for name in TABLES}


def column_kinds(name: str) -> list[list[str]]:
    """Columns grouped by type and kinds of constraint, so that a few examples reach every kind."""
    kinds: dict[tuple, list[str]] = {}
    for f in schema.fields(name):
        kinds.setdefault((f.get("type", "string"), *sorted(f.get("constraints", {}))), []).append(
            f["name"]
        )
    return list(kinds.values())


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    """A data root holding datapackage.json; each example writes the one table it loads."""
    out = tmp_path_factory.mktemp("generated")
    shutil.copy(paths.ROOT / "datapackage.json", out / "datapackage.json")
    for name in TABLES:
        schema.table_path(name, out).parent.mkdir(parents=True, exist_ok=True)
    return out


def write(root, name: str, rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    names = schema.field_names(name)
    w.writerow(names)
    w.writerows([row[k][0] for k in names] for row in rows)
    schema.table_path(name, root).write_text(buf.getvalue(), encoding="utf-8")


# ---- (a) what the schema accepts loads, typed, with the same values ------------------------------


@pytest.mark.parametrize("name", TABLES)
@settings(max_examples=15, **SETTINGS)
@given(data=st.data())
def test_any_table_the_schema_accepts_loads_with_the_same_values(root, name, data):
    rows = data.draw(VALID[name], label=name)
    write(root, name, rows)
    loaded = load.load_table(name, root)
    assert list(loaded.columns) == schema.field_names(name) and len(loaded) == len(rows)
    for i, row in enumerate(rows):
        for col, (text, want) in row.items():
            got = loaded.loc[i, col]
            assert pd.isna(got) if want is None else got == want, (i, col, text, got)


# ---- (b) what the schema rejects is reported at its row and column -------------------------------


@pytest.mark.parametrize("name", TABLES)
@settings(max_examples=15, **SETTINGS)
@given(data=st.data())
def test_any_value_the_schema_rejects_is_reported_at_its_row_and_column(root, name, data):
    rows = data.draw(VALID[name], label=name)
    i = data.draw(st.integers(0, len(rows) - 1), label="row index")
    col = data.draw(st.sampled_from(column_kinds(name)).flatmap(st.sampled_from), label="column")
    bad = data.draw(INVALID[name][col], label="bad cell")
    rows[i][col] = (bad, None)
    write(root, name, rows)
    with pytest.raises(DataError) as exc:
        load.load_table(name, root)
    problems = exc.value.problems
    assert problems and {(p.file, p.row, p.column) for p in problems} == {
        (schema.resource(name)["path"], i + 2, col)
    }, [str(p) for p in problems]


# ---- (c) the check rules never raise, and a broken sum fails -------------------------------------

VALUE = next(f for f in schema.fields("figures") if f["name"] == "value")["constraints"]


def perturbed(pkg, changes: dict[str, int]):
    figures = pkg.figures.copy()
    for figure_id, value in changes.items():
        figures.loc[figures["figure_id"] == figure_id, "value"] = value
    return load.Package(root=pkg.root, tables={**pkg.tables, "figures": figures}, texts=pkg.texts)


@settings(max_examples=8, **SETTINGS)
@given(data=st.data())
def test_check_rules_never_raise_on_changed_values(pkg, data):
    ids = pkg.figures.loc[pkg.figures["value"].notna(), "figure_id"].tolist()
    changes = data.draw(
        st.dictionaries(
            st.sampled_from(ids),
            st.integers(VALUE["minimum"], VALUE["maximum"]),
            min_size=1,
            max_size=3,
        )
    )
    results = checks.run_checks(perturbed(pkg, changes))
    assert list(results.columns) == checks.COLUMNS and len(results) > 0
    assert set(results["status"]) <= set(checks.STATUS_ORDER)


@pytest.fixture(scope="module")
def governorate_sum(pkg):
    results = checks.run_checks(pkg)
    row = results[
        (results["check_id"] == "S-GOVERNORATES")
        & (results["subject"].str.startswith("snhr-2018-09"))
    ]
    assert row["status"].tolist() == ["pass"]
    return row.iloc[0]


@settings(max_examples=6, **SETTINGS)
@given(data=st.data())
def test_a_part_or_total_that_no_longer_sums_is_a_fail(pkg, governorate_sum, data):
    figure_id = data.draw(st.sampled_from(governorate_sum["figure_ids"].split("; ")))
    old = int(pkg.figures.set_index("figure_id").loc[figure_id, "value"])
    new = data.draw(st.integers(VALUE["minimum"], VALUE["maximum"]).filter(lambda v: v != old))
    results = checks.run_checks(perturbed(pkg, {figure_id: new}))
    row = results[results["result_id"] == governorate_sum["result_id"]].iloc[0]
    assert row["status"] == "fail" and figure_id in row["blamed_ids"].split("; ")
    assert row["difference"] != 0


CELL_TEXT = st.text(alphabet=st.sampled_from(list('ab,"  \t\u00a0\u2003x1')), max_size=6)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(st.lists(st.lists(CELL_TEXT, min_size=3, max_size=3), min_size=1, max_size=6))
def test_the_fast_reader_agrees_with_the_csv_module(rows):
    """read_text_table reads a file with polars when the commas outside quotes say every record is
    whole (polars pads a short record without a word); on any CSV the csv module writes, the count
    must be right and the cells must be the csv module's."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([["h1", "h2", "h3"], *rows])
    data = buf.getvalue().encode("utf-8")
    assert validate.commas_outside_quotes(data) == 2 * (len(rows) + 1)
    read = validate._read_regular(data, 3)
    assert read is not None
    assert [[cell or "" for cell in row] for row in read.rows()] == rows


EDGE_TEXT = st.one_of(
    st.none(),
    st.text(alphabet=st.sampled_from(list("ab \t\n\u00a0\u2003\u3000\u0085\u200bx")), max_size=5),
)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(EDGE_TEXT, EDGE_TEXT), min_size=1, max_size=6))
def test_stripping_only_the_columns_that_need_it_is_stripping_them_all(rows):
    """read_text_table strips and nulls only the columns with white space at an edge or an empty
    value (a clean million-row column is not copied); the cells are those of stripping every column,
    and U+200B, which is not white space, stays."""
    df = pl.DataFrame(rows, schema={"a": pl.String, "b": pl.String}, orient="row")
    expected = df.select(pl.col(c).str.strip_chars().replace("", None) for c in df.columns)
    assert validate._stripped(df).rows() == expected.rows()
    assert all(
        v is None or v == v.strip(" \t\n\u00a0\u2003\u3000\u0085")
        for row in expected.rows()
        for v in row
    )
