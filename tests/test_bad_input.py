"""Bad input: a corpus of broken copies of the data, each with the exact lines a user is shown.

Every case breaks a copy of the data in one small way (a CSV edit, raw bytes, a registry row, the schema)
and names the exact problem lines: file, row (the header is row 1), column, what was found and what was
expected. For each case, loading raises DataError with exactly those lines, and a build with that data
exits 2 before running any notebook, logs the same lines and leaves the reports folder byte-identical.
A few cases also run the real command line. Safe repairs (byte-order mark, CRLF, spaces, column order,
empty lines at the end) load to the same tables as the clean data."""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from typing import Callable

import pandas as pd
import pytest

from conftest import DataCopy
from helpers import load, paths, provenance, runner, schema
from helpers.errors import DataError

F = "data/curated/figures.csv"
R = "data/curated/reports.csv"
D = "data/raw/documents.csv"
FIGURE_FIELDS = schema.field_names("figures")
FIGURE_COLUMNS = ",".join(FIGURE_FIELDS)
METRIC_COLUMNS = ",".join(schema.field_names("metrics"))
N = len(FIGURE_FIELDS)
WHOLE = "expected a whole number written with the digits 0-9 only (no thousands separators, no spaces), got"
ARTICLE = "data/raw/vop-today-news_coalition-civilian-deaths.txt"


@dataclass(frozen=True)
class Case:
    id: str
    change: Callable[[DataCopy], dict | None]  # breaks the copy; returns values for the {placeholders}
    expected: tuple[str, ...]

    def lines(self, fields: dict | None) -> list[str]:
        out = []
        for line in self.expected:  # str.replace, not str.format: messages hold regex braces like {64}
            for k, v in (fields or {}).items():
                line = line.replace("{" + k + "}", str(v))
            out.append(line)
        return out


# ---- ways to break a copy ---------------------------------------------------------------------------

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
    copy.write("figures", copy.rows("figures"), fieldnames=[c for c in FIGURE_FIELDS if c != "qualifier"])


def add_column(copy):
    copy.write("figures", copy.rows("figures"), fieldnames=FIGURE_FIELDS + ["extra"])


def remove_report(copy):
    figures = copy.rows("figures")
    rows = [k + 2 for k, r in enumerate(figures) if r["report_id"] == "snhr-2018-09"]
    assert len(rows) > 5
    copy.write("reports", [r for r in copy.rows("reports") if r["report_id"] != "snhr-2018-09"])
    return {f"r{k}": row for k, row in enumerate(rows[:5])} | {"more": len(rows) - 5}


def latin1_byte(copy):
    row = row_of(copy, "figures", "figure_id", "vop-p2-1114")
    path = copy.path("figures")
    data = path.read_bytes().replace(b"paragraph 2,", b"paragraph 2 (caf\xe9),", 1)
    path.write_bytes(data)
    return {"row": row, "offset": f"{data.index(b'paragraph 2 (caf') + 16:,}"}


def unclosed_quote(copy):
    row = len(copy.rows("figures")) + 2
    path = copy.path("figures")
    path.write_text(path.read_text(encoding="utf-8") + 'vop-p12-1,vop-article,vop-article,"paragraph 12\n', encoding="utf-8")
    return {"row": row}


def boolean_column(copy):
    """A schema change: governorates gain a true/false column, and one cell says yes."""
    dp = copy.root / "datapackage.json"
    pkg = json.loads(dp.read_text(encoding="utf-8"))
    res = next(r for r in pkg["resources"] if r["name"] == "governorates")
    res["schema"]["fields"].append({"name": "coastal", "type": "boolean"})
    dp.write_text(json.dumps(pkg, indent=2), encoding="utf-8")
    rows = [dict(r, coastal="true" if r["pcode"] in ("SY06", "SY10") else "false") for r in copy.rows("governorates")]
    rows[1]["coastal"] = "yes"
    copy.write("governorates", rows)


def edit_raw_file(copy):
    raw = copy.root / ARTICLE
    raw.write_bytes(raw.read_bytes().replace(b"1,069", b"1,061"))
    return {"sha": provenance.sha256(raw), "recorded": copy.rows("documents")[0]["sha256"]}


