"""Bad input: a corpus of broken copies of the data, each with the exact lines a user is shown.

Every case breaks a copy of the data in one small way (a CSV edit, raw bytes, a registry row, the
schema) and names the exact problem lines: file, row (the header is row 1), column, what was found
and what was expected. For each case, loading raises DataError with exactly those lines, and a build
with that data exits 2 before running any notebook, logs the same lines and leaves the reports
folder byte-identical. A few cases also run the real command line. Safe repairs (byte-order mark,
CRLF, spaces, column order, empty lines at the end) load to the same tables as the clean data."""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import pytest
from conftest import DataCopy

from helpers import paths
from helpers.build import runner
from helpers.data import load, periods, schema, validate
from helpers.errors import DataError

F = "data/curated/figures.csv"
R = "data/curated/reports.csv"
S = "data/curated/series.csv"
C = "data/curated/countries.csv"
GOV = "data/curated/governorates.csv"
# countries.csv's name_en: its form (datapackage.json) and how validation words it
NAME_FORM = next(
    f["constraints"]["pattern"]
    for f in schema.resource("countries")["schema"]["fields"]
    if f["name"] == "name_en"
)
NAME_HINT = validate.PATTERN_HINTS[NAME_FORM]
D = "data/raw/documents.csv"
FIGURE_FIELDS = schema.field_names("figures")
FIGURE_COLUMNS = ",".join(FIGURE_FIELDS)
METRIC_COLUMNS = ",".join(schema.field_names("metrics"))
N = len(FIGURE_FIELDS)
WHOLE = (
    "expected a whole number written with the digits 0-9 only (no thousands separators, no "
    "spaces), got"
)
NUMBER = "expected a number written with the digits 0-9 and an optional decimal point, got"
COUNT = (
    "civilians_killed is a count (its unit is a count in units.csv); expected a whole number "
    "written with the digits 0-9 only (no thousands separators, no spaces, no decimal point, no "
    "exponent, no leading zero), got"
)
ARTICLE = "data/raw/vop-today-news_coalition-civilian-deaths.txt"
REGULAR = "a raw document is a regular file inside data/raw/: put the file itself there"
NO_ROW = f"this file has no row in {D}; add its provenance row or remove it"
ID_FORM = "lower-case letters, digits and hyphens, no spaces (like snhr-2018-09)"
REDUCED_FORM = "a year, month or day written YYYY, YYYY-MM or YYYY-MM-DD"
INSIDE = "a quote starts and ends on whole words and numbers: copy the number or word in full"
LONG_ID = "expected at most 64 (a paste that ran on?)"
AFTER_TOMORROW = "is after tomorrow ({tomorrow}); no date in the data can be later: check the year"
BEFORE_1900 = "is before 1900-01-01; expected a date from 1900 on: check the year"
AFTER_PUBLICATION = (
    "a period cannot {verb} later than the day after its report's publication: "
    "check the year and month"
)
CHAIN = (
    "a chain of {col} must end at a row that leaves it empty: empty it, or correct it, in "
    "one of these rows"
)


@dataclass(frozen=True)
class Case:
    id: str
    change: Callable[
        [DataCopy], dict | None
    ]  # breaks the copy; returns values for the {placeholders}
    expected: tuple[str, ...]

    def lines(self, fields: dict | None) -> list[str]:
        out = []
        for (
            line
        ) in self.expected:  # str.replace, not str.format: messages hold regex braces like {64}
            for k, v in {**(fields or {}), "tomorrow": periods.latest()}.items():
                line = line.replace("{" + k + "}", str(v))
            out.append(line)
        return out


# ---- ways to break a copy ------------------------------------------------------------------------


def row_of(copy: DataCopy, name: str, key: str, match: str) -> int:
    return [r[key] for r in copy.rows(name)].index(match) + 2


def edit(name: str, key: str, match: str, **changes):
    def change(copy):
        row = row_of(copy, name, key, match)
        copy.edit(name, key, match, **changes)
        return {"row": row}

    return change


def lines_edit(name: str, fn):
    """Edit the file as lines of text (no value in these tables spans lines, so line k is row k)."""

    def change(copy):
        path = copy.path(name)
        text = path.read_text(encoding="utf-8")
        assert text.count("\n") == len(copy.rows(name)) + 1
        lines = text.split("\n")
        fields = fn(copy, lines)
        path.write_text("\n".join(lines), encoding="utf-8")
        return fields

    return change


def write_bytes(name: str, data: bytes, prefix: bool = False):
    def change(copy):
        path = copy.path(name)
        path.write_bytes(data + path.read_bytes() if prefix else data)

    return change


def on_header(name: str, fn):
    """Change the header line; fn(line) -> new line."""

    def change(copy, lines):
        lines[0] = fn(lines[0])

    return lines_edit(name, change)


def on_row(figure_id: str, fn):
    """Change the text line of one figure; fn(line) -> new line."""

    def change(copy, lines):
        row = row_of(copy, "figures", "figure_id", figure_id)
        lines[row - 1] = fn(lines[row - 1])
        return {"row": row}

    return lines_edit("figures", change)


def duplicate_key(name: str, key: str, copy_from: str, onto: str):
    def change(copy):
        first, row = row_of(copy, name, key, copy_from), row_of(copy, name, key, onto)
        copy.edit(name, key, onto, **{key: copy_from})
        return {"row": row, "first": first}

    return change


def drop_column(copy):
    copy.write(
        "figures", copy.rows("figures"), fieldnames=[c for c in FIGURE_FIELDS if c != "qualifier"]
    )


def add_column(copy):
    copy.write("figures", copy.rows("figures"), fieldnames=FIGURE_FIELDS + ["extra"])


def remove_report(copy):
    figures = copy.rows("figures")
    rows = [k + 2 for k, r in enumerate(figures) if r["report_id"] == "snhr-2018-09"]
    assert len(rows) > 5
    copy.write("reports", [r for r in copy.rows("reports") if r["report_id"] != "snhr-2018-09"])
    # its further carriers go with it: the lines expected are the figures'
    copy.write("carriers", [r for r in copy.rows("carriers") if r["report_id"] != "snhr-2018-09"])
    return {f"r{k}": row for k, row in enumerate(rows[:5])} | {"more": len(rows) - 5}


def remove_governorate(copy):
    copy.write("governorates", [r for r in copy.rows("governorates") if r["pcode"] != "SY12"])
    # and the maps' centroid, which would otherwise be a line of its own
    centroids = [r for r in copy.rows("governorate_centroids") if r["pcode"] != "SY12"]
    copy.write("governorate_centroids", centroids)
    # two figures keep the code the registry no longer has (the lines expected), others lose it
    named = ("vop-p10-sy12", "horrya-snhr-sy12")
    figures = copy.rows("figures")
    for row in figures:
        if row["governorate_pcode"] == "SY12" and row["figure_id"] not in named:
            row["governorate_pcode"] = ""
    copy.write("figures", figures)
    return {
        f"r{k}": row_of(copy, "figures", "figure_id", fid)
        for k, fid in enumerate(("vop-p10-sy12", "horrya-snhr-sy12"))
    }


def latin1_byte(copy):
    row = row_of(copy, "figures", "figure_id", "vop-p2-1114")
    path = copy.path("figures")
    data = path.read_bytes().replace(b"paragraph 2,", b"paragraph 2 (caf\xe9),", 1)
    path.write_bytes(data)
    return {"row": row, "offset": f"{data.index(b'paragraph 2 (caf') + 16:,}"}


def unclosed_quote(copy):
    row = len(copy.rows("figures")) + 2
    path = copy.path("figures")
    path.write_text(
        path.read_text(encoding="utf-8") + 'vop-p12-1,vop-article,vop-article,"paragraph 12\n',
        encoding="utf-8",
    )
    return {"row": row}


def boolean_column(copy):
    """A schema change: governorates gain a true/false column, and one cell says yes."""
    dp = copy.root / "datapackage.json"
    pkg = json.loads(dp.read_text(encoding="utf-8"))
    res = next(r for r in pkg["resources"] if r["name"] == "governorates")
    res["schema"]["fields"].append({"name": "coastal", "type": "boolean"})
    dp.write_text(json.dumps(pkg, indent=2), encoding="utf-8")
    rows = [
        dict(r, coastal="true" if r["pcode"] in ("SY06", "SY10") else "false")
        for r in copy.rows("governorates")
    ]
    rows[1]["coastal"] = "yes"
    copy.write("governorates", rows)


def edit_raw_file(copy):
    raw = copy.root / ARTICLE
    raw.write_bytes(raw.read_bytes().replace(b"1,069", b"1,061"))
    return {"recorded": copy.rows("documents")[0]["sha256"]}


# a dimension and groups that can never be real, declared in the copy only
ZZ_DIMENSION = "zz_test_dimension"
G = "data/curated/groups.csv"
UNDECLARED_GROUP = (
    "is not in data/curated/groups.csv; expected a declared group: add a row there saying how "
    "readers see it (like Obama administration, and under the Obama administration in running "
    "text)"
)


def declare_dimension(copy):
    copy.append(
        "dimensions",
        dimension=ZZ_DIMENSION,
        label="zz test dimension",
        description="zz-test: a dimension that is never real.",
    )


def declare_group(group: str, dimension: str = ZZ_DIMENSION):
    """A row of groups.csv; its row number as {group_row}."""

    def change(copy):
        copy.append(
            "groups",
            dimension=dimension,
            group=group,
            label=f"zz test group {group}",
            phrase=f"within zz test group {group}",
            description="zz-test: a group that is never real.",
        )
        return {"group_row": len(copy.rows("groups")) + 1}

    return change


def both(*changes):
    """Several changes to one copy; their {placeholders} together."""

    def change(copy):
        fields = {}
        for c in changes:
            fields.update(c(copy) or {})
        return fields

    return change


def references(name: str, key: str, column: str, links: dict[str, str]):
    """Point `column` of each row named in links at another row (key -> the key it refers to now);
    placeholders r0, r1, ...: the rows of the links, in order."""

    def change(copy):
        rows = {f"r{k}": row_of(copy, name, key, match) for k, match in enumerate(links)}
        for match, to in links.items():
            copy.edit(name, key, match, **{column: to})
        return rows

    return change


def content(data: bytes):
    """A maker for add_document and stray: a regular file holding data."""
    return lambda path: path.write_bytes(data)


def add_document(name: str, make=lambda path: None, media_type: str = "text/plain; charset=utf-8"):
    """A new documents.csv row (zz-test-doc) for data/raw/<name>, which make(path) creates: a file,
    a symbolic link, a folder, a named pipe, or nothing. Its sha256 is the file's, if it is a
    file."""

    def change(copy):
        path = copy.root / "data" / "raw" / name
        make(path)
        regular = path.is_file() and not path.is_symlink()
        sha = hashlib.sha256(path.read_bytes()).hexdigest() if regular else "0" * 64
        copy.append(
            "documents",
            **dict(
                copy.rows("documents")[0],
                document_id="zz-test-doc",
                path=f"data/raw/{name}",
                sha256=sha,
                media_type=media_type,
            ),
        )
        return {"row": len(copy.rows("documents")) + 1}

    return change


def stray(name: str, make):
    """Something in data/raw/ with no row in documents.csv."""

    def change(copy):
        make(copy.root / "data" / "raw" / name)

    return change


def character_device(path):
    """A device node like /dev/null (1, 3); only a privileged user may make one."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        pytest.skip(
            "making a device node needs root: run the tests as root (as .ci/run does) to include "
            "this case"
        )


LATIN1 = "Le café a fermé: 12 civils tués.\n".encode("latin-1")


def break_datapackage_json(copy):
    dp = copy.root / "datapackage.json"
    dp.write_text(
        dp.read_text(encoding="utf-8").replace('"civcas-notebooks",', '"civcas-notebooks"', 1),
        encoding="utf-8",
    )


def remove_datapackage_json(copy):
    (copy.root / "datapackage.json").unlink()
    return {"root": copy.root.resolve()}


# ---- the corpus ----------------------------------------------------------------------------------

REJECTED = [
    # numbers
    Case(
        "value_not_a_number",
        edit("figures", "figure_id", "vop-p2-1114", value="1,1l4"),
        (f"{F}, row {{row}}, column \"value\": {NUMBER} '1,1l4'",),
    ),
    Case(
        "value_with_thousands_separator",
        edit("figures", "figure_id", "vop-p2-1114", value="1,114"),
        (f"{F}, row {{row}}, column \"value\": {NUMBER} '1,114'",),
    ),
    Case(
        "value_with_inner_space",
        edit("figures", "figure_id", "vop-p2-1114", value="1 114"),
        (f"{F}, row {{row}}, column \"value\": {NUMBER} '1 114'",),
    ),
    Case(
        "value_with_decimal_point",
        edit("figures", "figure_id", "vop-p2-1114", value="1114.0"),
        (f"{F}, row {{row}}, column \"value\": {COUNT} '1114.0'",),
    ),
    Case(
        "value_in_arabic_indic_digits",
        edit("figures", "figure_id", "vop-p2-1114", value="١١١٤"),
        (f"{F}, row {{row}}, column \"value\": {NUMBER} '١١١٤'",),
    ),
    Case(
        "value_negative",
        edit("figures", "figure_id", "vop-p2-1114", value="-5"),
        (f'{F}, row {{row}}, column "value": expected at least 0, got -5',),
    ),
    Case(
        "value_absurd",
        edit("figures", "figure_id", "vop-p2-1114", value="99999999"),
        (
            f'{F}, row {{row}}, column "value": expected at most 10,000,000, got 99999999; check '
            "for an extra digit",
        ),
    ),
    Case(
        "value_beyond_64_bits",
        edit(
            "figures", "figure_id", "vop-p2-1114", value="99999999999999999999", value_as_written=""
        ),
        (
            f'{F}, row {{row}}, column "value": expected at most 10,000,000, got '
            "99999999999999999999; check for an extra digit",
        ),
    ),
    Case(
        "low_negative",
        edit(
            "figures",
            "figure_id",
            "vop-p2-1114",
            value="",
            qualifier="between",
            low="-1",
            high="1114",
        ),
        (f'{F}, row {{row}}, column "low": expected at least 0, got -1',),
    ),
    # columns and cells
    Case(
        "missing_column",
        drop_column,
        (
            f'{F}, row 1, column "qualifier": missing column; the header must have: '
            f"{FIGURE_COLUMNS}",
        ),
    ),
    Case(
        "extra_column",
        add_column,
        (
            f'{F}, row 1, column "extra": unexpected column (a typo, or a column the schema does '
            f"not define); expected only: {FIGURE_COLUMNS}",
        ),
    ),
    Case(
        "repeated_column",
        on_header("figures", lambda line: line.replace(",notes", ",value")),
        (
            f'{F}, row 1, column "notes": missing column; the header must have: {FIGURE_COLUMNS}',
            f'{F}, row 1, column "value": this column is in the header twice (cells '
            f"{FIGURE_FIELDS.index('value') + 1} and {N}); expected each column once",
        ),
    ),
    Case(
        "empty_header_cell",
        on_header("metrics", lambda line: line + ","),
        (
            "data/curated/metrics.csv, row 1: header cell "
            f"{METRIC_COLUMNS.count(',') + 2} is empty (a stray comma?); expected "
            f"only: {METRIC_COLUMNS}",
        ),
    ),
    Case(
        "row_with_too_many_cells",
        on_row("vop-p1-1144", lambda line: line + ",x"),
        (
            f"{F}, row {{row}}: this row has {N + 1} cells but the header has {N} columns; "
            "expected one cell per column: quote any value that contains a comma",
        ),
    ),
    # every row of metrics.csv has its last cell filled: an extra cell was once dropped without a
    # word there
    Case(
        "row_with_too_many_cells_where_no_cell_is_empty",
        lines_edit("metrics", lambda copy, lines: lines.__setitem__(1, lines[1] + ",x")),
        (
            "data/curated/metrics.csv, row 2: this row has "
            f"{len(schema.field_names('metrics')) + 1} cells but the header has "
            f"{len(schema.field_names('metrics'))} columns; expected one cell per column: quote "
            "any value that contains a comma",
        ),
    ),
    Case(
        "row_with_too_few_cells",
        on_row("vop-p1-1144", lambda line: line.removesuffix(",")),
        (
            f"{F}, row {{row}}: this row has {N - 1} cells but the header has {N} columns; "
            "expected one cell per column (an empty value still needs its comma)",
        ),
    ),
    Case(
        "empty_row_between_rows",
        on_row("vop-p2-1114", lambda line: "\n" + line),
        (
            f"{F}, row {{row}}: an empty row; expected a row of data on every line up to the last: "
            "delete the empty row",
        ),
    ),
    Case(
        "unclosed_quote",
        unclosed_quote,
        (
            f"{F}, row {{row}}: a quoted value that starts in this row is never closed; expected a "
            'closing double quote (a quote mark inside a value is written twice: "")',
        ),
    ),
    # whole files
    Case(
        "empty_file",
        write_bytes("figures", b""),
        (f"{F}, row 1: the file is empty; it needs a header row: {FIGURE_COLUMNS}",),
    ),
    Case(
        "whitespace_only_file",
        write_bytes("figures", b" \n\t\n  \r\n"),
        (f"{F}, row 1: the file is empty; it needs a header row: {FIGURE_COLUMNS}",),
    ),
    Case(
        "header_only_file",
        write_bytes("figures", FIGURE_COLUMNS.encode() + b"\n"),
        (f"{F}, row 2: the file has a header but no rows; expected at least one row of data",),
    ),
    Case(
        "empty_first_row",
        write_bytes("metrics", b"\n", prefix=True),
        (
            "data/curated/metrics.csv, row 1: the first row is empty; expected the header row: "
            f"{METRIC_COLUMNS}",
        ),
    ),
    Case(
        "table_file_missing",
        lambda c: c.path("figures").unlink(),
        (f"{F}: the file is missing; expected a CSV file with the header row: {FIGURE_COLUMNS}",),
    ),
    Case(
        "not_utf8",
        latin1_byte,
        (
            f"{F}, row {{row}}: not UTF-8 text (byte 0xe9 at offset {{offset}}); save the file as "
            "UTF-8",
        ),
    ),
    Case(
        "control_character",
        edit("figures", "figure_id", "vop-p2-1114", locator="paragraph\x00 2"),
        (
            f'{F}, row {{row}}, column "locator": contains the invisible control character U+0000; '
            "expected plain text: delete it",
        ),
    ),
    Case(
        "huge_field",
        edit("figures", "figure_id", "vop-p2-1114", quote="x" * 1_000_000),
        (
            f'{F}, row {{row}}, column "quote": the value is 1,000,000 characters long; expected '
            "at most 5,000 (a paste that ran on?)",
        ),
    ),
    # keys and references
    Case(
        "duplicate_figure_id",
        duplicate_key("figures", "figure_id", "vop-p2-1114", "vop-p7-28562"),
        (
            f"{F}, row {{row}}, column \"figure_id\": 'vop-p2-1114' is already used in row "
            "{first}; values in this column must be unique",
        ),
    ),
    Case(
        "duplicate_report_id",
        duplicate_key("reports", "report_id", "vop-article", "sputnik-fr-2017-12-28"),
        (
            f"{R}, row {{row}}, column \"report_id\": 'vop-article' is already used in row "
            "{first}; values in this column must be unique",
        ),
    ),
    Case(
        "duplicate_pcode",
        duplicate_key("governorates", "pcode", "SY01", "SY02"),
        (
            "data/curated/governorates.csv, row {row}, column \"pcode\": 'SY01' is already used in "
            "row {first}; values in this column must be unique",
        ),
    ),
    Case(
        "unknown_report_id",
        edit("figures", "figure_id", "vop-p8-2832", report_id="snhr-2018-9"),
        (f"{F}, row {{row}}, column \"report_id\": 'snhr-2018-9' is not a report_id in {R}",),
    ),
    Case(
        "unknown_pcode",
        edit("figures", "figure_id", "vop-p10-sy12", governorate_pcode="SY15"),
        (f"{F}, row {{row}}, column \"governorate_pcode\": 'SY15' is not a pcode in {GOV}",),
    ),
    Case(
        "pcode_not_a_pcode",
        edit("figures", "figure_id", "vop-p10-sy12", governorate_pcode="sy-15"),
        (
            f'{F}, row {{row}}, column "governorate_pcode": expected an OCHA governorate P-code: '
            "the country's two-letter ISO code, then digits or capital letters (like SY01), got "
            "'sy-15' (the schema's form: ^[A-Z]{2}[A-Z0-9]{2,6}$)",
        ),
    ),
    Case(
        "pcode_not_in_governorates",
        remove_governorate,
        tuple(
            f"{F}, row {{r{k}}}, column \"governorate_pcode\": 'SY12' is not a pcode in "
            "data/curated/governorates.csv"
            for k in range(2)
        ),
    ),
    Case(
        "unknown_metric",
        edit("figures", "figure_id", "vop-p2-1114", metric="civilian_killed"),
        (
            f"{F}, row {{row}}, column \"metric\": 'civilian_killed' is not a metric in "
            "data/curated/metrics.csv",
        ),
    ),
    Case(
        "report_removed_from_registry",
        remove_report,
        tuple(
            f"{F}, row {{r{k}}}, column \"report_id\": 'snhr-2018-09' is not a report_id in {R}"
            for k in range(5)
        )
        + (f'{F}, column "report_id": … and {{more}} more rows with the same problem',),
    ),
    Case(
        "breakdown_group_not_declared",
        both(
            declare_dimension,
            declare_group("zz-test-declared"),
            edit(
                "figures",
                "figure_id",
                "vop-p11-obama-women",
                breakdown=f"{ZZ_DIMENSION}:zz-test-undeclared",
            ),
        ),
        (
            f"{F}, row {{row}}, column \"breakdown\": the group 'zz-test-undeclared' of the "
            f"dimension '{ZZ_DIMENSION}' {UNDECLARED_GROUP}",
        ),
    ),
    Case(
        "breakdown_group_declared_for_another_dimension",
        both(
            declare_dimension,
            declare_group("zz-test-group"),
            edit(
                "figures",
                "figure_id",
                "vop-p11-obama-women",
                breakdown="us_administration:zz-test-group",
            ),
        ),
        (
            f"{F}, row {{row}}, column \"breakdown\": the group 'zz-test-group' of the "
            f"dimension 'us_administration' {UNDECLARED_GROUP}",
        ),
    ),
    Case(
        "breakdown_dimension_not_declared",  # one line: the dimension's, not also the group's
        edit("figures", "figure_id", "vop-p11-obama-women", breakdown="zz_test_undeclared:zz-test"),
        (
            f"{F}, row {{row}}, column \"breakdown\": the dimension 'zz_test_undeclared' is not "
            "in data/curated/dimensions.csv; expected a declared dimension: add a row there saying "
            "how text writes it (like US administration)",
        ),
    ),
    Case(
        "group_of_an_undeclared_dimension",
        declare_group("zz-test-group"),
        (
            f"{G}, row {{group_row}}, column \"dimension\": '{ZZ_DIMENSION}' is not a dimension in "
            "data/curated/dimensions.csv",
        ),
    ),
    Case(
        "group_declared_twice",
        both(declare_dimension, declare_group("zz-test-group"), declare_group("zz-test-group")),
        (
            f'{G}, row {{group_row}}, column "dimension, group": this combination of dimension, '
            "group is already used in an earlier row",
        ),
    ),
    Case(
        "group_without_its_words",
        both(
            declare_dimension,
            lambda copy: copy.append(
                "groups",
                dimension=ZZ_DIMENSION,
                group="zz-test-group",
                label="zz test group",
                phrase="",
                description="zz-test: a group that is never real.",
            ),
            lambda copy: {"group_row": len(copy.rows("groups")) + 1},
        ),
        (f'{G}, row {{group_row}}, column "phrase": a value is required here',),
    ),
    Case(
        "comparison_names_unknown_figure",
        edit("comparisons", "comparison_id", "snhr-vs-coalition", numerator="vop-p8-2833"),
        (
            "data/curated/comparisons.csv, row {row}, column \"numerator\": 'vop-p8-2833' is not a "
            "figure_id in data/curated/figures.csv",
        ),
    ),
    Case(
        "report_carried_by_itself",
        edit("reports", "report_id", "sputnik-fr-2017-12-28", carried_by="sputnik-fr-2017-12-28"),
        (
            f'{R}, row {{row}}, column "carried_by": sputnik-fr-2017-12-28 is carried by itself; '
            + CHAIN.replace("{col}", "carried_by").replace("one of these rows", "this row"),
        ),
    ),
    # values against the schema
    Case(
        "bad_enum",
        edit("figures", "figure_id", "vop-p2-1114", qualifier="atleast"),
        (
            f'{F}, row {{row}}, column "qualifier": expected one of: exact, at_least, more_than, '
            "about, up_to, between; got 'atleast'",
        ),
    ),
    Case(
        "bad_date",
        edit("figures", "figure_id", "sputnikfr-20171228-civ", confirmed_on="2018-02-30"),
        (
            f'{F}, row {{row}}, column "confirmed_on": expected a date written YYYY-MM-DD (a '
            "real calendar date), got '2018-02-30'",
        ),
    ),
    Case(
        "bad_boolean",
        boolean_column,
        (
            'data/curated/governorates.csv, row 3, column "coastal": expected true or false, got '
            "'yes'",
        ),
    ),
    Case(
        "bad_pattern",
        edit("reports", "report_id", "vop-article", report_id="VOP article"),
        (
            f'{R}, row {{row}}, column "report_id": expected lower-case letters, digits and '
            "hyphens, no spaces (like snhr-2018-09), got 'VOP article' (the schema's form: "
            "^[a-z0-9][a-z0-9-]*[a-z0-9]$)",
        ),
    ),
    Case(
        "bad_url",
        edit("reports", "report_id", "vop-article", url="voiceofpeopletoday.com/1114-civilians"),
        (
            f'{R}, row {{row}}, column "url": expected a web address starting http:// or '
            "https://, or the word unknown, got 'voiceofpeopletoday.com/1114-civilians' (the "
            "schema's form: ^(unknown|https?://\\S+)$)",
        ),
    ),
    Case(
        "bad_sha256_form",
        edit("documents", "document_id", "vop-article", sha256="abc"),
        (
            f'{D}, row {{row}}, column "sha256": expected a sha256: 64 characters 0-9 and a-f, '
            "got 'abc' (the schema's form: ^[0-9a-f]{64}$)",
        ),
    ),
    Case(
        "required_value_missing",
        edit("figures", "figure_id", "vop-p2-1114", locator=""),
        (f'{F}, row {{row}}, column "locator": a value is required here',),
    ),
    # rules within a row
    Case(
        "period_ends_before_it_starts",
        edit("figures", "figure_id", "vop-p7-28562", period_start="2017-06", period_end="2016-11"),
        (
            f'{F}, row {{row}}, column "period_end": the period ends (2016-11) before it starts '
            "(2017-06)",
        ),
    ),
    Case(
        "period_not_a_real_month",
        edit("figures", "figure_id", "vop-p2-1114", period_start="2018-13"),
        (
            f'{F}, row {{row}}, column "period_start": expected {REDUCED_FORM} (a real calendar '
            "date), got '2018-13'",
        ),
    ),
    Case(
        "low_above_high",
        edit(
            "figures",
            "figure_id",
            "vop-p2-1114",
            value="",
            qualifier="between",
            low="1200",
            high="1100",
        ),
        (
            f'{F}, row {{row}}, column "low": low (1,200) is above high (1,100); expected low no '
            "larger than high",
        ),
    ),
    Case(
        "value_given_for_a_range",
        edit("figures", "figure_id", "vop-p2-1114", qualifier="between", low="1000", high="1200"),
        (
            f"{F}, row {{row}}, column \"value\": leave value empty for a range ('between'); give "
            "low and high",
        ),
    ),
    Case(
        "value_not_as_printed",
        edit("figures", "figure_id", "vop-p2-1114", value="1144"),
        (
            f"{F}, row {{row}}, column \"value\": 1144 does not match the printed '1,114'; "
            "expected the same digits as value_as_written",
        ),
    ),
    # sources
    Case(
        "quote_not_in_source",
        edit(
            "figures",
            "figure_id",
            "vop-p4-1069",
            quote="At the end of August, this number was 1,096 civilians.",
        ),
        (
            f'{F}, row {{row}}, column "quote": quote not found word for word in vop-article: '
            "'At the end of August, this number was 1,096 civilians.'; copy it exactly from the "
            "raw file",
        ),
    ),
    Case(
        "edited_raw_file",
        edit_raw_file,
        (
            f'{D}, row 2, column "sha256": {ARTICLE} has changed: its content does not match the '
            "recorded sha256 {recorded}. Raw files are never edited; restore it, or add the new "
            "version as a new document",
        ),
    ),
    Case(
        "raw_file_missing",
        edit("documents", "document_id", "vop-article", path="data/raw/vop-article.txt"),
        (
            f'{D}, row {{row}}, column "path": the raw file data/raw/vop-article.txt does not '
            "exist; expected a file at that path (restore it, or correct the path)",
            f"{ARTICLE}: {NO_ROW}",
        ),
    ),
    # the schema itself
    Case(
        "datapackage_json_invalid",
        break_datapackage_json,
        (
            "datapackage.json: not valid JSON at line 3, character 3: Expecting ',' delimiter; "
            "expected the package's Table Schema as a JSON object (check for a missing comma, "
            "bracket or quote)",
        ),
    ),
    Case(
        "datapackage_json_missing",
        remove_datapackage_json,
        (
            "datapackage.json: the file is missing; expected the package's schema at "
            "{root}/datapackage.json",
        ),
    ),
    # raw documents: a regular file inside data/raw/, never opened or hashed before that is known
    Case(
        "raw_link_to_etc_passwd",
        add_document("zz-test-passwd.txt", lambda p: p.symlink_to("/etc/passwd")),
        (
            f'{D}, row {{row}}, column "path": data/raw/zz-test-passwd.txt is a symbolic link (to '
            f"/etc/passwd); {REGULAR}",
        ),
    ),
    Case(
        "raw_link_inside_data_raw",
        add_document("zz-test-link.txt", lambda p: p.symlink_to(ARTICLE.removeprefix("data/raw/"))),
        (
            f'{D}, row {{row}}, column "path": data/raw/zz-test-link.txt is a symbolic link (to '
            f"{ARTICLE.removeprefix('data/raw/')}); {REGULAR}",
        ),
    ),
    Case(
        "raw_path_climbs_out",
        add_document(".."),  # the pattern lets ".." through as a file name
        (
            f'{D}, row {{row}}, column "path": data/raw/.. is not inside data/raw/ (it is data); '
            f"{REGULAR}",
        ),
    ),
    Case(
        "raw_path_is_data_raw_itself",
        add_document("."),
        (
            f'{D}, row {{row}}, column "path": data/raw/. is not inside data/raw/ (it is '
            f"data/raw); {REGULAR}",
        ),
    ),
    Case(
        "raw_path_traversal",
        add_document("../../etc/passwd"),  # refused by the pattern: no slash after data/raw/
        (
            f'{D}, row {{row}}, column "path": expected a file name under data/raw/ (letters, '
            "digits, dots, hyphens, underscores), "
            "got 'data/raw/../../etc/passwd' (the schema's form: ^data/raw/[A-Za-z0-9._-]+$)",
        ),
    ),
    Case(
        "raw_path_is_a_folder",
        add_document("zz-test-folder", lambda p: p.mkdir()),
        (
            f'{D}, row {{row}}, column "path": data/raw/zz-test-folder is a folder, not a file; '
            f"{REGULAR}",
        ),
    ),
    Case(
        "raw_path_is_a_fifo",
        add_document("zz-test-pipe.txt", os.mkfifo),  # opening it to read would wait forever
        (
            f'{D}, row {{row}}, column "path": data/raw/zz-test-pipe.txt is a named pipe (FIFO), '
            f"not a file; {REGULAR}",
        ),
    ),
    Case(
        "raw_path_is_a_device",
        add_document("zz-test-null", character_device),
        (
            f'{D}, row {{row}}, column "path": data/raw/zz-test-null is a character device, not a '
            f"file; {REGULAR}",
        ),
    ),
    Case(
        "raw_path_too_long",
        add_document("x" * 120),
        (
            f'{D}, row {{row}}, column "path": the value is 129 characters long; expected at most '
            "128 (a paste that ran on?)",
        ),
    ),
    Case(
        "raw_latin1_declared_utf8",
        add_document("zz-test-latin1.txt", content(LATIN1)),
        (
            f'{D}, row {{row}}, column "media_type": data/raw/zz-test-latin1.txt is not utf-8 text '
            "(byte 0xe9 at offset 6); "
            "declare the charset the file is written in (like text/plain; charset=iso-8859-1): raw "
            "files are never edited",
        ),
    ),
    Case(
        "raw_latin1_declared_ascii",
        add_document("zz-test-latin1.txt", content(LATIN1), "text/plain; charset=US-ASCII"),
        (
            f'{D}, row {{row}}, column "media_type": data/raw/zz-test-latin1.txt is not us-ascii '
            "text (byte 0xe9 at offset 6); "
            "declare the charset the file is written in (like text/plain; charset=iso-8859-1): raw "
            "files are never edited",
        ),
    ),
    Case(
        "raw_unknown_charset",
        add_document("zz-test-latin1.txt", content(LATIN1), "text/plain; charset=klingon-8"),
        (
            f"{D}, row {{row}}, column \"media_type\": 'klingon-8' is not a text charset Python "
            "knows; "
            "expected the file's charset by a known name (like utf-8, iso-8859-1 or windows-1256)",
        ),
    ),
    Case(
        "raw_charset_that_is_not_text",
        add_document("zz-test-latin1.txt", content(LATIN1), 'text/plain; charset="base64"'),
        (
            f"{D}, row {{row}}, column \"media_type\": 'base64' is not a text charset Python "
            "knows; "
            "expected the file's charset by a known name (like utf-8, iso-8859-1 or windows-1256)",
        ),
    ),
    Case(
        "raw_file_without_row",
        stray("zz-test-extra.txt", content(b"12 civilians")),
        (f"data/raw/zz-test-extra.txt: {NO_ROW}",),
    ),
    Case(
        "raw_link_without_row",
        stray("zz-test-extra.txt", lambda p: p.symlink_to("/etc/passwd")),
        (f"data/raw/zz-test-extra.txt: {NO_ROW}",),
    ),
    Case(
        "raw_folder_without_row",
        stray("zz-test-folder", lambda p: p.mkdir()),
        (
            f"data/raw/zz-test-folder: this folder has no row in {D}; data/raw/ holds raw files "
            "only, each with its row: move the folder out",
        ),
    ),
    # quotes and contexts stand on whole numbers and words
    Case(
        "quote_starts_inside_a_number",
        edit(
            "figures",
            "figure_id",
            "vop-p2-1114",
            value="4",
            value_as_written="4",
            quote="4 civilians since August 2014, the coalition said in a statement on Thursday.",
        ),
        (
            f'{F}, row {{row}}, column "quote": quote found in vop-article only inside a longer '
            "number or word (… killed 1,114 civilians …): "
            "'4 civilians since August 2014, the coalition said in a statement on Thursday.'; "
            f"{INSIDE}",
        ),
    ),
    Case(
        "quote_ends_inside_a_number",
        edit(
            "figures",
            "figure_id",
            "vop-p2-1114",
            value="1",
            value_as_written="1",
            quote="The raids carried out by the American coalition in Iraq and Syria have killed 1",
        ),
        (
            f'{F}, row {{row}}, column "quote": quote found in vop-article only inside a longer '
            "number or word (…ave killed 1,114 civilia…): "
            "'The raids carried out by the American coalition in Iraq and Syria have killed 1'; "
            f"{INSIDE}",
        ),
    ),
    Case(
        "quote_starts_inside_a_word",
        edit(
            "figures",
            "figure_id",
            "vop-p2-1114",
            quote="aids carried out by the American coalition in Iraq and Syria have killed 1,114 "
            "civilians",
        ),
        (
            f'{F}, row {{row}}, column "quote": quote found in vop-article only inside a longer '
            "number or word (…ement. The raids carried…): "
            "'aids carried out by the American coalition in Iraq and Syria have killed 1,114 c'; "
            f"{INSIDE}",
        ),
    ),
    Case(
        "period_words_end_inside_a_number",
        edit("figures", "figure_id", "vop-p1-1144", period_as_written="since August 201"),
        (
            f"{F}, row {{row}}, column \"period_as_written\": period_as_written 'since August 201' "
            "is not in the quote",
        ),
    ),
    Case(
        "context_ends_inside_a_number",
        edit(
            "not_figures",
            "document_id",
            "vop-article",
            context="The operation of the US-led international coalition was started in June 201",
        ),
        (
            'data/curated/not_figures.csv, row 2, column "context": context found in vop-article '
            "only inside a longer number or word (… in June 2014 in Iraq an…): "
            "'The operation of the US-led international coalition was started in June 201'; "
            + INSIDE.replace("a quote", "a context"),
        ),
    ),
    # a governorate's P-code and the figure's country agree
    Case(
        "pcode_with_geography_irq",
        edit("figures", "figure_id", "vop-p10-sy11", geography="IRQ"),
        (
            f'{F}, row {{row}}, column "governorate_pcode": SY11 is a governorate of Syria (SYR), '
            "but the figure's geography is IRQ; expected exactly SYR: "
            "a figure for one governorate counts in that country only (give the figure its own "
            "geography SYR)",
        ),
    ),
    Case(
        "pcode_with_geography_irq_and_syr",
        edit("figures", "figure_id", "vop-p10-sy11", geography="IRQ+SYR"),
        (
            f'{F}, row {{row}}, column "governorate_pcode": SY11 is a governorate of Syria (SYR), '
            "but the figure's geography is IRQ+SYR; expected exactly SYR: "
            "a figure for one governorate counts in that country only (give the figure its own "
            "geography SYR)",
        ),
    ),
    # every geography code is a country of countries.csv, each once, in alphabetical order
    Case(
        "geography_not_a_country",
        edit("series", "series", "snhr-syria-cumulative", geography="SYR+ZZQ"),
        (
            f"{S}, row {{row}}, column \"geography\": 'ZZQ' is not a country of {C}; expected "
            "codes it lists (IRQ, SYR), or add each country's row there (iso3, iso2 and name_en, "
            "the name readers see)",
        ),
    ),
    Case(
        "geography_out_of_order",
        edit("figures", "figure_id", "vop-p2-1114", geography="SYR+IRQ"),
        (
            f"{F}, row {{row}}, column \"geography\": 'SYR+IRQ' names its countries out of "
            "order; expected IRQ+SYR: each country once, in alphabetical order (one place is "
            "written one way, so that the checks compare like with like)",
        ),
    ),
    Case(
        "geography_names_a_country_twice",
        edit("figures", "figure_id", "vop-p2-1114", geography="IRQ+SYR+IRQ"),
        (
            f"{F}, row {{row}}, column \"geography\": 'IRQ+SYR+IRQ' names a country twice; "
            "expected IRQ+SYR: each country once, in alphabetical order (one place is written "
            "one way, so that the checks compare like with like)",
        ),
    ),
    Case(
        "country_name_a_formula",
        edit("countries", "iso3", "IRQ", name_en="=HYPERLINK(1)"),
        (
            f"{C}, row {{row}}, column \"name_en\": expected {NAME_HINT}, got '=HYPERLINK(1)' "
            f"(the schema's form: {NAME_FORM})",
        ),
    ),
    Case(
        "country_name_two_lines",
        edit("countries", "iso3", "IRQ", name_en="Ira\nq"),
        (
            f"{C}, row {{row}}, column \"name_en\": expected {NAME_HINT}, got 'Ira\\nq' "
            f"(the schema's form: {NAME_FORM})",
        ),
    ),
    Case(
        "pcode_of_no_country",
        edit("countries", "iso3", "SYR", iso2="SR"),
        (
            "data/curated/governorates.csv, row 2, column \"pcode\": 'SY01' starts with 'SY' "
            f"(as do the 13 P-codes after it), the ISO alpha-2 code of no country of {C}; "
            "expected the iso2 of the country each governorate is in, or add the country's row "
            "there",
        ),
    ),
    Case(
        "pcode_with_geography_inherited_from_report",
        edit("figures", "figure_id", "vop-p2-1114", geography="", governorate_pcode="SY02"),
        (
            f'{F}, row {{row}}, column "governorate_pcode": SY02 is a governorate of Syria (SYR), '
            "but the figure's geography, inherited from its report "
            "cjtf-oir-2018-09-27, is IRQ+SYR; expected exactly SYR: a figure for one governorate "
            "counts in that country only (give the figure its own geography SYR)",
        ),
    ),
    # dates: ASCII digits, a real calendar date, 1900 to tomorrow, not after the report's
    # publication
    Case(
        "period_end_in_year_3000",
        edit("figures", "figure_id", "vop-p4-1069", period_end="3000"),
        (f"{F}, row {{row}}, column \"period_end\": '3000' {AFTER_TOMORROW}",),
    ),
    Case(
        "report_period_end_in_year_3000",
        edit("reports", "report_id", "snhr-2018-09", period_end="3000-09-23"),
        (f"{R}, row {{row}}, column \"period_end\": '3000-09-23' {AFTER_TOMORROW}",),
    ),
    Case(
        "period_start_in_1899",
        edit("figures", "figure_id", "vop-p4-1069", period_start="1899"),
        (f"{F}, row {{row}}, column \"period_start\": '1899' {BEFORE_1900}",),
    ),
    Case(
        "confirmed_on_in_1899",
        edit("figures", "figure_id", "sputnikfr-20171228-civ", confirmed_on="1899-12-31"),
        (f"{F}, row {{row}}, column \"confirmed_on\": '1899-12-31' {BEFORE_1900}",),
    ),
    Case(
        "received_on_after_tomorrow",
        edit("documents", "document_id", "vop-article", received_on="2999-01-01"),
        (f"{D}, row {{row}}, column \"received_on\": '2999-01-01' {AFTER_TOMORROW}",),
    ),
    Case(
        "document_published_after_tomorrow",
        edit("documents", "document_id", "vop-article", published="2999"),
        (f"{D}, row {{row}}, column \"published\": '2999' {AFTER_TOMORROW}",),
    ),
    Case(
        "period_end_after_publication",
        edit("figures", "figure_id", "vop-p7-28562", period_end="2018-01"),
        (
            f'{F}, row {{row}}, column "period_end": 2018-01 is after cjtf-oir-2017-12-28 was '
            f"published (2017-12-28); {AFTER_PUBLICATION.replace('{verb}', 'end')}",
        ),
    ),
    Case(
        "period_start_after_publication_month",
        edit("figures", "figure_id", "vop-p9-861", period_start="2018-10-02"),
        (
            f'{F}, row {{row}}, column "period_start": 2018-10-02 is after snhr-2018-09 was '
            f"published (2018-09); {AFTER_PUBLICATION.replace('{verb}', 'start')}",
        ),
    ),
    Case(
        "report_period_after_publication",
        edit("reports", "report_id", "cjtf-oir-2018-05-31", period_end="2018-07"),
        (
            f'{R}, row {{row}}, column "period_end": 2018-07 is after cjtf-oir-2018-05-31 was '
            f"published (2018-05-31); {AFTER_PUBLICATION.replace('{verb}', 'end')}",
        ),
    ),
    Case(
        "period_after_publication_of_the_held_document",
        both(
            edit("documents", "document_id", "vop-article", published="2018-09-28"),
            edit("figures", "figure_id", "vop-p4-1069", period_end="2018-10"),
        ),
        (
            f'{F}, row {{row}}, column "period_end": 2018-10 is after vop-article was published '
            f"(2018-09-28); {AFTER_PUBLICATION.replace('{verb}', 'end')}",
        ),
    ),
    Case(
        "document_published_in_arabic_indic_digits",
        edit("documents", "document_id", "vop-article", published="٢٠١٨"),
        (
            f"{D}, row {{row}}, column \"published\": '٢٠١٨' contains the non-ASCII character '٢' "
            f"(U+0662 ARABIC-INDIC DIGIT TWO) at position 1; expected ASCII only: {REDUCED_FORM}",
        ),
    ),
    Case(
        "report_published_in_arabic_indic_digits",
        edit("reports", "report_id", "sputnik-2018-05-31", published="٢٠١٨-٠٥-٣١"),
        (
            f"{R}, row {{row}}, column \"published\": '٢٠١٨-٠٥-٣١' contains the non-ASCII "
            "character '٢' (U+0662 ARABIC-INDIC DIGIT TWO) at position 1; expected ASCII only: "
            f"{REDUCED_FORM}",
        ),
    ),
    Case(
        "period_start_in_arabic_indic_digits",
        edit("figures", "figure_id", "vop-p2-1114", period_start="٢٠١٤-٠٨"),
        (
            f"{F}, row {{row}}, column \"period_start\": '٢٠١٤-٠٨' contains the non-ASCII "
            "character '٢' (U+0662 ARABIC-INDIC DIGIT TWO) at position 1; expected ASCII only: "
            f"{REDUCED_FORM}",
        ),
    ),
    Case(
        "period_end_with_one_persian_digit",
        edit("figures", "figure_id", "vop-p4-1069", period_end="2018-0۸"),
        (
            f"{F}, row {{row}}, column \"period_end\": '2018-0۸' contains the non-ASCII character "
            "'۸' (U+06F8 EXTENDED ARABIC-INDIC DIGIT EIGHT) at position 7; expected ASCII only: "
            f"{REDUCED_FORM}",
        ),
    ),
    Case(
        "confirmed_on_in_arabic_indic_digits",
        edit("figures", "figure_id", "sputnikfr-20171228-civ", confirmed_on="٢٠٢٦-١١-٢٥"),
        (
            f"{F}, row {{row}}, column \"confirmed_on\": '٢٠٢٦-١١-٢٥' contains the non-ASCII "
            "character '٢' (U+0662 ARABIC-INDIC DIGIT TWO) at position 1; expected ASCII only: a "
            "date written YYYY-MM-DD",
        ),
    ),
    Case(
        "document_published_not_a_real_date",
        edit("documents", "document_id", "vop-article", published="2018-99-99"),
        (
            f'{D}, row {{row}}, column "published": expected {REDUCED_FORM} (a real calendar '
            "date), got '2018-99-99'",
        ),
    ),
    Case(
        "report_published_not_a_real_date",
        edit("reports", "report_id", "sputnik-2018-05-31", published="2018-99-99"),
        (
            f'{R}, row {{row}}, column "published": expected {REDUCED_FORM} (a real calendar '
            "date), got '2018-99-99'",
        ),
    ),
    # references to the same table never come back where they started
    Case(
        "carried_by_two_report_cycle",
        references(
            "reports",
            "report_id",
            "carried_by",
            {
                "sputnik-fr-2017-12-28": "cjtf-oir-2017-12-28",
                "cjtf-oir-2017-12-28": "sputnik-fr-2017-12-28",
            },
        ),
        (
            f'{R}, row {{r0}}, column "carried_by": a cycle: sputnik-fr-2017-12-28 is carried by '
            "cjtf-oir-2017-12-28 (row {r1}), "
            f"which is carried by sputnik-fr-2017-12-28; {CHAIN.replace('{col}', 'carried_by')}",
        ),
    ),
    Case(
        "carried_by_three_report_cycle",
        references(
            "reports",
            "report_id",
            "carried_by",
            {
                "sputnik-2018-05-31": "dailymail-afp-2018-06-01",
                "dailymail-afp-2018-06-01": "cjtf-oir-2018-05-31",
                "cjtf-oir-2018-05-31": "sputnik-2018-05-31",
            },
        ),
        (
            f'{R}, row {{r0}}, column "carried_by": a cycle: sputnik-2018-05-31 is carried by '
            "dailymail-afp-2018-06-01 (row {r1}), "
            "which is carried by cjtf-oir-2018-05-31 (row {r2}), which is carried by "
            f"sputnik-2018-05-31; {CHAIN.replace('{col}', 'carried_by')}",
        ),
    ),
    Case(
        "subset_of_cycle",
        references(
            "metrics",
            "metric",
            "subset_of",
            {"civilians_killed": "children_killed", "children_killed": "civilians_killed"},
        ),
        (
            'data/curated/metrics.csv, row {r0}, column "subset_of": a cycle: civilians_killed '
            "is a subset of children_killed (row {r1}), "
            f"which is a subset of civilians_killed; {CHAIN.replace('{col}', 'subset_of')}",
        ),
    ),
    Case(
        "subset_of_itself",
        references("metrics", "metric", "subset_of", {"airstrikes": "airstrikes"}),
        (
            'data/curated/metrics.csv, row {r0}, column "subset_of": airstrikes is a subset of '
            "itself; "
            + CHAIN.replace("{col}", "subset_of").replace("one of these rows", "this row"),
        ),
    ),
    Case(
        "increment_of_cycle",
        references(
            "metrics",
            "metric",
            "increment_of",
            {
                "civilians_killed": "civilians_killed_increment",
                "civilians_killed_increment": "civilians_killed",
            },
        ),
        (
            'data/curated/metrics.csv, row {r0}, column "increment_of": a cycle: '
            "civilians_killed is an increment of civilians_killed_increment (row {r1}), "
            f"which is an increment of civilians_killed; {CHAIN.replace('{col}', 'increment_of')}",
        ),
    ),
    # ids: ASCII only (a look-alike is named by its code point), and short enough to be a file name
    Case(
        "report_id_with_cyrillic_a",
        edit("reports", "report_id", "vop-article", report_id="vop-\u0430rticle"),
        (
            f"{R}, row {{row}}, column \"report_id\": 'vop-\u0430rticle' contains the non-ASCII "
            "character '\u0430' (U+0430 CYRILLIC SMALL LETTER A) at position 5; expected ASCII "
            f"only: {ID_FORM}",
        ),
    ),
    Case(
        "figure_id_with_cyrillic_o",
        edit("figures", "figure_id", "vop-p2-1114", figure_id="v\u043ep-p2-1114"),
        (
            f"{F}, row {{row}}, column \"figure_id\": 'v\u043ep-p2-1114' contains the non-ASCII "
            "character '\u043e' (U+043E CYRILLIC SMALL LETTER O) at position 2; expected ASCII "
            f"only: {ID_FORM}",
        ),
    ),
    Case(
        "series_with_cyrillic_o",
        edit("figures", "figure_id", "vop-p2-1114", series="cjtf-\u043eir-cumulative"),
        (
            f"{F}, row {{row}}, column \"series\": 'cjtf-\u043eir-cumulative' contains the "
            "non-ASCII character '\u043e' (U+043E CYRILLIC SMALL LETTER O) at position 6; "
            f"expected ASCII only: {ID_FORM}",
        ),
    ),
    Case(
        "report_reference_with_cyrillic_dze",
        edit("figures", "figure_id", "vop-p8-2832", report_id="\u0455nhr-2018-09"),
        (
            f"{F}, row {{row}}, column \"report_id\": '\u0455nhr-2018-09' contains the non-ASCII "
            "character '\u0455' (U+0455 CYRILLIC SMALL LETTER DZE) at position 1; expected ASCII "
            f"only: {ID_FORM}",
        ),
    ),
    Case(
        "metric_reference_with_cyrillic_i",
        edit("figures", "figure_id", "vop-p2-1114", metric="civilians_k\u0456lled"),
        (
            f"{F}, row {{row}}, column \"metric\": 'civilians_k\u0456lled' contains the non-ASCII "
            "character '\u0456' (U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I) "
            "at position 12; expected ASCII only: lower-case letters and underscores (like "
            "civilians_killed)",
        ),
    ),
    Case(
        "check_id_with_cyrillic_capital_o",
        edit("checks", "check_id", "Q-QUOTE", check_id="Q-QU\u041eTE"),
        (
            "data/curated/checks.csv, row {row}, column \"check_id\": 'Q-QU\u041eTE' contains the "
            "non-ASCII character '\u041e' (U+041E CYRILLIC CAPITAL LETTER O) "
            "at position 5; expected ASCII only: capital letters, digits and hyphens (like "
            "S-GOVERNORATES)",
        ),
    ),
    Case(
        "document_id_with_zero_width_space",
        edit("documents", "document_id", "vop-article", document_id="vop\u200b-article"),
        (
            f"{D}, row {{row}}, column \"document_id\": 'vop\\u200b-article' contains the "
            "non-ASCII character '\\u200b' (U+200B ZERO WIDTH SPACE) at position 4; expected "
            f"ASCII only: {ID_FORM}",
        ),
    ),
    Case(
        "pcode_with_fullwidth_digit",
        edit("figures", "figure_id", "vop-p10-sy11", governorate_pcode="SY\uff111"),
        (
            f"{F}, row {{row}}, column \"governorate_pcode\": 'SY\uff111' contains the non-ASCII "
            "character '\uff11' (U+FF11 FULLWIDTH DIGIT ONE) at position 3; "
            "expected ASCII only: an OCHA governorate P-code: the country's two-letter ISO "
            "code, then digits or capital letters (like SY01)",
        ),
    ),
    Case(
        "geography_with_cyrillic_dze",
        edit("figures", "figure_id", "vop-p2-1114", geography="IRQ+\u0405YR"),
        (
            f"{F}, row {{row}}, column \"geography\": 'IRQ+\u0405YR' contains the non-ASCII "
            "character '\u0405' (U+0405 CYRILLIC CAPITAL LETTER DZE) at position 5; "
            "expected ASCII only: ISO 3166 three-letter country codes joined by + (like IRQ+SYR)",
        ),
    ),
    Case(
        "report_id_of_250_characters",
        edit("reports", "report_id", "vop-article", report_id="zz-test-" + "x" * 242),
        (f'{R}, row {{row}}, column "report_id": the value is 250 characters long; {LONG_ID}',),
    ),
    Case(
        "figure_id_of_65_characters",
        edit("figures", "figure_id", "vop-p2-1114", figure_id="zz-test-" + "x" * 57),
        (f'{F}, row {{row}}, column "figure_id": the value is 65 characters long; {LONG_ID}',),
    ),
    Case(
        "carrier_reference_of_65_characters",
        edit("figures", "figure_id", "vop-p2-1114", carried_by="zz-test-" + "x" * 57),
        (f'{F}, row {{row}}, column "carried_by": the value is 65 characters long; {LONG_ID}',),
    ),
    Case(
        "series_of_65_characters",
        edit("figures", "figure_id", "vop-p2-1114", series="zz-test-" + "x" * 57),
        (f'{F}, row {{row}}, column "series": the value is 65 characters long; {LONG_ID}',),
    ),
]


def table_replaced_by(make):
    """The figures table replaced by what make(path) puts there (a link, a pipe)."""

    def change(copy):
        path = copy.path("figures")
        path.unlink()
        make(path)

    return change


def schema_path(name: str, new_path: str):
    def change(copy):
        dp = copy.root / "datapackage.json"
        pkg = json.loads(dp.read_text(encoding="utf-8"))
        next(r for r in pkg["resources"] if r["name"] == name)["path"] = new_path
        dp.write_text(json.dumps(pkg, indent=2), encoding="utf-8")

    return change


def schema_edited(name: str, fn):
    """The Table Schema of resource `name` in datapackage.json changed by fn(schema)."""

    def change(copy):
        dp = copy.root / "datapackage.json"
        pkg = json.loads(dp.read_text(encoding="utf-8"))
        fn(next(r for r in pkg["resources"] if r["name"] == name)["schema"])
        dp.write_text(json.dumps(pkg, indent=2), encoding="utf-8")

    return change


def set_key(key, value):
    return lambda table_schema: table_schema.__setitem__(key, value)


def first_field(**constraints):
    return lambda table_schema: (
        table_schema["fields"][0].setdefault("constraints", {}).update(constraints)
    )


def _first_key_to(table_schema: dict, resource: str) -> None:
    """The table's first foreign key to another resource made to name `resource` instead."""
    next(fk for fk in table_schema["foreignKeys"] if fk["reference"]["resource"])["reference"][
        "resource"
    ] = resource