def break_datapackage_json(copy):
    dp = copy.root / "datapackage.json"
    dp.write_text(dp.read_text(encoding="utf-8").replace('"civcas-notebooks",', '"civcas-notebooks"', 1), encoding="utf-8")


def remove_datapackage_json(copy):
    (copy.root / "datapackage.json").unlink()
    return {"root": copy.root.resolve()}


# ---- the corpus -----------------------------------------------------------------------------------------

REJECTED = [
    # numbers
    Case("value_not_a_number", edit("figures", "figure_id", "vop-p2-1114", value="1,1l4"),
         (f"{F}, row {{row}}, column \"value\": {WHOLE} '1,1l4'",)),
    Case("value_with_thousands_separator", edit("figures", "figure_id", "vop-p2-1114", value="1,114"),
         (f"{F}, row {{row}}, column \"value\": {WHOLE} '1,114'",)),
    Case("value_with_inner_space", edit("figures", "figure_id", "vop-p2-1114", value="1 114"),
         (f"{F}, row {{row}}, column \"value\": {WHOLE} '1 114'",)),
    Case("value_with_decimal_point", edit("figures", "figure_id", "vop-p2-1114", value="1114.0"),
         (f"{F}, row {{row}}, column \"value\": {WHOLE} '1114.0'",)),
    Case("value_in_arabic_indic_digits", edit("figures", "figure_id", "vop-p2-1114", value="١١١٤"),
         (f"{F}, row {{row}}, column \"value\": {WHOLE} '١١١٤'",)),
    Case("value_negative", edit("figures", "figure_id", "vop-p2-1114", value="-5"),
         (f'{F}, row {{row}}, column "value": expected at least 0, got -5',)),
    Case("value_absurd", edit("figures", "figure_id", "vop-p2-1114", value="99999999"),
         (f'{F}, row {{row}}, column "value": expected at most 10,000,000, got 99999999; check for an extra digit',)),
    Case("value_beyond_64_bits", edit("figures", "figure_id", "vop-p2-1114", value="99999999999999999999", value_as_written=""),
         (f'{F}, row {{row}}, column "value": \'99999999999999999999\' is too large to be stored; expected at most 9,223,372,036,854,775,807: check for extra digits',)),
    Case("low_negative", edit("figures", "figure_id", "vop-p2-1114", value="", qualifier="between", low="-1", high="1114"),
         (f'{F}, row {{row}}, column "low": expected at least 0, got -1',)),
    # columns and cells
    Case("missing_column", drop_column,
         (f'{F}, row 1, column "qualifier": missing column; the header must have: {FIGURE_COLUMNS}',)),
    Case("extra_column", add_column,
         (f'{F}, row 1, column "extra": unexpected column (a typo, or a column the schema does not define); expected only: {FIGURE_COLUMNS}',)),
    Case("repeated_column", on_header("figures", lambda line: line.replace(",notes", ",value")),
         (f'{F}, row 1, column "notes": missing column; the header must have: {FIGURE_COLUMNS}',
          f'{F}, row 1, column "value": this column is in the header twice (cells {FIGURE_FIELDS.index("value") + 1} and {N}); expected each column once')),
    Case("empty_header_cell", on_header("metrics", lambda line: line + ","),
         (f"data/curated/metrics.csv, row 1: header cell 7 is empty (a stray comma?); expected only: {METRIC_COLUMNS}",)),
    Case("row_with_too_many_cells", on_row("vop-p1-1144", lambda line: line + ",x"),
         (f"{F}, row {{row}}: this row has {N + 1} cells but the header has {N} columns; expected one cell per column: quote any value that contains a comma",)),
    # every row of metrics.csv has its last cell filled: an extra cell was once dropped without a word there
    Case("row_with_too_many_cells_where_no_cell_is_empty", lines_edit("metrics", lambda copy, lines: lines.__setitem__(1, lines[1] + ",x")),
         (f"data/curated/metrics.csv, row 2: this row has {len(schema.field_names('metrics')) + 1} cells but the header has "
          f"{len(schema.field_names('metrics'))} columns; expected one cell per column: quote any value that contains a comma",)),
    Case("row_with_too_few_cells", on_row("vop-p1-1144", lambda line: line.removesuffix(",")),
         (f"{F}, row {{row}}: this row has {N - 1} cells but the header has {N} columns; expected one cell per column (an empty value still needs its comma)",)),
    Case("empty_row_between_rows", on_row("vop-p2-1114", lambda line: "\n" + line),
         (f"{F}, row {{row}}: an empty row; expected a row of data on every line up to the last: delete the empty row",)),
    Case("unclosed_quote", unclosed_quote,
         (f'{F}, row {{row}}: a quoted value that starts in this row is never closed; expected a closing double quote (a quote mark inside a value is written twice: "")',)),
    # whole files
    Case("empty_file", write_bytes("figures", b""),
         (f"{F}, row 1: the file is empty; it needs a header row: {FIGURE_COLUMNS}",)),
    Case("whitespace_only_file", write_bytes("figures", b" \n\t\n  \r\n"),
         (f"{F}, row 1: the file is empty; it needs a header row: {FIGURE_COLUMNS}",)),
    Case("header_only_file", write_bytes("figures", FIGURE_COLUMNS.encode() + b"\n"),
         (f"{F}, row 2: the file has a header but no rows; expected at least one row of data",)),
    Case("empty_first_row", write_bytes("metrics", b"\n", prefix=True),
         (f"data/curated/metrics.csv, row 1: the first row is empty; expected the header row: {METRIC_COLUMNS}",)),
    Case("table_file_missing", lambda c: c.path("figures").unlink(),
         (f"{F}: the file is missing; expected a CSV file with the header row: {FIGURE_COLUMNS}",)),
    Case("not_utf8", latin1_byte,
         (f"{F}, row {{row}}: not UTF-8 text (byte 0xe9 at offset {{offset}}); save the file as UTF-8",)),
    Case("control_character", edit("figures", "figure_id", "vop-p2-1114", locator="paragraph\x00 2"),
         (f'{F}, row {{row}}, column "locator": contains the invisible control character U+0000; expected plain text: delete it',)),
    Case("huge_field", edit("figures", "figure_id", "vop-p2-1114", quote="x" * 1_000_000),
         (f'{F}, row {{row}}, column "quote": the value is 1,000,000 characters long; expected at most 5,000 (a paste that ran on?)',)),
    # keys and references
    Case("duplicate_figure_id", duplicate_key("figures", "figure_id", "vop-p2-1114", "vop-p7-28562"),
         (f"{F}, row {{row}}, column \"figure_id\": 'vop-p2-1114' is already used in row {{first}}; values in this column must be unique",)),
    Case("duplicate_report_id", duplicate_key("reports", "report_id", "vop-article", "sputnik-fr-2017-12-28"),
         (f"{R}, row {{row}}, column \"report_id\": 'vop-article' is already used in row {{first}}; values in this column must be unique",)),
    Case("duplicate_pcode", duplicate_key("governorates", "pcode", "SY01", "SY02"),
         ("data/curated/governorates.csv, row {row}, column \"pcode\": 'SY01' is already used in row {first}; values in this column must be unique",)),
    Case("unknown_report_id", edit("figures", "figure_id", "vop-p8-2832", report_id="snhr-2018-9"),
         (f"{F}, row {{row}}, column \"report_id\": 'snhr-2018-9' is not a report_id in {R}",)),
    Case("unknown_pcode", edit("figures", "figure_id", "vop-p10-sy12", governorate_pcode="SY15"),
         (f"{F}, row {{row}}, column \"governorate_pcode\": 'SY15' is not a pcode in data/curated/governorates.csv",)),
    Case("unknown_metric", edit("figures", "figure_id", "vop-p2-1114", metric="civilian_killed"),
         (f"{F}, row {{row}}, column \"metric\": 'civilian_killed' is not a metric in data/curated/metrics.csv",)),
    Case("report_removed_from_registry", remove_report,
         tuple(f"{F}, row {{r{k}}}, column \"report_id\": 'snhr-2018-09' is not a report_id in {R}" for k in range(5))
         + (f'{F}, column "report_id": … and {{more}} more rows with the same problem',)),
    Case("comparison_names_unknown_figure", edit("comparisons", "comparison_id", "snhr-vs-coalition", numerator="vop-p8-2833"),
         ("data/curated/comparisons.csv, row {row}, column \"numerator\": 'vop-p8-2833' is not a figure_id in data/curated/figures.csv",)),
    Case("report_carried_by_itself", edit("reports", "report_id", "sputnik-fr-2017-12-28", carried_by="sputnik-fr-2017-12-28"),
         (f'{R}, row {{row}}, column "carried_by": a report cannot be carried by itself; leave carried_by empty when the report is read directly',)),
    # values against the schema
    Case("bad_enum", edit("figures", "figure_id", "vop-p2-1114", qualifier="atleast"),
         (f"{F}, row {{row}}, column \"qualifier\": expected one of: exact, at_least, at_most, about, between; got 'atleast'",)),
    Case("bad_date", edit("figures", "figure_id", "sputnikfr-20171228-civ", confirmed_on="2018-02-30"),
         (f"{F}, row {{row}}, column \"confirmed_on\": expected a date written YYYY-MM-DD (a real calendar day), got '2018-02-30'",)),
    Case("bad_boolean", boolean_column,
         ("data/curated/governorates.csv, row 3, column \"coastal\": expected true or false, got 'yes'",)),
    Case("bad_pattern", edit("reports", "report_id", "vop-article", report_id="VOP article"),
         (f"{R}, row {{row}}, column \"report_id\": expected lower-case letters, digits and hyphens, no spaces (like snhr-2018-09), got 'VOP article' (the schema's form: ^[a-z0-9][a-z0-9-]*[a-z0-9]$)",)),
    Case("bad_url", edit("reports", "report_id", "vop-article", url="voiceofpeopletoday.com/1114-civilians"),
         (f"{R}, row {{row}}, column \"url\": expected a web address starting http:// or https://, or the word unknown, got 'voiceofpeopletoday.com/1114-civilians' (the schema's form: ^(unknown|https?://\\S+)$)",)),
    Case("bad_sha256_form", edit("documents", "document_id", "vop-article", sha256="abc"),
         (f"{D}, row {{row}}, column \"sha256\": expected a sha256: 64 characters 0-9 and a-f, got 'abc' (the schema's form: ^[0-9a-f]{{64}}$)",)),
    Case("required_value_missing", edit("figures", "figure_id", "vop-p2-1114", locator=""),
         (f'{F}, row {{row}}, column "locator": a value is required here',)),
    # rules within a row
    Case("period_ends_before_it_starts", edit("figures", "figure_id", "vop-p7-28562", period_start="2018-01", period_end="2017-11"),
         (f'{F}, row {{row}}, column "period_end": the period ends (2017-11) before it starts (2018-01)',)),
    Case("period_not_a_real_month", edit("figures", "figure_id", "vop-p2-1114", period_start="2018-13"),
         (f"{F}, row {{row}}, column \"period_start\": '2018-13' is not a real date (YYYY, YYYY-MM or YYYY-MM-DD)",)),
    Case("low_above_high", edit("figures", "figure_id", "vop-p2-1114", value="", qualifier="between", low="1200", high="1100"),
         (f'{F}, row {{row}}, column "low": low (1,200) is above high (1,100); expected low no larger than high',)),
    Case("value_given_for_a_range", edit("figures", "figure_id", "vop-p2-1114", qualifier="between", low="1000", high="1200"),
         (f"{F}, row {{row}}, column \"value\": leave value empty for a range ('between'); give low and high",)),
    Case("value_not_as_printed", edit("figures", "figure_id", "vop-p2-1114", value="1144"),
         (f"{F}, row {{row}}, column \"value\": 1144 does not match the printed '1,114'; expected the same digits as value_as_written",)),
    # sources
    Case("quote_not_in_source", edit("figures", "figure_id", "vop-p4-1069", quote="At the end of August, this number was 1,096 civilians."),
         (f"{F}, row {{row}}, column \"quote\": quote not found word for word in vop-article: 'At the end of August, this number was 1,096 civilians.'; copy it exactly from the raw file",)),
    Case("edited_raw_file", edit_raw_file,
         (f'{D}, row 2, column "sha256": {ARTICLE} has changed: its sha256 is {{sha}}, the record says {{recorded}}. Raw files are never edited; restore it, or add the new version as a new document',)),
    Case("raw_file_missing", edit("documents", "document_id", "vop-article", path="data/raw/vop-article.txt"),
         (f'{D}, row {{row}}, column "path": the raw file data/raw/vop-article.txt does not exist; expected a file at that path (restore it, or correct the path)',)),
    # the schema itself
    Case("datapackage_json_invalid", break_datapackage_json,
         ("datapackage.json: not valid JSON at line 3, character 3: Expecting ',' delimiter; expected the package's Table Schema as a JSON object (check for a missing comma, bracket or quote)",)),
    Case("datapackage_json_missing", remove_datapackage_json,
         ("datapackage.json: the file is missing; expected the package's schema at {root}/datapackage.json",)),
]
BY_ID = {c.id: c for c in REJECTED}
assert len(BY_ID) == len(REJECTED)