def _latin_1_byte(copy) -> dict:
    """An é written in Latin-1 into datapackage.json (its first closing brace's place)."""
    path = copy.root / "datapackage.json"
    data = path.read_bytes()
    at = data.index(b"}")
    path.write_bytes(data[:at] + "é".encode("latin-1") + data[at:])
    return {"offset": f"{at:,}"}


def _without_resource(copy, name: str) -> None:
    """datapackage.json without the resource `name`."""
    path = copy.root / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    package["resources"] = [r for r in package["resources"] if r["name"] != name]
    path.write_text(json.dumps(package, indent=2), encoding="utf-8")


def datapackage_text(text: str):
    def change(copy):
        (copy.root / "datapackage.json").write_text(text, encoding="utf-8")

    return change


def datapackage_replaced_by(make):
    """datapackage.json replaced by what make(path) puts there (a pipe, a link to a device)."""

    def change(copy):
        path = copy.root / "datapackage.json"
        path.unlink()
        make(path)

    return change


def datapackage_as_link(copy):
    dp = copy.root / "datapackage.json"
    real = copy.root / "schema-elsewhere.json"
    dp.rename(real)
    dp.symlink_to(real)


OUTSIDE_TABLES = [
    Case(
        "table_is_a_symlink_to_a_system_file",
        table_replaced_by(lambda p: p.symlink_to("/etc/passwd")),
        (
            f"{F}: the file is a symbolic link or lies outside the data folder; expected the table "
            "itself, a regular file "
            "inside data/: put the file there instead of the link",
        ),
    ),
    Case(
        "table_is_a_symlink_inside_data",
        table_replaced_by(lambda p: p.symlink_to(p.parent / "metrics.csv")),
        (
            f"{F}: the file is a symbolic link or lies outside the data folder; expected the table "
            "itself, a regular file "
            "inside data/: put the file there instead of the link",
        ),
    ),
    Case(
        "table_is_a_fifo",
        table_replaced_by(os.mkfifo),
        (f"{F}: not a regular file (a folder, pipe or device); expected a CSV file",),
    ),
    Case(
        "schema_points_a_table_outside_the_data",
        schema_path("metrics", "../../../../etc/passwd"),
        (
            "datapackage.json: the resource 'metrics' has the path '../../../../etc/passwd'; "
            "expected a CSV file inside data/ "
            "(like data/curated/figures.csv): nothing outside the data folder is read",
        ),
    ),
    Case(
        "schema_points_a_table_at_an_absolute_path",
        schema_path("figures", "/etc/passwd"),
        (
            "datapackage.json: the resource 'figures' has the path '/etc/passwd'; expected a CSV "
            "file inside data/ "
            "(like data/curated/figures.csv): nothing outside the data folder is read",
        ),
    ),
    Case(
        "schema_path_climbs_out_of_data",
        schema_path("figures", "data/../../figures.csv"),
        (
            "datapackage.json: the resource 'figures' has the path 'data/../../figures.csv'; "
            "expected a CSV file inside data/ "
            "(like data/curated/figures.csv): nothing outside the data folder is read",
        ),
    ),
    Case(
        "datapackage_json_is_a_symlink",
        datapackage_as_link,
        (
            "datapackage.json: the file is a symbolic link; expected the schema itself, a regular "
            "JSON file (never a link to another file)",
        ),
    ),
    # a schema the readers could not use: one line, never an unexpected error (exit 70)
    Case(
        "schema_fields_not_a_list",
        schema_edited("figures", set_key("fields", 5)),
        ('datapackage.json: the resource \'figures\' has no "schema" object with a "fields" list',),
    ),
    Case(
        "schema_field_not_an_object",
        schema_edited("figures", lambda table_schema: table_schema["fields"].__setitem__(0, 7)),
        (
            "datapackage.json: the resource 'figures' has a field that is not an object with a "
            "text name",
        ),
    ),
    Case(
        "schema_pattern_not_a_regular_expression",
        schema_edited("figures", first_field(pattern="([")),
        (
            "datapackage.json: the resource 'figures' has a field 'figure_id' whose pattern '([' "
            "is not a regular expression",
        ),
    ),
    Case(
        "schema_enum_not_a_list",
        schema_edited("figures", first_field(enum=5)),
        (
            "datapackage.json: the resource 'figures' has a field 'figure_id' whose enum is not "
            "a list",
        ),
    ),
    Case(
        "schema_max_length_as_text",
        schema_edited("figures", first_field(maxLength="64")),
        (
            "datapackage.json: the resource 'figures' has a field 'figure_id' whose maxLength is "
            "not a whole number",
        ),
    ),
    Case(
        "schema_enum_of_numbers_for_text",
        schema_edited("figures", first_field(enum=[1, 2])),
        (
            "datapackage.json: the resource 'figures' has a field 'figure_id' whose enum lists "
            "something other than text",
        ),
    ),
    Case(
        "schema_required_not_true_or_false",
        schema_edited("figures", first_field(required="yes")),
        (
            "datapackage.json: the resource 'figures' has a field 'figure_id' whose required is "
            "not true or false",
        ),
    ),
    Case(
        "schema_foreign_key_without_reference",
        schema_edited("figures", set_key("foreignKeys", [{"fields": "report_id"}])),
        (
            "datapackage.json: the resource 'figures' has a foreignKeys entry without its fields "
            "and reference",
        ),
    ),
    # faults a tester derived from the schema: each passed in silence, or was exit 70
    Case(
        "datapackage_json_in_latin_1",
        lambda copy: _latin_1_byte(copy),
        (
            "datapackage.json: not UTF-8 text (byte 0xe9 at offset {offset}); save the file as "
            "UTF-8",
        ),
    ),
    Case(
        "schema_field_type_unknown",
        schema_edited(
            "figures", lambda table_schema: table_schema["fields"][0].update(type="numbr")
        ),
        (
            "datapackage.json: the resource 'figures' has a field 'figure_id' whose type 'numbr' "
            "is not one the readers type (string, integer, number, boolean, date)",
        ),
    ),
    Case(
        "schema_maximum_not_a_number",
        schema_edited("figures", first_field(maximum=float("nan"))),
        (
            "datapackage.json: the resource 'figures' has a field 'figure_id' whose maximum is not "
            "a number",
        ),
    ),
    Case(
        "schema_primary_key_names_no_field",
        schema_edited("figures", set_key("primaryKey", ["nope"])),
        (
            "datapackage.json: the resource 'figures' has a primaryKey naming 'nope', which is not "
            "its field",
        ),
    ),
    Case(
        "schema_foreign_key_to_no_resource",
        schema_edited("figures", lambda table_schema: _first_key_to(table_schema, "metricz")),
        (
            "datapackage.json: the resource 'figures' has a foreign key to the resource "
            "'metricz', which the package does not have",
        ),
    ),
    Case(
        "schema_without_a_table_the_helpers_read",
        lambda copy: _without_resource(copy, "units"),
        (
            "datapackage.json: has no resource 'units'; the helpers read it (only carriers and "
            "supplements may be left out)",
        ),
    ),
    Case(
        "datapackage_json_nested_too_deeply",
        datapackage_text("[" * 100_000 + "]" * 100_000),
        ("datapackage.json: nested too deeply to be a data package; expected its schema",),
    ),
    Case(
        # opened to be hashed before it is checked, it used to stop the build for good
        "datapackage_json_is_a_fifo",
        datapackage_replaced_by(os.mkfifo),
        (
            "datapackage.json: the file is a named pipe (FIFO); expected the schema itself, a "
            "regular JSON file (never a link to another file)",
        ),
    ),
    Case(
        # read through, it used to fill the memory
        "datapackage_json_is_a_link_to_a_device",
        datapackage_replaced_by(lambda p: p.symlink_to("/dev/zero")),
        (
            "datapackage.json: the file is a symbolic link; expected the schema itself, a regular "
            "JSON file (never a link to another file)",
        ),
    ),
]
REJECTED += OUTSIDE_TABLES

BY_ID = {c.id: c for c in REJECTED}
# what the build prints before the problems (runner._build)
# the reports folder named by its own name: these tests build into reports-out/
REFUSED = "The curated data has problems; no report was run and reports-out/ is unchanged:"
assert len(BY_ID) == len(REJECTED)


def _tree(folder) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("case", REJECTED, ids=[c.id for c in REJECTED])
def test_bad_input_is_refused_with_exact_lines_and_the_build_leaves_reports_untouched(
    case, data_copy, tmp_path, monkeypatch
):
    """The build loads the data with load.load_package, as a notebook does, and prints its header
    and then every problem of the DataError it raised, one to a line: the whole of what it prints
    is compared, so the problems are exactly the expected ones, in order."""
    expected = case.lines(case.change(data_copy))
    reports = tmp_path / "reports-out"
    (reports / "figures").mkdir(parents=True)
    (reports / "index.html").write_text("<p>sentinel index</p>\n")
    (reports / "report-vop-article.html").write_bytes(b"sentinel \xe2\x9c\x93")
    (reports / "figures" / "vop-article__chart.csv").write_text("a,b\n1,2\n")
    before = _tree(reports)
    logged: list[str] = []
    monkeypatch.setenv(paths.DATA_ROOT_ENV, str(data_copy.root))
    code = runner.build(
        reports_dir=reports, log=lambda *args, **kw: logged.append(" ".join(map(str, args)))
    )
    assert code == 2
    assert _tree(reports) == before
    assert logged == [REFUSED, *(f"  {line}" for line in expected)]