def _tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", REJECTED, ids=[c.id for c in REJECTED])
def test_bad_input_is_refused_with_exact_lines_and_the_build_leaves_reports_untouched(case, data_copy, tmp_path, monkeypatch):
    expected = case.lines(case.change(data_copy))
    with pytest.raises(DataError) as exc:
        load.load_package(data_copy.root)
    assert [str(p) for p in exc.value.problems] == expected

    reports = tmp_path / "reports-out"
    (reports / "figures").mkdir(parents=True)
    (reports / "index.html").write_text("<p>sentinel index</p>\n")
    (reports / "report-vop-article.html").write_bytes(b"sentinel \xe2\x9c\x93")
    (reports / "figures" / "vop-article__chart.csv").write_text("a,b\n1,2\n")
    before = _tree(reports)
    logged: list[str] = []
    monkeypatch.setenv(paths.DATA_ROOT_ENV, str(data_copy.root))
    code = runner.build(reports_dir=reports, log=lambda *args, **kw: logged.append(" ".join(map(str, args))))
    assert code == 2
    assert _tree(reports) == before
    shown = [line.strip() for line in logged[: len(expected) + 1]]
    assert shown[-len(expected):] == expected, logged


# ---- the command line, as a user runs it (three at once: a process costs about a second) -------------