# ---- the command line, as a user runs it (three at once: a process costs about a second) ---------

CLI_CASES = [
    "value_not_a_number",
    "not_utf8",
    "datapackage_json_invalid",
    "raw_link_to_etc_passwd",
    "report_id_with_cyrillic_a",
]


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory):
    started = {}
    for cid in CLI_CASES:
        copy = DataCopy(tmp_path_factory.mktemp(cid))
        expected = BY_ID[cid].lines(BY_ID[cid].change(copy))
        proc = subprocess.Popen(
            [sys.executable, "-m", "helpers", "validate"],  # this run's Python, not always .venv's
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=paths.ROOT,
            env={paths.DATA_ROOT_ENV: str(copy.root), "PATH": ""},
        )
        started[cid] = (proc, expected)
    return {
        cid: (*proc.communicate(timeout=120), proc.returncode, expected)
        for cid, (proc, expected) in started.items()
    }


@pytest.mark.parametrize("cid", CLI_CASES)
def test_cli_validate_exits_2_and_prints_the_problem_first(cli_runs, cid):
    stdout, stderr, code, expected = cli_runs[cid]
    assert code == 2 and stdout == ""
    assert stderr.splitlines() == expected


# ---- safe repairs: accepted, and the values are the clean data's ---------------------------------


def _bom(copy):
    path = copy.path("metrics")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return ["metrics"]


def _crlf(copy):
    for name in ("figures", "metrics"):
        path = copy.path(name)
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    return ["figures", "metrics"]


def _spaces(copy):
    rows = [{f" {k} ": f"  {v}\t" if v else v for k, v in r.items()} for r in copy.rows("figures")]
    copy.write("figures", rows, fieldnames=[f" {k} " for k in FIGURE_FIELDS])
    return ["figures"]


def _column_order(copy):
    copy.write("figures", copy.rows("figures"), fieldnames=list(reversed(FIGURE_FIELDS)))
    return ["figures"]


def _empty_lines_at_end(copy):
    path = copy.path("governorates")
    path.write_bytes(path.read_bytes() + b"\n\n\r\n")
    return ["governorates"]


REPAIRS = {
    "byte_order_mark": _bom,
    "crlf_line_ends": _crlf,
    "spaces_around_values_and_names": _spaces,
    "columns_in_another_order": _column_order,
    "empty_lines_at_the_end": _empty_lines_at_end,
}


@pytest.mark.parametrize("repair", REPAIRS)
def test_safe_repairs_load_to_the_clean_tables(repair, data_copy, pkg):
    changed = REPAIRS[repair](data_copy)
    assert (
        data_copy.path(changed[0]).read_bytes()
        != (paths.ROOT / schema.resource(changed[0])["path"]).read_bytes()
    )
    repaired = load.load_package(data_copy.root)
    for name in pkg.tables:
        pd.testing.assert_frame_equal(repaired.tables[name], pkg.tables[name])
    assert repaired.figures.set_index("figure_id").loc["vop-p2-1114", "value"] == 1114
    assert repaired.metrics["metric"].iloc[0] == "civilians_killed"