CLI_CASES = ["value_not_a_number", "not_utf8", "datapackage_json_invalid"]


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory):
    python = paths.ROOT / ".venv" / "bin" / "python"
    started = {}
    for cid in CLI_CASES:
        copy = DataCopy(tmp_path_factory.mktemp(cid))
        expected = BY_ID[cid].lines(BY_ID[cid].change(copy))
        proc = subprocess.Popen([str(python if python.exists() else sys.executable), "-m", "helpers.cli", "validate"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=paths.ROOT,
                                env={paths.DATA_ROOT_ENV: str(copy.root), "PATH": ""})
        started[cid] = (proc, expected)
    return {cid: (*proc.communicate(timeout=120), proc.returncode, expected) for cid, (proc, expected) in started.items()}


@pytest.mark.parametrize("cid", CLI_CASES)
def test_cli_validate_exits_2_and_prints_the_problem_first(cli_runs, cid):
    stdout, stderr, code, expected = cli_runs[cid]
    assert code == 2 and stdout == ""
    assert stderr.splitlines() == expected


# ---- safe repairs: accepted, and the values are the clean data's ----------------------------------------

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


REPAIRS = {"byte_order_mark": _bom, "crlf_line_ends": _crlf, "spaces_around_values_and_names": _spaces,
           "columns_in_another_order": _column_order, "empty_lines_at_the_end": _empty_lines_at_end}


@pytest.mark.parametrize("repair", REPAIRS)
def test_safe_repairs_load_to_the_clean_tables(repair, data_copy, pkg):
    changed = REPAIRS[repair](data_copy)
    assert data_copy.path(changed[0]).read_bytes() != (paths.ROOT / schema.resource(changed[0])["path"]).read_bytes()
    repaired = load.load_package(data_copy.root)
    for name in pkg.tables:
        pd.testing.assert_frame_equal(repaired.tables[name], pkg.tables[name])
    assert repaired.figures.set_index("figure_id").loc["vop-p2-1114", "value"] == 1114
    assert repaired.metrics["metric"].iloc[0] == "civilians_killed"