# ---- what looks odd but is right: accepted -------------------------------------------------------


def _latin1_report(copy):
    """A held document in ISO-8859-1, declared so, with a report and a figure quoting its accented
    words."""
    add_document("zz-test-latin1.txt", content(LATIN1), "text/plain; charset=iso-8859-1")(copy)
    copy.append(
        "reports",
        **dict(
            copy.rows("reports")[0],
            report_id="zz-test-report",
            document_id="zz-test-doc",
            published="2018-10",
            period_start="2018-09",
            period_end="2018-10-01",
            geography="SYR",
        ),
    )
    copy.append(
        "figures",
        **dict(
            copy.rows("figures")[0],
            figure_id="zz-test-figure",
            report_id="zz-test-report",
            carried_by="zz-test-report",
            quote="Le café a fermé: 12 civils tués.",
            value="12",
            value_as_written="12",
            period_start="",
            period_end="",
            period_as_written="",
            geography="SYR",
            series="",
        ),
    )
    return lambda pkg: "Le café a fermé: 12 civils tués." in pkg.texts["zz-test-doc"]


def _dotfile(copy):
    (copy.root / "data" / "raw" / ".gitkeep").write_bytes(b"")
    return lambda pkg: len(pkg.documents) == 1


def _day_after_publication(copy):
    copy.edit(
        "reports", "report_id", "cjtf-oir-2018-05-31", period_end="2018-06-01"
    )  # published 2018-05-31: a day's grace
    copy.edit(
        "figures", "figure_id", "vop-p9-861", period_start="2018-10-01"
    )  # snhr-2018-09, published in September 2018
    return lambda pkg: "2018-06-01" in set(pkg.reports["period_end"])


def _dates_at_the_bounds(copy):
    copy.edit("figures", "figure_id", "sputnikfr-20171228-civ", confirmed_on=str(periods.latest()))
    copy.edit("figures", "figure_id", "vop-p4-1069", period_start="1900")
    return lambda pkg: "1900" in set(pkg.figures["period_start"])


def _whole_number_before_its_word(copy):
    copy.edit(
        "figures", "figure_id", "vop-p4-1069", quote="this number was 1,069", period_as_written=""
    )  # ends on the whole number
    return lambda pkg: "this number was 1,069" in set(pkg.figures["quote"])


def _web_address_in_arabic(copy):
    copy.edit(
        "reports", "report_id", "horrya-76151", url="https://horrya.net/archives/تقرير"
    )  # a web address may hold any script
    return lambda pkg: pkg.reports["url"].str.endswith("تقرير").any()


ACCEPTED = {
    "document_in_iso_8859_1_declared_so": _latin1_report,
    "hidden_file_in_data_raw": _dotfile,
    "period_ends_the_day_after_publication": _day_after_publication,
    "dates_at_1900_and_tomorrow": _dates_at_the_bounds,
    "quote_ends_on_a_whole_number": _whole_number_before_its_word,
    "web_address_in_arabic": _web_address_in_arabic,
}


@pytest.mark.parametrize("case", ACCEPTED)
def test_what_is_odd_but_right_loads(case, data_copy):
    holds = ACCEPTED[case](data_copy)
    assert holds(load.load_package(data_copy.root))


def test_a_planted_link_is_never_opened(data_copy, tmp_path, monkeypatch):
    """A link in data/raw/ to a file elsewhere: loading refuses it without opening or hashing its
    target."""
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the build to read\n")
    add_document("zz-test-secret.txt", lambda p: p.symlink_to(secret))(data_copy)
    opened = []
    real_os_open, real_io_open = os.open, io.open

    def os_open(path, *args, **kw):
        opened.append(os.path.realpath(path))
        return real_os_open(path, *args, **kw)

    def io_open(file, *args, **kw):
        if isinstance(file, (str, bytes, os.PathLike)):
            opened.append(os.path.realpath(file))
        return real_io_open(file, *args, **kw)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(io, "open", io_open)
    with pytest.raises(DataError) as exc:
        load.load_package(data_copy.root)
    assert [p.column for p in exc.value.problems] == ["path"]
    assert opened and str(secret.resolve()) not in opened


def test_group_problems_name_each_figure_whose_group_is_not_declared():
    """rowrules.group_problems on its own: a figure whose dimension is declared but whose group is
    not (for that dimension) is named by file, row and column, once per figure; no breakdown, a
    declared group, and a dimension not declared at all (breakdown_problems' line) are not."""
    import polars as pl

    from helpers.data import rowrules

    figures = pl.DataFrame(
        {
            "figure_id": [f"zz-test-{k}" for k in range(6)],
            "breakdown": [
                None,
                f"{ZZ_DIMENSION}:zz-test-one",
                f"{ZZ_DIMENSION}:zz-test-two",
                "zz_test_undeclared:zz-test-one",
                f"{ZZ_DIMENSION}:zz-test-two",
                "zz_test_other:zz-test-one",  # the group is declared, for another dimension
            ],
        }
    )
    dimensions = pl.DataFrame({"dimension": [ZZ_DIMENSION, "zz_test_other"]})
    groups = pl.DataFrame({"dimension": [ZZ_DIMENSION], "group": ["zz-test-one"]})
    problems = rowrules.group_problems(figures, dimensions, groups)
    assert [(p.file, p.row, p.column) for p in problems] == [
        (F, 4, "breakdown"),
        (F, 6, "breakdown"),
        (F, 7, "breakdown"),
    ]
    assert problems[0].message == (
        f"the group 'zz-test-two' of the dimension '{ZZ_DIMENSION}' {UNDECLARED_GROUP}"
    )
    assert rowrules.group_problems(figures.head(3), dimensions, groups)[0].row == 4
    assert rowrules.group_problems(figures.head(2), dimensions, groups) == []


def test_a_data_root_that_is_a_file_is_one_line(tmp_path, monkeypatch, capsys):
    """$CIVCAS_DATA_ROOT naming a file was an unexpected error (NotADirectoryError, exit 70)."""
    from helpers.build import cli

    a_file = tmp_path / "not-a-folder.txt"
    a_file.write_text("x")
    monkeypatch.setenv(paths.DATA_ROOT_ENV, str(a_file))
    assert cli.main(["validate"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line == (
        f"datapackage.json: {a_file} is not a folder; expected the folder holding datapackage.json "
        f"and data/ (${paths.DATA_ROOT_ENV} names it)"
    )


@pytest.mark.parametrize(
    ("value", "said"),
    [("zz\nroot", "holds a control character"), ("z" * 6000, "cannot be used: File name too long")],
)
@pytest.mark.parametrize(
    "argv", [["validate"], ["dictionary"], ["build", "--only", "overview", "--reports-dir", "OUT"]]
)
def test_a_data_root_that_names_no_usable_folder_is_one_line(
    tmp_path, monkeypatch, capsys, value, said, argv
):
    """$CIVCAS_DATA_ROOT with a line break in it gave two lines, and a name too long for the file
    system an unexpected error (exit 70); every command says so in one line, exit 2."""
    from helpers.build import cli

    monkeypatch.setenv(paths.DATA_ROOT_ENV, value)
    before = (paths.ROOT / "docs" / "data-dictionary.md").read_bytes()
    argv = [str(tmp_path / "out") if a == "OUT" else a for a in argv]
    assert cli.main(argv) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"${paths.DATA_ROOT_ENV}: ") and said in line, line
    assert (paths.ROOT / "docs" / "data-dictionary.md").read_bytes() == before
    assert not (tmp_path / "out").exists()


def test_two_resources_of_one_name_are_one_line(data_copy, monkeypatch, capsys):
    """A second copy of a resource in datapackage.json was accepted (the second would stand for
    the first without a word)."""
    import json

    from helpers.build import cli

    described = json.loads((data_copy.root / "datapackage.json").read_text(encoding="utf-8"))
    described["resources"].append(dict(described["resources"][3]))
    (data_copy.root / "datapackage.json").write_text(json.dumps(described), encoding="utf-8")
    monkeypatch.setenv(paths.DATA_ROOT_ENV, str(data_copy.root))
    assert cli.main(["validate"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    name = described["resources"][3]["name"]
    assert line == (
        f"datapackage.json: two resources have the name {name!r}; expected each table "
        "described once"
    )


@pytest.mark.parametrize("inside", ["", "data", "data/raw"])
def test_the_reports_folder_is_never_the_data_root_or_inside_its_data(
    data_copy, monkeypatch, capsys, inside
):
    """--reports-dir naming the data the build reads ($CIVCAS_DATA_ROOT's data/raw) was accepted:
    the build wrote its pages into the immutable raw folder and broke the package."""
    from helpers.build import cli

    monkeypatch.setenv(paths.DATA_ROOT_ENV, str(data_copy.root))
    raw = sorted(p.name for p in (data_copy.root / "data" / "raw").iterdir())
    with pytest.raises(SystemExit) as stopped:
        cli.main(["build", "--only", "overview", "--reports-dir", str(data_copy.root / inside)])
    assert stopped.value.code == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "is the data root ($CIVCAS_DATA_ROOT), a folder around it or inside its data/" in line
    assert sorted(p.name for p in (data_copy.root / "data" / "raw").iterdir()) == raw


def test_an_hxl_tag_is_checked_whatever_the_schema_allows(data_copy, monkeypatch, capsys):
    """With the schema's pattern for hxl taken out, a tag such as =HYPERLINK(…) went into the
    exports' tag row (no formula guard) or made the build refuse a file name (exit 4, blaming the
    folder): the tag is refused at its row and column, and the tag row is guarded anyway."""
    import json

    from helpers.build import cli
    from helpers.present import exports

    described = json.loads((data_copy.root / "datapackage.json").read_text(encoding="utf-8"))
    metrics = next(r for r in described["resources"] if r["name"] == "metrics")
    hxl = next(f for f in metrics["schema"]["fields"] if f["name"] == "hxl")
    hxl["constraints"].pop("pattern", None)
    (data_copy.root / "datapackage.json").write_text(json.dumps(described), encoding="utf-8")
    data_copy.edit("metrics", "metric", "civilians_killed", hxl='=HYPERLINK("http://x","y")')
    monkeypatch.setenv(paths.DATA_ROOT_ENV, str(data_copy.root))
    assert cli.main(["validate"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith('data/curated/metrics.csv, row 2, column "hxl": ')
    import polars as pl

    tag_row = exports.tagged_csv(pl.DataFrame({"count": [1]}), ["=1+2"]).splitlines()[1]
    assert not tag_row.startswith(("=", "+", "-", "@")), tag_row


def test_a_world_atlas_of_another_shape_is_one_line():
    """A tarball that provenance accepts but whose member is a folder, or whose topology lacks the
    country, was an unexpected error (AttributeError, StopIteration: exit 70); now ValueError, which
    the reference command says in one line with exit 2."""
    import tarfile

    from helpers.data import geography

    packed = io.BytesIO()
    with tarfile.open(fileobj=packed, mode="w:gz") as tar:
        folder = tarfile.TarInfo("package/countries-50m.json")
        folder.type = tarfile.DIRTYPE
        tar.addfile(folder)
    tarball = packed.getvalue()
    provenance = {
        "source": {
            "integrity": geography.integrity(tarball),
            "file": "package/countries-50m.json",
            "package": "world-atlas",
            "version": "0",
            "object": "countries",
            "id": "760",
            "citation": "test",
        },
        "derivation": {"fetch": "npm pack"},
    }
    with pytest.raises(ValueError, match="is not a regular file"):
        geography.packed_member(tarball, provenance)
    topology = json.dumps({"objects": {"countries": {"geometries": [{"id": "368"}]}}})
    with pytest.raises(ValueError, match="has no geometry of id 760"):
        geography.outline_geojson(topology.encode(), provenance)
